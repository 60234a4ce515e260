-- Times are INTEGER microseconds since the Unix epoch, UTC: exact, compact,
-- and ordered the same way numerically as in time.
-- JSON columns hold TEXT documents written by encoding/json.

CREATE TABLE incidents (
    org_id      INTEGER NOT NULL,
    id          TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    services    TEXT    NOT NULL, -- JSON array, in the order given
    summary     TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    version     INTEGER NOT NULL,
    details     TEXT    NOT NULL, -- JSON object (incident.Details)
    PRIMARY KEY (org_id, id)
);

-- One index per list order; each ends with id, the tiebreak, so a page is
-- read straight from the index. Status and severity lead where they filter.
CREATE INDEX incidents_created  ON incidents (org_id, created_at, id);
CREATE INDEX incidents_updated  ON incidents (org_id, updated_at, id);
CREATE INDEX incidents_severity ON incidents (org_id, severity, id);
CREATE INDEX incidents_status   ON incidents (org_id, status, created_at, id);

-- The services of an incident as rows, so a list can filter on one.
CREATE TABLE incident_services (
    org_id      INTEGER NOT NULL,
    incident_id TEXT    NOT NULL,
    service     TEXT    NOT NULL,
    PRIMARY KEY (org_id, incident_id, service),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);
CREATE INDEX incident_services_by_service ON incident_services (org_id, service, incident_id);

CREATE TABLE events (
    org_id      INTEGER NOT NULL,
    incident_id TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    payload     TEXT, -- JSON object or NULL
    PRIMARY KEY (org_id, incident_id, seq),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- The last id number handed out per org and UTC day (INC-YYYY-MM-DD-NNN).
CREATE TABLE incident_counters (
    org_id INTEGER NOT NULL,
    day    TEXT    NOT NULL, -- YYYY-MM-DD
    last   INTEGER NOT NULL,
    PRIMARY KEY (org_id, day)
);
