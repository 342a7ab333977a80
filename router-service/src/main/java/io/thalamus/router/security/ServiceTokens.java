package io.thalamus.router.security;

import io.smallrye.mutiny.Uni;

/**
 * The router's own bearer tokens, presented to the registry and to Thalamus experts (which refuse calls without
 * one). Never logged.
 */
@FunctionalInterface
public interface ServiceTokens {

    /** A current access token; fails when the identity provider cannot issue one. */
    Uni<String> bearer();
}
