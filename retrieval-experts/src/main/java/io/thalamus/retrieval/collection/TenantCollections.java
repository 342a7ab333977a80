package io.thalamus.retrieval.collection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.retrieval.expert.RetrievalConfig;
import io.thalamus.retrieval.ingest.TextChunker;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Tenants' collections on this expert, each in {@code <index-dir>/tenants/<tenant>/<collection>/}: a marker file
 * saying when it was created, its Lucene index, and its ingestions. A collection exists once its marker is
 * written; deleting one first moves its directory aside, so a crash never leaves half a collection visible.
 * Collections are opened on first use and stay open.
 */
@ApplicationScoped
public class TenantCollections {

    private static final String MARKER = "collection.json";

    record Marker(String name, Instant createdAt) {
    }

    private final Path root;
    private final RetrievalConfig retrieval;
    private final CollectionsConfig config;
    private final Encoders encoders;
    private final ObjectMapper mapper;
    private final Map<CollectionKey, SearchableCollection> open = new ConcurrentHashMap<>();

    public TenantCollections(RetrievalConfig retrieval, CollectionsConfig config, Encoders encoders, ObjectMapper mapper) {
        this.root = retrieval.indexDir().resolve("tenants");
        this.retrieval = retrieval;
        this.config = config;
        this.encoders = encoders;
        this.mapper = mapper;
    }

    /** Creates the collection; false when it already existed (creating is idempotent). */
    public synchronized boolean create(CollectionKey key) {
        if (exists(key)) {
            return false;
        }
        if (names(key.tenant()).size() >= config.maxPerTenant()) {
            throw new ProblemException(ProblemType.CONFLICT, "Tenant '" + key.tenant() + "' already has "
                    + config.maxPerTenant() + " collections, the most it may hold");
        }
        Path dir = dir(key);
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve(MARKER);
            Path written = dir.resolve(MARKER + ".tmp");
            mapper.writeValue(written.toFile(), new Marker(key.name(), Instant.now()));
            Files.move(written, marker, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create collection " + key, e);
        }
    }

    public boolean exists(CollectionKey key) {
        return Files.isRegularFile(dir(key).resolve(MARKER));
    }

    /** The collection, opened if needed; 404 when the tenant has no collection of that name. */
    public SearchableCollection collection(CollectionKey key) {
        SearchableCollection collection = open.get(key);
        if (collection != null) {
            return collection;
        }
        synchronized (this) {
            requireExists(key);
            return open.computeIfAbsent(key, k -> SearchableCollection.open(dir(k), retrieval, encoders,
                    new TextChunker(config.chunkChars(), config.chunkOverlapChars())));
        }
    }

    public CollectionInfo info(CollectionKey key) {
        requireExists(key);
        Marker marker = marker(key);
        return new CollectionInfo(key.name(), marker.createdAt(), collection(key).documentCount(), retrieval.rankers());
    }

    public List<CollectionInfo> list(String tenant) {
        return names(tenant).stream().map(name -> info(new CollectionKey(tenant, name))).toList();
    }

    /** Deletes the collection with its index and ingestions; false when there was none. */
    public synchronized boolean delete(CollectionKey key) {
        if (!exists(key)) {
            return false;
        }
        SearchableCollection collection = open.remove(key);
        if (collection != null) {
            collection.close();
        }
        Path aside = dir(key).resolveSibling("." + key.name() + ".deleted-" + UUID.randomUUID());
        try {
            Files.move(dir(key), aside, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(aside);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete collection " + key, e);
        }
    }

    /** Every collection of every tenant on this expert. */
    public List<CollectionKey> all() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> tenants = Files.list(root)) {
            List<CollectionKey> keys = new ArrayList<>();
            for (Path tenant : tenants.filter(Files::isDirectory).toList()) {
                names(tenant.getFileName().toString()).forEach(name -> keys.add(new CollectionKey(tenant.getFileName().toString(), name)));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list collections", e);
        }
    }

    Path dir(CollectionKey key) {
        return root.resolve(key.tenant()).resolve(key.name());
    }

    @PreDestroy
    void close() {
        open.values().forEach(SearchableCollection::close);
        open.clear();
    }

    private void requireExists(CollectionKey key) {
        if (!exists(key)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Tenant '" + key.tenant() + "' has no collection '"
                    + key.name() + "'");
        }
    }

    private Marker marker(CollectionKey key) {
        try {
            return mapper.readValue(dir(key).resolve(MARKER).toFile(), Marker.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read collection " + key, e);
        }
    }

    private List<String> names(String tenant) {
        Path dir = root.resolve(tenant);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(child -> Files.isRegularFile(child.resolve(MARKER)))
                    .map(child -> child.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the collections of " + tenant, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
