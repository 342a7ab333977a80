-- Asynchronous tasks (text-to-image): the job as handed to the expert, its routing decision and its outcome.
-- A row with no handed_off_at is waiting for the relay to publish it to Kafka.
CREATE TABLE jobs (
    id             UUID         PRIMARY KEY,
    tenant         TEXT         NOT NULL,
    task           TEXT         NOT NULL,
    expert_id      TEXT         NOT NULL,
    state          TEXT         NOT NULL,
    request        JSONB        NOT NULL,
    routing        JSONB        NOT NULL,
    result         JSONB,
    error          JSONB,
    created_at     TIMESTAMPTZ  NOT NULL,
    handed_off_at  TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    deadline       TIMESTAMPTZ  NOT NULL,
    expires_at     TIMESTAMPTZ  NOT NULL
);

CREATE INDEX jobs_waiting ON jobs (created_at) WHERE handed_off_at IS NULL;
CREATE INDEX jobs_unfinished ON jobs (deadline) WHERE finished_at IS NULL;
CREATE INDEX jobs_expiry ON jobs (expires_at);
