package io.thalamus.expert.model;

import io.thalamus.model.EncoderOptions;
import io.thalamus.model.Pooling;
import io.thalamus.model.SentenceEncoder;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Makes the configured {@link SentenceEncoder} injectable. The model loads when the first bean that needs it is
 * created; applications that never inject an encoder never load one. An application bean of the same type
 * replaces this one.
 */
@Singleton
public class SentenceEncoderProducer {

    private static final Logger LOG = Logger.getLogger(SentenceEncoderProducer.class);

    @Produces
    @Singleton
    @DefaultBean
    SentenceEncoder sentenceEncoder(EncoderConfig config) {
        long start = System.nanoTime();
        EncoderOptions options = new EncoderOptions(config.pooling(), config.maxSequenceLength(),
                config.maxBatchSize(), config.predictors().orElse(Runtime.getRuntime().availableProcessors()),
                config.intraOpThreads(), config.cacheDir());
        SentenceEncoder encoder = SentenceEncoder.fromClasspath(config.model(), options);
        LOG.infof("Loaded sentence encoder %s (%s pooling, %d tokens) in %d ms", config.model(),
                config.pooling(), config.maxSequenceLength(), (System.nanoTime() - start) / 1_000_000);
        return encoder;
    }

    void close(@Disposes SentenceEncoder encoder) {
        encoder.close();
    }
}
