package io.thalamus.router.quota;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

/** Redis data sources for tests that run without Quarkus. */
final class RedisClients implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();

    ReactiveRedisDataSource connect(String url) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16)
                .setMaxPoolWaiting(256));
        return new ReactiveRedisDataSourceImpl(vertx, redis, RedisAPI.api(redis));
    }

    @Override
    public void close() {
        vertx.closeAndAwait();
    }
}
