package io.thalamus.retrieval.expert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import io.thalamus.api.embedding.EmbeddingOutput;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.retrieval.RetrievalOutput;
import io.thalamus.api.retrieval.RetrievalParams;
import io.thalamus.api.task.TaskId;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.expert.spi.Expert;
import io.thalamus.retrieval.collection.CollectionKey;
import io.thalamus.retrieval.collection.CollectionsConfig;
import io.thalamus.retrieval.collection.Encoders;
import io.thalamus.retrieval.collection.SearchArguments;
import io.thalamus.retrieval.collection.SearchableCollection;
import io.thalamus.retrieval.collection.TenantCollections;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.index.MetadataFilter;
import io.thalamus.retrieval.ingest.TextChunker;
import io.thalamus.retrieval.corpus.JsonlCorpusReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Retrieval over the expert's own corpus, held in a persisted Lucene index, or over a tenant's collection named in
 * {@code params.collection}: the configured rankers (BM25 and/or embedding models) rank the documents for a query,
 * and several rankings are fused (see docs/retrieval.md). The injected sentence encoder also serves the
 * {@code embedding} task (the vector of a text), one forward pass for all the embedding requests of a batch.
 */
@Startup
@ApplicationScoped
public class RetrievalExpert implements Expert {

    private static final Logger LOG = Logger.getLogger(RetrievalExpert.class);

    private final SentenceEncoder encoder;
    private final RetrievalConfig config;
    private final CollectionsConfig collectionsConfig;
    private final SearchableCollection corpus;
    private final TenantCollections collections;

    public RetrievalExpert(SentenceEncoder encoder, Encoders encoders, RetrievalConfig config,
                           CollectionsConfig collectionsConfig, TenantCollections collections, ObjectMapper mapper) {
        this.encoder = encoder;
        this.config = config;
        this.collectionsConfig = collectionsConfig;
        this.collections = collections;
        this.corpus = SearchableCollection.open(config.indexDir().resolve(config.collection()), config, encoders,
                new TextChunker(collectionsConfig.chunkChars(), collectionsConfig.chunkOverlapChars()));
        try {
            corpus.indexCorpus(config.collection(), readCorpus(new JsonlCorpusReader(mapper, config.maxDocumentChars())));
        } catch (RuntimeException e) {
            corpus.close();
            throw e;
        }
    }

    @Override
    public Object invoke(InvokeRequest request) {
        return invokeBatch(List.of(request)).get(0);
    }

    @Override
    public List<Object> invokeBatch(List<InvokeRequest> requests) {
        List<String> texts = new ArrayList<>(requests.size());
        List<String> toEmbed = new ArrayList<>();
        for (InvokeRequest request : requests) {
            String text = queryOf(request);
            texts.add(text);
            if (TaskId.EMBEDDING.equals(request.task())) {
                toEmbed.add(text);
            }
        }
        Iterator<float[]> vectors = (toEmbed.isEmpty() ? List.<float[]>of() : encoder.embedAll(toEmbed)).iterator();
        List<Object> outputs = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            InvokeRequest request = requests.get(i);
            outputs.add(TaskId.EMBEDDING.equals(request.task())
                    ? EmbeddingOutput.of(vectors.next())
                    : search(request, texts.get(i)));
        }
        return outputs;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @PreDestroy
    void close() {
        corpus.close();
    }

    private RetrievalOutput search(InvokeRequest request, String query) {
        int k = SearchArguments.topK(request.params().get(RetrievalParams.TOP_K), config.defaultTopK(),
                config.maxTopK(), "params." + RetrievalParams.TOP_K);
        MetadataFilter filter = SearchArguments.filter(request.params().get(RetrievalParams.FILTER),
                collectionsConfig.maxFilterKeys(), "params." + RetrievalParams.FILTER);
        Object collection = request.params().get(RetrievalParams.COLLECTION);
        if (collection == null) {
            return corpus.answer(config.collection(), query, filter, k);
        }
        if (request.tenant() == null) {
            throw new ProblemException(Problem.invalid("A collection search needs the tenant",
                    List.of(new FieldError("tenant", "is required with params.collection"))));
        }
        CollectionKey key = new CollectionKey(request.tenant(), collection.toString());
        return collections.collection(key).answer(key.name(), query, filter, k);
    }

    private List<Document> readCorpus(JsonlCorpusReader reader) {
        try (InputStream stream = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(config.corpusResource())) {
            if (stream == null) {
                throw new IllegalStateException("corpus resource '" + config.corpusResource() + "' is not on the classpath");
            }
            JsonlCorpusReader.Result result = reader.read(new InputStreamReader(stream, StandardCharsets.UTF_8));
            result.rejected().forEach(error -> LOG.warnf("corpus %s, %s: %s", config.corpusResource(),
                    error.field(), error.message()));
            return result.documents();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus " + config.corpusResource(), e);
        }
    }

    private static String queryOf(InvokeRequest request) {
        if (request.input() == null || !request.input().hasText()) {
            throw new ProblemException(Problem.invalid("The " + request.task() + " task needs text",
                    List.of(new FieldError("input.text", "is required for " + request.task()))));
        }
        return request.input().text();
    }
}
