package io.thalamus.router.dispatch;

import io.thalamus.api.expert.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The adapter for each expert protocol; an expert that names none speaks {@code thalamus-v1}. */
@ApplicationScoped
public class ExpertAdapters {

    private final Map<Protocol, ExpertAdapter> byProtocol = new EnumMap<>(Protocol.class);

    @Inject
    public ExpertAdapters(Instance<ExpertAdapter> adapters) {
        this(adapters.stream().toList());
    }

    public ExpertAdapters(List<ExpertAdapter> adapters) {
        for (ExpertAdapter adapter : adapters) {
            if (byProtocol.put(adapter.protocol(), adapter) != null) {
                throw new IllegalStateException("two adapters for protocol " + adapter.protocol().wireName());
            }
        }
    }

    public ExpertAdapter forProtocol(Protocol protocol) {
        ExpertAdapter adapter = byProtocol.get(protocol == null ? Protocol.THALAMUS_V1 : protocol);
        if (adapter == null) {
            throw new IllegalStateException("no adapter for protocol " + protocol.wireName());
        }
        return adapter;
    }
}
