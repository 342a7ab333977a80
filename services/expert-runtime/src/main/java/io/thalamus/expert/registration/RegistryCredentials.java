package io.thalamus.expert.registration;

import java.util.Optional;

/**
 * Supplies the {@code Authorization} header for calls to the registry (for example a bearer token from an OIDC
 * client-credentials grant). Called on the registration thread before every call, so it may block and should
 * return a fresh token when the previous one expired. The runtime's default sends no credentials; an application
 * provides its own bean of this type to replace it.
 */
public interface RegistryCredentials {

    /** The full header value, e.g. {@code "Bearer eyJ..."}, or empty to send none. */
    Optional<String> authorization();
}
