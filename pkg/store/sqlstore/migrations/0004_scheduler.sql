-- Open incidents of every org, for the scheduler's tick (one indexed scan).
CREATE INDEX incidents_open ON incidents (org_id, id) WHERE status <> 'resolved';

-- Firings the scheduler applied: the row is inserted in the transaction that
-- applies the firing's effects, so with several back ends on this database
-- each (incident, key) fires once; a lost race stores nothing.
CREATE TABLE firings (
    org_id      {{.Int}} NOT NULL,
    incident_id {{.Key}} NOT NULL,
    key         {{.Key}} NOT NULL,
    fired_at    {{.Time}} NOT NULL,
    PRIMARY KEY (org_id, incident_id, key),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- Transactional outbox: notifications inserted with their cause, delivered
-- by whichever back end leases them (one SQLite writer, or FOR UPDATE SKIP
-- LOCKED: no two leases overlap).
CREATE TABLE outbox (
    id              {{.Serial}},
    org_id          {{.Int}} NOT NULL,
    incident_id     {{.Key}} NOT NULL,
    channel         {{.Text}} NOT NULL,
    delivery_id     {{.Text}} NOT NULL UNIQUE, -- idempotency key receivers see
    payload         {{.Text}} NOT NULL,        -- notify.Message as JSON
    status          {{.Text}} NOT NULL DEFAULT 'pending', -- pending | delivered | failed
    attempts        {{.Int32}} NOT NULL DEFAULT 0,
    next_attempt_at {{.Time}} NOT NULL,
    last_error      {{.Text}} NOT NULL DEFAULT '',
    lease_owner     {{.Text}} NOT NULL DEFAULT '',
    lease_until     {{.Time}},
    created_at      {{.Time}} NOT NULL,
    done_at         {{.Time}}
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';

-- The non-secret part of each org's notification channels (JSON), written
-- when the org's plugin instance starts; URLs and secrets stay in Grafana.
CREATE TABLE channel_routes (
    org_id     {{.Int}} PRIMARY KEY,
    body       {{.Text}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
