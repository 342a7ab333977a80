package io.thalamus.router.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final CircuitBreaker breaker = new CircuitBreaker(
            new BreakerSettings(4, 2, 0.5, Duration.ofSeconds(10), 1), now::get);

    @Test
    void staysClosedBelowTheMinimumNumberOfCalls() {
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void opensWhenTheFailedShareOfTheWindowReachesTheRatio() {
        breaker.onSuccess();
        breaker.onSuccess();
        breaker.onFailure();
        assertThat(breaker.state()).as("1 of 3 failed").isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure();
        assertThat(breaker.state()).as("2 of 4 failed").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.admitsCalls()).isFalse();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void theWindowForgetsOldOutcomes() {
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onSuccess();
        breaker.onSuccess();
        breaker.onSuccess(); // pushes the failure out of the 4-call window
        breaker.onFailure();
        assertThat(breaker.state()).as("1 of the last 4 failed").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOpenAfterTheOpenDurationLetsOneTrialThroughAndClosesOnItsSuccess() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.admitsCalls()).isTrue();

        assertThat(breaker.tryAcquire()).as("the trial").isTrue();
        assertThat(breaker.tryAcquire()).as("a second call while the trial runs").isFalse();
        assertThat(breaker.admitsCalls()).isFalse();

        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure();
        assertThat(breaker.state()).as("the window started empty again").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedTrialOpensItAgainForAnotherFullDuration() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(breaker.tryAcquire()).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void anAbandonedTrialFreesItsPlace() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onAbandon();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    private void open() {
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
