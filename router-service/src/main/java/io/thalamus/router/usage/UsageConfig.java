package io.thalamus.router.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Usage queries. */
@ConfigMapping(prefix = "thalamus.router.usage")
public interface UsageConfig {

    /** Days a usage query covers when it names no start. */
    @WithDefault("30")
    @Min(1)
    int defaultDays();

    /** The longest range one usage query may cover. */
    @WithDefault("366")
    @Min(1)
    int maxDays();
}
