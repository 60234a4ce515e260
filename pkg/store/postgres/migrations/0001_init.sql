-- timestamptz keeps microseconds, which is the precision the store promises.
-- Keys and sorted codes are COLLATE "C" (byte order): lists sort the same as
-- in SQLite whatever the cluster's locale, and the indexes serve ORDER BY.

CREATE TABLE incidents (
    org_id      bigint      NOT NULL,
    id          text        COLLATE "C" NOT NULL,
    title       text        NOT NULL,
    severity    text        COLLATE "C" NOT NULL,
    status      text        COLLATE "C" NOT NULL,
    services    jsonb       NOT NULL, -- array, in the order given
    summary     text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    resolved_at timestamptz,
    version     bigint      NOT NULL,
    details     jsonb       NOT NULL, -- incident.Details
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
    org_id      bigint NOT NULL,
    incident_id text   COLLATE "C" NOT NULL,
    service     text   COLLATE "C" NOT NULL,
    PRIMARY KEY (org_id, incident_id, service),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);
CREATE INDEX incident_services_by_service ON incident_services (org_id, service, incident_id);

CREATE TABLE events (
    org_id      bigint      NOT NULL,
    incident_id text        COLLATE "C" NOT NULL,
    seq         bigint      NOT NULL,
    kind        text        NOT NULL,
    author      text        NOT NULL,
    at          timestamptz NOT NULL,
    payload     jsonb,
    PRIMARY KEY (org_id, incident_id, seq),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- The last id number handed out per org and UTC day (INC-YYYY-MM-DD-NNN).
CREATE TABLE incident_counters (
    org_id bigint NOT NULL,
    day    text   NOT NULL, -- YYYY-MM-DD (UTC)
    last   bigint NOT NULL,
    PRIMARY KEY (org_id, day)
);
