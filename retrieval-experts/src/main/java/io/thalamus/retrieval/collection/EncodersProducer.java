package io.thalamus.retrieval.collection;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.expert.RetrievalConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The encoders of the configured rankers, shared by the expert's corpus and all tenants' collections. */
public class EncodersProducer {

    @Produces
    @Singleton
    Encoders encoders(RetrievalConfig config, SentenceEncoder shared) {
        return Encoders.forRankers(config.rankers(), shared);
    }

    void close(@Disposes Encoders encoders) {
        encoders.close();
    }
}
