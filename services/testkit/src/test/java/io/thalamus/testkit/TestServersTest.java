package io.thalamus.testkit;

import io.thalamus.testkit.postgres.PostgresServer;
import io.thalamus.testkit.postgres.PostgresTestResource;
import io.thalamus.testkit.redis.RedisServer;
import io.thalamus.testkit.redis.RedisTestResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestServersTest {

    @Test
    void startsEachServerOncePerJvm() {
        PostgresServer first = TestServers.postgres();
        RedisServer redis = TestServers.redis();

        assertThat(TestServers.postgres()).isSameAs(first);
        assertThat(TestServers.redis()).isSameAs(redis);
        assertThat(System.getProperty("thalamus.testkit.postgres.port")).isEqualTo(Integer.toString(first.port()));
    }

    @Test
    void quarkusTestResourcesPointAtTheSharedServers() {
        PostgresServer postgres = TestServers.postgres();

        assertThat(new PostgresTestResource().start())
                .containsEntry("quarkus.datasource.reactive.url", postgres.reactiveUrl())
                .containsEntry("quarkus.datasource.jdbc.url", postgres.jdbcUrl())
                .containsEntry("quarkus.datasource.username", "thalamus")
                .containsEntry("quarkus.datasource.password", "thalamus");
        assertThat(new RedisTestResource().start())
                .containsEntry("quarkus.redis.hosts", TestServers.redis().url());
    }
}
