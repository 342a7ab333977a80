package io.thalamus.api.expert;

import java.util.List;

/**
 * The domain an expert is good at, described by example requests: the router embeds the pilot queries once, keeps
 * their centroid and prefers, for a request, the experts whose centroid the request is closest to (RouterRetriever).
 * Nothing is trained, so experts with a domain can come and go freely.
 *
 * @param name         short name shown in the routing explanation (e.g. {@code scientific-claims})
 * @param pilotQueries typical requests of the domain; the registry limits how many and how long
 */
public record ExpertDomain(String name, List<String> pilotQueries) {

    public ExpertDomain {
        pilotQueries = pilotQueries == null ? List.of() : List.copyOf(pilotQueries);
    }
}
