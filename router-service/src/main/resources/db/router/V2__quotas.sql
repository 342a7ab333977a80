-- Tenants' quotas. task '*' is the tenant-wide row; other rows limit one task. A NULL measure is not limited by
-- that row (on the tenant-wide row: the configured default applies).
CREATE TABLE quotas (
    tenant               TEXT         NOT NULL,
    task                 TEXT         NOT NULL,
    requests_per_minute  INTEGER      CHECK (requests_per_minute >= 0),
    concurrent_requests  INTEGER      CHECK (concurrent_requests >= 0),
    daily_credits        BIGINT       CHECK (daily_credits >= 0),
    daily_gpu_seconds    BIGINT       CHECK (daily_gpu_seconds >= 0),
    updated_at           TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant, task)
);
