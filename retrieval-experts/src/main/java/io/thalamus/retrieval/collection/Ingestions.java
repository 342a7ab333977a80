package io.thalamus.retrieval.collection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.corpus.DocumentLimits;
import io.thalamus.retrieval.corpus.JsonlCorpusReader;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs uploads into collections in the background. The accepted documents are written to the collection's
 * {@code ingestions/<id>.jsonl} before the upload is answered, and the status to {@code ingestions/<id>.json}
 * after every committed batch, so an expert that stops mid-way resumes each unfinished ingestion at start-up from
 * its last committed batch: nothing accepted is lost, and re-indexing a batch is harmless (same ids replace).
 */
@ApplicationScoped
public class Ingestions {

    private static final Logger LOG = Logger.getLogger(Ingestions.class);
    private static final String DIR = "ingestions";

    private final TenantCollections collections;
    private final CollectionsConfig config;
    private final ObjectMapper mapper;
    private final ExecutorService executor;
    private final Map<String, IngestionStatus> latest = new ConcurrentHashMap<>();

    public Ingestions(TenantCollections collections, CollectionsConfig config, ObjectMapper mapper) {
        this.collections = collections;
        this.config = config;
        this.mapper = mapper;
        this.executor = Executors.newFixedThreadPool(config.ingestionThreads(), runnable -> {
            Thread thread = new Thread(runnable, "collection-ingestion");
            thread.setDaemon(true);
            return thread;
        });
    }

    void resumeUnfinished(@Observes StartupEvent event) {
        for (CollectionKey key : collections.all()) {
            for (IngestionStatus status : statuses(key)) {
                if (!status.finished()) {
                    LOG.infof("Resuming ingestion %s into %s at document %d of %d", status.id(), key,
                            status.indexed(), status.accepted());
                    executor.submit(() -> run(key, status));
                }
            }
        }
    }

    /** Stores the accepted documents and queues their indexing. */
    public IngestionStatus submit(CollectionKey key, List<Document> accepted, List<FieldError> rejected, int lines) {
        collections.collection(key);
        IngestionStatus status = new IngestionStatus(UUID.randomUUID().toString(), key.name(),
                IngestionStatus.State.QUEUED, lines, accepted.size(), 0, rejected, Instant.now(), null, null);
        Path documents = documentsFile(key, status.id());
        try {
            Files.createDirectories(documents.getParent());
            Path written = documents.resolveSibling(status.id() + ".jsonl.tmp");
            try (BufferedWriter writer = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
                for (Document document : accepted) {
                    writer.write(mapper.writeValueAsString(document));
                    writer.newLine();
                }
            }
            Files.move(written, documents, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload for " + key, e);
        }
        save(key, status);
        executor.submit(() -> run(key, status));
        return status;
    }

    /** The ingestion's status, waiting up to {@code wait} for it to finish. */
    public IngestionStatus await(CollectionKey key, String id, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        IngestionStatus status = status(key, id);
        while (!status.finished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            status = status(key, id);
        }
        return status;
    }

    public IngestionStatus status(CollectionKey key, String id) {
        IngestionStatus status = latest.get(key + "/" + id);
        if (status != null) {
            return status;
        }
        return read(key, id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "Collection '" + key.name() + "' has no ingestion '" + id + "'"));
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void run(CollectionKey key, IngestionStatus queued) {
        IngestionStatus status = queued.running(queued.indexed());
        try {
            save(key, status);
            List<Document> documents = storedDocuments(key, queued.id());
            SearchableCollection collection = collections.collection(key);
            for (int start = status.indexed(); start < documents.size(); start += config.documentsPerCommit()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                int end = Math.min(documents.size(), start + config.documentsPerCommit());
                collection.upsert(documents.subList(start, end));
                status = status.running(end);
                save(key, status);
            }
            save(key, status.succeeded());
            Files.deleteIfExists(documentsFile(key, queued.id()));
        } catch (RuntimeException | IOException e) {
            if (!collections.exists(key)) {
                LOG.infof("Ingestion %s stopped: collection %s was deleted", queued.id(), key);
                return;
            }
            LOG.errorf(e, "Ingestion %s into %s failed", queued.id(), key);
            save(key, status.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private List<Document> storedDocuments(CollectionKey key, String id) throws IOException {
        JsonlCorpusReader reader = new JsonlCorpusReader(mapper, DocumentLimits.textOnly(Integer.MAX_VALUE));
        try (var source = Files.newBufferedReader(documentsFile(key, id), StandardCharsets.UTF_8)) {
            return reader.read(source).documents();
        }
    }

    private void save(CollectionKey key, IngestionStatus status) {
        if (status.finished()) {
            latest.remove(key + "/" + status.id());
        } else {
            latest.put(key + "/" + status.id(), status);
        }
        Path file = statusFile(key, status.id());
        try {
            Path written = file.resolveSibling(status.id() + ".json.tmp");
            mapper.writeValue(written.toFile(), status);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            LOG.debugf("Collection %s is gone; status of ingestion %s not saved", key, status.id());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the status of ingestion " + status.id(), e);
        }
    }

    private Optional<IngestionStatus> read(CollectionKey key, String id) {
        Path file = statusFile(key, id);
        if (!id.matches("[0-9a-f-]{36}") || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(file.toFile(), IngestionStatus.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ingestion " + id, e);
        }
    }

    private List<IngestionStatus> statuses(CollectionKey key) {
        Path dir = collections.dir(key).resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> read(key, name.substring(0, name.length() - ".json".length())))
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the ingestions of " + key, e);
        }
    }

    private Path statusFile(CollectionKey key, String id) {
        return collections.dir(key).resolve(DIR).resolve(id + ".json");
    }

    private Path documentsFile(CollectionKey key, String id) {
        return collections.dir(key).resolve(DIR).resolve(id + ".jsonl");
    }
}
