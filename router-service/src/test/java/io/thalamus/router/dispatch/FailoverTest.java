package io.thalamus.router.dispatch;

import io.thalamus.api.expert.Protocol;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.routing.Alternative;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.health.BreakerSettings;
import io.thalamus.router.health.CircuitBreaker;
import io.thalamus.router.selection.ExpertSelector;
import io.thalamus.router.selection.Selection;
import io.thalamus.router.selection.TestExperts;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failover between real test servers: what is retried, what is not, and the circuit breaker taking a dead expert out. */
class FailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<TestExpertServer> servers = new ArrayList<>();
    private final DispatchTestKit kit = new DispatchTestKit(
            new BreakerSettings(10, 3, 0.5, Duration.ofMinutes(1), 1), Set.of("text-to-image"));

    @AfterEach
    void stop() {
        servers.forEach(TestExpertServer::close);
    }

    @Test
    void aDyingServerFailsOverToAnotherWithNoFailedRequest() throws Exception {
        TestExpertServer dying = server(TestExpertServer.Protocol.OPENAI);
        TestExpertServer healthy = server(TestExpertServer.Protocol.KSERVE);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("primary", TaskId.VQA, 0.9, dying.uri(), Protocol.OPENAI_CHAT),
                DispatchTestKit.expert("backup", TaskId.VQA, 0.7, healthy.uri(), Protocol.KSERVE_V2)));

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            servedBy.add(send(selector, "before " + i).servedBy().expertId());
        }

        // a request is in progress on the primary when it dies: the connection drops with no answer
        dying.behave(TestExpertServer.Behaviour.HANG);
        Uni<Dispatched> inProgress = kit.dispatcher.dispatch(DispatchTestKit.vqa("during", WAIT),
                DispatchTestKit.select(selector, TaskId.VQA).ranked());
        var pending = inProgress.subscribeAsCompletionStage();
        awaitRequests(dying, 6);
        dying.die();
        Dispatched during = pending.toCompletableFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(during.attempts()).containsExactly("primary", "backup");
        assertThat(during.passedOver().get("primary")).contains("failed during dispatch");

        for (int i = 0; i < 10; i++) {
            servedBy.add(send(selector, "after " + i).servedBy().expertId());
        }

        assertThat(servedBy.subList(0, 5)).containsOnly("primary");
        assertThat(servedBy.subList(5, 15)).containsOnly("backup");
        assertThat(healthy.requests()).hasSize(11);
        // refused connections opened the primary's breaker, so later requests no longer try it
        assertThat(kit.breakers.of("primary").state()).isEqualTo(CircuitBreaker.State.OPEN);
        Selection now = DispatchTestKit.select(selector, TaskId.VQA);
        assertThat(now.excluded()).extracting(Alternative::expertId, Alternative::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", "circuit open"));
        assertThat(kit.inFlight.of("primary")).isZero();
        assertThat(kit.inFlight.of("backup")).isZero();
    }

    @Test
    void aFiveHundredIsRetriedOnTheNextBest() throws IOException {
        TestExpertServer crashing = server(TestExpertServer.Protocol.THALAMUS);
        TestExpertServer healthy = server(TestExpertServer.Protocol.THALAMUS);
        crashing.behave(TestExpertServer.Behaviour.CRASH);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("a", TaskId.RETRIEVAL, 0.9, crashing.uri(), Protocol.THALAMUS_V1),
                DispatchTestKit.expert("b", TaskId.RETRIEVAL, 0.7, healthy.uri(), Protocol.THALAMUS_V1)));

        Dispatched dispatched = kit.dispatcher.dispatch(DispatchTestKit.request(TaskId.RETRIEVAL, "q", WAIT),
                DispatchTestKit.select(selector, TaskId.RETRIEVAL).ranked()).await().atMost(WAIT);

        assertThat(dispatched.attempts()).containsExactly("a", "b");
        assertThat(dispatched.passedOver().get("a")).contains("HTTP 500");
    }

    @Test
    void aHangingExpertTimesOutAndTheNextBestAnswersWithinTheDeadline() throws IOException {
        TestExpertServer hanging = server(TestExpertServer.Protocol.OPENAI);
        TestExpertServer healthy = server(TestExpertServer.Protocol.OPENAI);
        hanging.behave(TestExpertServer.Behaviour.HANG);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("slow", TaskId.VQA, 0.9, hanging.uri(), Protocol.OPENAI_CHAT),
                DispatchTestKit.expert("fast", TaskId.VQA, 0.7, healthy.uri(), Protocol.OPENAI_CHAT)));

        Dispatched dispatched = kit.dispatcher.dispatch(DispatchTestKit.vqa("q", Duration.ofSeconds(3)),
                DispatchTestKit.select(selector, TaskId.VQA).ranked()).await().atMost(WAIT);

        assertThat(dispatched.attempts()).containsExactly("slow", "fast");
        assertThat(dispatched.passedOver().get("slow")).contains("failed during dispatch").contains("in time");
    }

    @Test
    void aNonIdempotentTaskIsNotRunTwiceAfterItReachedAnExpert() throws IOException {
        TestExpertServer hanging = server(TestExpertServer.Protocol.THALAMUS);
        TestExpertServer other = server(TestExpertServer.Protocol.THALAMUS);
        hanging.behave(TestExpertServer.Behaviour.HANG);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("a", TaskId.TEXT_TO_IMAGE, 0.9, hanging.uri(), Protocol.THALAMUS_V1),
                DispatchTestKit.expert("b", TaskId.TEXT_TO_IMAGE, 0.7, other.uri(), Protocol.THALAMUS_V1)));

        assertThatThrownBy(() -> kit.dispatcher.dispatch(
                        DispatchTestKit.request(TaskId.TEXT_TO_IMAGE, "a red cube", Duration.ofSeconds(2)),
                        DispatchTestKit.select(selector, TaskId.TEXT_TO_IMAGE).ranked()).await().atMost(WAIT))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().is(ProblemType.DEADLINE_EXCEEDED)).isTrue());
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void aNonIdempotentTaskIsRetriedWhenTheExpertSaysItDidNotStart() throws IOException {
        TestExpertServer draining = server(TestExpertServer.Protocol.THALAMUS);
        TestExpertServer other = server(TestExpertServer.Protocol.THALAMUS);
        draining.behave(TestExpertServer.Behaviour.UNAVAILABLE);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("a", TaskId.TEXT_TO_IMAGE, 0.9, draining.uri(), Protocol.THALAMUS_V1),
                DispatchTestKit.expert("b", TaskId.TEXT_TO_IMAGE, 0.7, other.uri(), Protocol.THALAMUS_V1)));

        Dispatched dispatched = kit.dispatcher.dispatch(
                DispatchTestKit.request(TaskId.TEXT_TO_IMAGE, "a red cube", WAIT),
                DispatchTestKit.select(selector, TaskId.TEXT_TO_IMAGE).ranked()).await().atMost(WAIT);

        assertThat(dispatched.attempts()).containsExactly("a", "b");
    }

    @Test
    void aSuccessfulAnswerThatBreaksOffIsNotRetried() throws IOException {
        TestExpertServer partial = server(TestExpertServer.Protocol.OPENAI);
        TestExpertServer other = server(TestExpertServer.Protocol.OPENAI);
        partial.behave(TestExpertServer.Behaviour.PARTIAL);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("a", TaskId.VQA, 0.9, partial.uri(), Protocol.OPENAI_CHAT),
                DispatchTestKit.expert("b", TaskId.VQA, 0.7, other.uri(), Protocol.OPENAI_CHAT)));

        assertThatThrownBy(() -> kit.dispatcher.dispatch(DispatchTestKit.vqa("q", WAIT),
                DispatchTestKit.select(selector, TaskId.VQA).ranked()).await().atMost(WAIT))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().is(ProblemType.EXPERT_FAILED)).isTrue();
                    assertThat(e.problem().detail()).contains("broke off");
                });
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void anOpenBreakerLetsATrialThroughAfterItsDurationAndClosesOnSuccess() throws IOException {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        var breakers = new io.thalamus.router.health.CircuitBreakers(
                new BreakerSettings(4, 2, 0.5, Duration.ofSeconds(30), 1), clock::get);
        CircuitBreaker breaker = breakers.of("a");
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.admitsCalls()).isFalse();
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private Dispatched send(ExpertSelector selector, String question) {
        return kit.dispatcher.dispatch(DispatchTestKit.vqa(question, WAIT),
                DispatchTestKit.select(selector, TaskId.VQA).ranked()).await().atMost(WAIT);
    }

    private TestExpertServer server(TestExpertServer.Protocol protocol) throws IOException {
        TestExpertServer server = TestExpertServer.start(protocol);
        servers.add(server);
        return server;
    }

    private static void awaitRequests(TestExpertServer server, int count) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (server.requests().size() < count) {
            assertThat(System.nanoTime()).as("request reached the server").isLessThan(until);
            Thread.sleep(10);
        }
    }
}
