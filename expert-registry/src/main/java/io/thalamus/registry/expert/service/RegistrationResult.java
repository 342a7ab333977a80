package io.thalamus.registry.expert.service;

import io.thalamus.api.registry.RegisteredExpert;

/**
 * Outcome of a registration.
 *
 * @param created whether the id was new (or had been removed) before this call
 * @param changed whether a new version was committed (false for a repeated, identical registration)
 */
public record RegistrationResult(RegisteredExpert expert, boolean created, boolean changed) {
}
