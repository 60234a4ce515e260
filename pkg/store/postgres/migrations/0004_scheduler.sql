-- Open incidents of every org, for the scheduler's tick (one indexed scan).
CREATE INDEX incidents_open ON incidents (org_id, id) WHERE status <> 'resolved';

-- Firings the scheduler applied: the row is inserted in the transaction that
-- applies the firing's effects, so with several back ends on this database
-- each (incident, key) fires once; a lost race stores nothing.
CREATE TABLE firings (
    org_id      bigint      NOT NULL,
    incident_id text        COLLATE "C" NOT NULL,
    key         text        COLLATE "C" NOT NULL,
    fired_at    timestamptz NOT NULL,
    PRIMARY KEY (org_id, incident_id, key),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- Transactional outbox: notifications inserted with their cause, delivered
-- by whichever back end leases them (FOR UPDATE SKIP LOCKED).
CREATE TABLE outbox (
    id              bigserial   PRIMARY KEY,
    org_id          bigint      NOT NULL,
    incident_id     text        COLLATE "C" NOT NULL,
    channel         text        NOT NULL,
    delivery_id     text        NOT NULL UNIQUE, -- idempotency key receivers see
    payload         text        NOT NULL,        -- notify.Message as JSON
    status          text        NOT NULL DEFAULT 'pending', -- pending | delivered | failed
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text        NOT NULL DEFAULT '',
    lease_owner     text        NOT NULL DEFAULT '',
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL,
    done_at         timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';

-- The non-secret part of each org's notification channels (JSON), written
-- when the org's plugin instance starts; URLs and secrets stay in Grafana.
CREATE TABLE channel_routes (
    org_id     bigint      PRIMARY KEY,
    body       text        NOT NULL,
    updated_at timestamptz NOT NULL
);
