package io.thalamus.router.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EwmaTest {

    @Test
    void theFirstSampleIsTheAverageThenEachMovesItByAlpha() {
        Ewma ewma = new Ewma(0.25);
        ewma.add(100);
        assertThat(ewma.average()).isEqualTo(100.0);
        ewma.add(200);
        assertThat(ewma.average()).isCloseTo(125.0, within(1e-9));
        ewma.add(200);
        assertThat(ewma.average()).isCloseTo(143.75, within(1e-9));
        assertThat(ewma.samples()).isEqualTo(3);
    }

    @Test
    void convergesToAStepChange() {
        Ewma ewma = new Ewma(0.3);
        for (int i = 0; i < 50; i++) {
            ewma.add(i < 10 ? 50 : 400);
        }
        assertThat(ewma.average()).isCloseTo(400.0, within(0.01));
    }

    @Test
    void observedLatencyIsPerExpertAndEmptyBeforeAnyCall() {
        ObservedLatency latency = new ObservedLatency(0.5);
        assertThat(latency.of("a")).isEmpty();
        latency.record("a", 80);
        latency.record("a", 40);
        assertThat(latency.of("a")).get().satisfies(estimate -> {
            assertThat(estimate.averageMs()).isEqualTo(60.0);
            assertThat(estimate.samples()).isEqualTo(2);
        });
        assertThat(latency.of("b")).isEmpty();
    }

    @Test
    void refusesAWeightOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new Ewma(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ewma(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
