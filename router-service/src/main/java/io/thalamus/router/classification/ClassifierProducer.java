package io.thalamus.router.classification;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Makes the committed {@link TaskClassifier} injectable. When {@code thalamus.classifier.enabled} is true the
 * model loads at startup (so the first request does not pay for it); when false it is never loaded, and callers
 * should check {@link ClassifierConfig#enabled()} and look the classifier up through {@code Instance}.
 */
@ApplicationScoped
public class ClassifierProducer {

    private static final Logger LOG = Logger.getLogger(ClassifierProducer.class);

    private final ClassifierConfig config;

    public ClassifierProducer(ClassifierConfig config) {
        this.config = config;
    }

    @Produces
    @Singleton
    TaskClassifier taskClassifier() {
        if (!config.enabled()) {
            throw new IllegalStateException("the task classifier is disabled (thalamus.classifier.enabled=false)");
        }
        long start = System.nanoTime();
        TaskClassifier classifier = TaskClassifier.load(config.confidenceThreshold().orElse(-1),
                config.predictors().orElse(Runtime.getRuntime().availableProcessors()), config.cacheDir());
        LOG.infof("Loaded the task classifier (%s, tasks %s, threshold %.3f) in %d ms",
                classifier.model().header().features().encoder(), classifier.tasks(), classifier.threshold(),
                (System.nanoTime() - start) / 1_000_000);
        return classifier;
    }

    void close(@Disposes TaskClassifier classifier) {
        classifier.close();
    }

    void loadAtStartup(@Observes StartupEvent event, Instance<TaskClassifier> classifier) {
        if (config.enabled()) {
            classifier.get().tasks();
        }
    }
}
