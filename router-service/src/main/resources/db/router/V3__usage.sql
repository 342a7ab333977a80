-- The usage ledger: one row per finished task (first event of a request id wins), and per tenant, UTC day and
-- task the running totals the usage API reads, updated in the statement that inserts the event.
CREATE TABLE usage_events (
    request_id   TEXT           PRIMARY KEY,
    tenant       TEXT           NOT NULL,
    task         TEXT           NOT NULL,
    expert_id    TEXT,
    outcome      TEXT           NOT NULL,
    credits      NUMERIC(20, 6) NOT NULL,
    gpu_ms       BIGINT         NOT NULL,
    latency_ms   BIGINT         NOT NULL,
    occurred_at  TIMESTAMPTZ    NOT NULL,
    recorded_at  TIMESTAMPTZ    NOT NULL DEFAULT now()
);

CREATE INDEX usage_events_tenant_time ON usage_events (tenant, occurred_at);

CREATE TABLE usage_daily (
    tenant          TEXT           NOT NULL,
    day             DATE           NOT NULL,
    task            TEXT           NOT NULL,
    requests        BIGINT         NOT NULL,
    succeeded       BIGINT         NOT NULL,
    failed          BIGINT         NOT NULL,
    credits         NUMERIC(20, 6) NOT NULL,
    gpu_ms          BIGINT         NOT NULL,
    latency_ms_sum  BIGINT         NOT NULL,
    PRIMARY KEY (tenant, day, task)
);

-- A job's hold on its tenant's daily budgets, settled when its result arrives (see quota.Reservation).
ALTER TABLE jobs ADD COLUMN reservation JSONB;
