-- Registrations: the descriptor as sent (JSON, searched by containment) plus lifecycle and live load.
CREATE TABLE experts (
    id               VARCHAR(128) PRIMARY KEY,
    descriptor       JSONB        NOT NULL,
    owner            VARCHAR(255) NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    state_reason     VARCHAR(500),
    state_since      TIMESTAMPTZ  NOT NULL,
    version          BIGINT       NOT NULL,
    lease_expires_at TIMESTAMPTZ  NOT NULL,
    load             JSONB,
    last_heartbeat_at TIMESTAMPTZ,
    registered_at    TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

-- Lease sweeps and probes look experts up by state and lease.
CREATE INDEX experts_state_lease ON experts (state, lease_expires_at);
-- List filters (task, modality, zone, GPU model, labels) are JSON containment queries.
CREATE INDEX experts_descriptor ON experts USING GIN (descriptor jsonb_path_ops);

-- Transactional outbox: one row per committed change, published to Kafka in position order.
CREATE TABLE outbox (
    position     BIGSERIAL    PRIMARY KEY,
    expert_id    VARCHAR(128) NOT NULL,
    version      BIGINT       NOT NULL,
    event_type   VARCHAR(16)  NOT NULL,
    event        TEXT         NOT NULL,
    trace_parent VARCHAR(128),
    trace_state  VARCHAR(512),
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ
);

-- At most one event per version of an expert.
CREATE UNIQUE INDEX outbox_expert_version ON outbox (expert_id, version);
CREATE INDEX outbox_pending ON outbox (position) WHERE published_at IS NULL;
