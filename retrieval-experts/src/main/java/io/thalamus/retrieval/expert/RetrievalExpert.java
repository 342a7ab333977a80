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
import io.thalamus.api.retrieval.RetrievedDocument;
import io.thalamus.api.task.TaskId;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.expert.spi.Expert;
import io.thalamus.retrieval.corpus.Document;
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
 * Retrieval over one collection held in a persisted Lucene index: the configured rankers (BM25 and/or embedding
 * models) rank the documents for a query, and several rankings are fused (see docs/retrieval.md). The injected
 * sentence encoder also serves the {@code embedding} task (the vector of a text), one forward pass for all the
 * embedding requests of a batch.
 */
@Startup
@ApplicationScoped
public class RetrievalExpert implements Expert {

    private static final Logger LOG = Logger.getLogger(RetrievalExpert.class);

    private final SentenceEncoder encoder;
    private final RetrievalConfig config;
    private final SearchableCollection collection;

    public RetrievalExpert(SentenceEncoder encoder, RetrievalConfig config, ObjectMapper mapper) {
        this.encoder = encoder;
        this.config = config;
        this.collection = SearchableCollection.open(config,
                readCorpus(new JsonlCorpusReader(mapper, config.maxDocumentChars())), encoder);
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
                    : search(texts.get(i), topK(request)));
        }
        return outputs;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @PreDestroy
    void close() {
        collection.close();
    }

    private RetrievalOutput search(String query, int k) {
        List<RetrievedDocument> documents = collection.search(query, k).stream()
                .map(hit -> new RetrievedDocument(hit.document().id(), hit.document().title(), hit.document().text(),
                        hit.score(), hit.document().metadata()))
                .toList();
        return new RetrievalOutput(config.collection(), documents);
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

    private int topK(InvokeRequest request) {
        Object value = request.params().get(RetrievalParams.TOP_K);
        if (value == null) {
            return config.defaultTopK();
        }
        int k;
        try {
            k = value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            k = -1;
        }
        if (k < 1 || k > config.maxTopK()) {
            throw new ProblemException(Problem.invalid("topK is out of range",
                    List.of(new FieldError("params.topK", "must be an integer between 1 and " + config.maxTopK()))));
        }
        return k;
    }
}
