package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How well a request fits an expert's domain, and what that added to its score: {@code weight · fit}.
 *
 * @param domain the expert's domain name, null when it declares none
 * @param fit    cosine similarity of the request to the centroid of the domain's pilot queries; for an expert
 *               without a domain (or whose centroid is not computed yet) the neutral value, the mean fit of the
 *               candidates that have one
 * @param weight the domain weight used for this request
 * @param basis  {@code pilot-centroid}, {@code neutral-no-domain} or {@code neutral-pending}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainFit(String domain, double fit, double weight, String basis) {

    public static final String PILOT_CENTROID = "pilot-centroid";
    public static final String NEUTRAL_NO_DOMAIN = "neutral-no-domain";
    public static final String NEUTRAL_PENDING = "neutral-pending";

    /** The score term: {@code weight · fit}. */
    public double term() {
        return weight * fit;
    }
}
