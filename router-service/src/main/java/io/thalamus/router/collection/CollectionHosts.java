package io.thalamus.router.collection;

import io.thalamus.api.expert.NodeInfo;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.retrieval.CollectionHosting;
import io.thalamus.router.directory.ExpertDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;

/**
 * Which expert holds tenants' collections: the READY expert that says it hosts them (node label
 * {@value CollectionHosting#LABEL}). With several, the one of the smallest id, so that every router replica sends a
 * tenant's collections to the same place.
 */
@ApplicationScoped
public class CollectionHosts {

    private final ExpertDirectory directory;

    public CollectionHosts(ExpertDirectory directory) {
        this.directory = directory;
    }

    public static boolean hostsCollections(RegisteredExpert expert) {
        NodeInfo node = expert.descriptor().node();
        return node != null && "true".equals(node.labels().get(CollectionHosting.LABEL));
    }

    public RegisteredExpert host() {
        return directory.all().stream()
                .filter(expert -> expert.state() == ExpertState.READY && hostsCollections(expert))
                .min(Comparator.comparing(RegisteredExpert::id))
                .orElseThrow(() -> new ProblemException(ProblemType.NO_EXPERT,
                        "No expert that hosts collections is ready; try again shortly"));
    }
}
