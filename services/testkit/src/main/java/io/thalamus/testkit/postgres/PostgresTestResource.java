package io.thalamus.testkit.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thalamus.testkit.TestServers;

import java.util.Map;

/** Points a Quarkus test at the JVM's PostgreSQL (reactive and JDBC data source, database {@code thalamus}). */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresServer postgres = TestServers.postgres();
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    /** The server outlives a single test class; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}
