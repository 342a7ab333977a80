package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaDefinitionsTest {

    private final TestQuotaConfig config = TestQuotaConfig.closed().withDefaults(100, 10);

    @Test
    void aTenantsOwnDefinitionOverridesTheDefaultsMeasureByMeasure() {
        QuotaDefinitions definitions = new QuotaDefinitions(config, tenant -> Uni.createFrom().item(Map.of(
                QuotaScope.ALL_TASKS, new QuotaLimits(30, null, null, null),
                "vqa", new QuotaLimits(5, 1, null, null))));
        TenantQuotas quotas = definitions.of("acme").await().indefinitely();

        assertThat(quotas.tenantWide()).isEqualTo(new QuotaLimits(30, 10, null, null));
        assertThat(quotas.scopesFor("vqa")).extracting(QuotaScope::task).containsExactly(QuotaScope.ALL_TASKS, "vqa");
        assertThat(quotas.scopesFor("retrieval")).extracting(QuotaScope::task).containsExactly(QuotaScope.ALL_TASKS);
    }

    @Test
    void definitionsAreReadOncePerCacheTtlAndForgottenOnChange() {
        AtomicInteger reads = new AtomicInteger();
        QuotaDefinitions definitions = new QuotaDefinitions(config, tenant -> {
            reads.incrementAndGet();
            return Uni.createFrom().item(Map.of());
        });
        definitions.of("acme").await().indefinitely();
        definitions.of("acme").await().indefinitely();
        assertThat(reads).hasValue(1);

        definitions.forget("acme");
        definitions.of("acme").await().indefinitely();
        assertThat(reads).hasValue(2);
    }

    @Test
    void whenPostgresFailsTheDefaultsApply() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("down"));
        QuotaDefinitions definitions = new QuotaDefinitions(config,
                tenant -> Uni.createFrom().failure(failure.get()));
        assertThat(definitions.of("acme").await().indefinitely().tenantWide())
                .isEqualTo(new QuotaLimits(100, 10, null, null));
    }
}
