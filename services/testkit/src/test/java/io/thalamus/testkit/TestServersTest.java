package io.thalamus.testkit;

import io.thalamus.testkit.postgres.PostgresServer;
import io.thalamus.testkit.postgres.PostgresTestResource;
import io.thalamus.testkit.redis.RedisServer;
import io.thalamus.testkit.redis.RedisTestResource;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

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
    void aSecondClassLoaderGetsTheSameServerInsteadOfStartingAnother() throws Exception {
        RedisServer redis = TestServers.redis();
        URL testkitClasses = TestServers.class.getProtectionDomain().getCodeSource().getLocation();

        try (URLClassLoader other = new TestkitFirstClassLoader(testkitClasses, TestServers.class.getClassLoader())) {
            Class<?> otherTestServers = other.loadClass(TestServers.class.getName());
            assertThat(otherTestServers).isNotSameAs(TestServers.class);
            Object otherRedis = otherTestServers.getMethod("redis").invoke(null);

            assertThat(otherRedis.getClass().getMethod("port").invoke(otherRedis)).isEqualTo(redis.port());
            assertThat(otherRedis.getClass().getMethod("pid").invoke(otherRedis)).as("a handle, not a second server")
                    .isEqualTo(-1L);
        }
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

    /** Loads the test kit's own classes itself, as Quarkus' class loaders do, and everything else from its parent. */
    private static final class TestkitFirstClassLoader extends URLClassLoader {

        TestkitFirstClassLoader(URL testkitClasses, ClassLoader parent) {
            super(new URL[] {testkitClasses}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith("io.thalamus.testkit.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }
}
