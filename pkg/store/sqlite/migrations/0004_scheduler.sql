-- Times are INTEGER microseconds since the Unix epoch, UTC (see 0001).
-- Open incidents of every org, for the scheduler's tick (one indexed scan).
CREATE INDEX incidents_open ON incidents (org_id, id) WHERE status <> 'resolved';

-- Firings the scheduler applied: the row is inserted in the transaction that
-- applies the firing's effects, so with several back ends on this database
-- each (incident, key) fires once; a lost race stores nothing.
CREATE TABLE firings (
    org_id      INTEGER     NOT NULL,
    incident_id TEXT        NOT NULL,
    key         TEXT        NOT NULL,
    fired_at    INTEGER     NOT NULL,
    PRIMARY KEY (org_id, incident_id, key),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- Transactional outbox: notifications inserted with their cause, delivered
-- by whichever back end leases them (one writer: no two leases overlap).
CREATE TABLE outbox (
    id              INTEGER     PRIMARY KEY AUTOINCREMENT,
    org_id          INTEGER     NOT NULL,
    incident_id     TEXT        NOT NULL,
    channel         TEXT        NOT NULL,
    delivery_id     TEXT        NOT NULL UNIQUE, -- idempotency key receivers see
    payload         TEXT        NOT NULL,        -- notify.Message as JSON
    status          TEXT        NOT NULL DEFAULT 'pending', -- pending | delivered | failed
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at INTEGER     NOT NULL,
    last_error      TEXT        NOT NULL DEFAULT '',
    lease_owner     TEXT        NOT NULL DEFAULT '',
    lease_until     INTEGER,
    created_at      INTEGER     NOT NULL,
    done_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';

-- The non-secret part of each org's notification channels (JSON), written
-- when the org's plugin instance starts; URLs and secrets stay in Grafana.
CREATE TABLE channel_routes (
    org_id     INTEGER     PRIMARY KEY,
    body       TEXT        NOT NULL,
    updated_at INTEGER     NOT NULL
);
