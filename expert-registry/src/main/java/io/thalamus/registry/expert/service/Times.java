package io.thalamus.registry.expert.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time at the precision PostgreSQL stores, so what the API returns equals what it stored. */
public final class Times {

    private Times() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
