-- Types are the dialect's words (sqlstore.Words). Times keep microseconds:
-- SQLite stores UTC microseconds since the epoch as integers, PostgreSQL
-- timestamptz. {{.Key}} columns sort in byte order on both engines, so lists
-- sort the same whatever the cluster's locale, and the indexes serve ORDER BY.

CREATE TABLE incidents (
    org_id      {{.Int}} NOT NULL,
    id          {{.Key}} NOT NULL,
    title       {{.Text}} NOT NULL,
    severity    {{.Key}} NOT NULL,
    status      {{.Key}} NOT NULL,
    services    {{.JSON}} NOT NULL, -- JSON array, in the order given
    summary     {{.Text}} NOT NULL,
    created_by  {{.Text}} NOT NULL,
    created_at  {{.Time}} NOT NULL,
    updated_at  {{.Time}} NOT NULL,
    resolved_at {{.Time}},
    version     {{.Int}} NOT NULL,
    details     {{.JSON}} NOT NULL, -- JSON object (incident.Details)
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
    org_id      {{.Int}} NOT NULL,
    incident_id {{.Key}} NOT NULL,
    service     {{.Key}} NOT NULL,
    PRIMARY KEY (org_id, incident_id, service),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);
CREATE INDEX incident_services_by_service ON incident_services (org_id, service, incident_id);

CREATE TABLE events (
    org_id      {{.Int}} NOT NULL,
    incident_id {{.Key}} NOT NULL,
    seq         {{.Int}} NOT NULL,
    kind        {{.Text}} NOT NULL,
    author      {{.Text}} NOT NULL,
    at          {{.Time}} NOT NULL,
    payload     {{.JSON}}, -- JSON object or NULL
    PRIMARY KEY (org_id, incident_id, seq),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- The last id number handed out per org and UTC day (INC-YYYY-MM-DD-NNN).
CREATE TABLE incident_counters (
    org_id {{.Int}} NOT NULL,
    day    {{.Text}} NOT NULL, -- YYYY-MM-DD (UTC)
    last   {{.Int}} NOT NULL,
    PRIMARY KEY (org_id, day)
);
