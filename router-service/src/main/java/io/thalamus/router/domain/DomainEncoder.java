package io.thalamus.router.domain;

import io.thalamus.model.EncoderOptions;
import io.thalamus.model.Pooling;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.router.classification.ClassifierConfig;
import io.thalamus.router.classification.TaskClassifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * The sentence encoder of domain routing: the one the task classifier already runs (MiniLM), so domain routing
 * loads no second model; when the classifier is off or uses no encoder, MiniLM is loaded on first use.
 */
@ApplicationScoped
public class DomainEncoder implements QueryEmbedder {

    static final String FALLBACK_ENCODER = "all-minilm-l6-v2-q";
    private static final Logger LOG = Logger.getLogger(DomainEncoder.class);

    private final ClassifierConfig classifierConfig;
    private final Instance<TaskClassifier> classifier;
    private volatile SentenceEncoder encoder;
    private SentenceEncoder owned;

    public DomainEncoder(ClassifierConfig classifierConfig, Instance<TaskClassifier> classifier) {
        this.classifierConfig = classifierConfig;
        this.classifier = classifier;
    }

    @Override
    public float[] embed(String text) {
        return encoder().embed(text);
    }

    private SentenceEncoder encoder() {
        SentenceEncoder current = encoder;
        if (current == null) {
            synchronized (this) {
                if (encoder == null) {
                    encoder = load();
                }
                current = encoder;
            }
        }
        return current;
    }

    private SentenceEncoder load() {
        if (classifierConfig.enabled() && classifier.get().encoder() != null) {
            return classifier.get().encoder();
        }
        LOG.infof("Loading %s for domain routing (the task classifier runs no encoder)", FALLBACK_ENCODER);
        owned = SentenceEncoder.fromClasspath(FALLBACK_ENCODER, new EncoderOptions(Pooling.MEAN, 256, 1,
                classifierConfig.predictors().orElse(Runtime.getRuntime().availableProcessors()), 1,
                classifierConfig.cacheDir(), null, null));
        return owned;
    }

    @PreDestroy
    synchronized void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
