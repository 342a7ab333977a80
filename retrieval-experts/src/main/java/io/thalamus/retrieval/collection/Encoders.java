package io.thalamus.retrieval.collection;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.encoding.EncoderCatalog;
import io.thalamus.retrieval.search.Bm25Ranker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding models an expert's rankers need, loaded once and shared by all its collections. The encoder the
 * expert runtime already loaded is reused, not loaded twice; the others are loaded from the classpath and closed
 * with this object.
 */
public final class Encoders implements AutoCloseable {

    private final Map<String, SentenceEncoder> byName;
    private final List<SentenceEncoder> owned;

    private Encoders(Map<String, SentenceEncoder> byName, List<SentenceEncoder> owned) {
        this.byName = byName;
        this.owned = owned;
    }

    public static Encoders forRankers(List<String> rankers, SentenceEncoder shared) {
        Map<String, SentenceEncoder> byName = new LinkedHashMap<>();
        List<SentenceEncoder> owned = new ArrayList<>();
        try {
            for (String name : rankers) {
                if (Bm25Ranker.NAME.equals(name) || byName.containsKey(name)) {
                    continue;
                }
                SentenceEncoder encoder = name.equals(shared.name()) ? shared
                        : EncoderCatalog.load(name, shared.options().cacheDir(), Runtime.getRuntime().availableProcessors());
                if (encoder != shared) {
                    owned.add(encoder);
                }
                byName.put(name, encoder);
            }
        } catch (RuntimeException e) {
            owned.forEach(SentenceEncoder::close);
            throw e;
        }
        return new Encoders(byName, owned);
    }

    public SentenceEncoder get(String name) {
        SentenceEncoder encoder = byName.get(name);
        if (encoder == null) {
            throw new IllegalArgumentException("no encoder '" + name + "' is loaded; loaded: " + byName.keySet());
        }
        return encoder;
    }

    public Collection<SentenceEncoder> all() {
        return byName.values();
    }

    @Override
    public void close() {
        owned.forEach(SentenceEncoder::close);
    }
}
