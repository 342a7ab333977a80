package io.thalamus.vision.selection;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.thalamus.expert.spi.Expert;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This module hosts several experts, each an {@link Expert} bean with an {@link Identifier}; one process serves
 * one of them, named by {@code thalamus.vision.expert} (each expert's profile sets it together with its
 * registration, e.g. {@code -Dquarkus.profile=scene}). Only the chosen expert is created, at startup, so its model
 * is loaded before the expert reports ready.
 */
@Singleton
public class ServedExpert {

    @Produces
    @Singleton
    @Startup
    Expert expert(@ConfigProperty(name = "thalamus.vision.expert") Optional<String> chosen,
                  @Any Instance<Expert> experts) {
        Instance<Expert> selected = experts.select(Identifier.Literal.of(chosen.orElse("")));
        if (chosen.isEmpty() || selected.isUnsatisfied()) {
            List<String> known = new ArrayList<>();
            for (Instance.Handle<Expert> handle : experts.handles()) {
                handle.getBean().getQualifiers().stream().filter(Identifier.class::isInstance)
                        .map(q -> ((Identifier) q).value()).forEach(known::add);
            }
            throw new IllegalStateException("thalamus.vision.expert=" + chosen.orElse("") + " names no expert of this module; "
                    + "known: " + known + " (start with the expert's profile, e.g. -Dquarkus.profile=scene)");
        }
        return selected.get();
    }
}
