package io.thalamus.registry.support;

import io.thalamus.testkit.Await;
import io.restassured.RestAssured;
import io.thalamus.registry.client.ExpertChange;
import io.thalamus.registry.client.RegistryFollower;
import io.thalamus.registry.client.RoutingTable;
import io.thalamus.testkit.TestServers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A router's view of the registry under test: the registry client following its snapshot and event topic. */
public final class FollowedRegistry implements AutoCloseable {

    private final RegistryFollower follower;
    private final List<ExpertChange> changes = new CopyOnWriteArrayList<>();

    private FollowedRegistry(RegistryFollower follower) {
        this.follower = follower;
    }

    public static FollowedRegistry start() throws InterruptedException {
        RoutingTable table = new RoutingTable();
        FollowedRegistry followed = new FollowedRegistry(RegistryFollower.builder()
                .registryUrl(URI.create("http://127.0.0.1:" + RestAssured.port))
                .bootstrapServers(TestServers.kafka().bootstrapServers())
                .bearerTokens(() -> Tokens.of(Tokens.ADMIN))
                .pollTimeout(Duration.ofMillis(100))
                .table(table)
                .build());
        table.addListener(followed.changes::add);
        followed.follower.start();
        if (!followed.follower.awaitBootstrap(Duration.ofSeconds(60))) {
            followed.close();
            throw new AssertionError("the follower did not bootstrap: " + followed.follower.status());
        }
        return followed;
    }

    public RoutingTable table() {
        return follower.table();
    }

    public RegistryFollower.Status status() {
        return follower.status();
    }

    /** Every change the table applied for one expert, in order. */
    public List<ExpertChange> changesOf(String expertId) {
        return changes.stream().filter(change -> change.expertId().equals(expertId)).toList();
    }

    /** Waits until the table holds {@code version} (or a newer one) of the expert, removed or not. */
    public void awaitVersion(String expertId, long version) {
        Await.until("the routing table reaches version " + version + " of " + expertId,
                () -> table().versionOf(expertId) >= version);
    }

    @Override
    public void close() {
        follower.close();
    }
}
