-- On-call (store.OnCall): schedules, the ways to reach each person, secret
-- calendar feeds and the key that signs acknowledge links. The store bounds
-- every value before it writes (oncall*.go, with an error naming the field);
-- the CHECKs are the same bounds, so a row written around the store cannot
-- exceed what the code reads. length() counts characters of text and bytes of
-- blobs on both engines; octet_length() counts the bytes of text.

-- One row per schedule; version grows by one on each save (optimistic
-- concurrency, as incidents). Text, not JSON, so the document comes back
-- exactly as written.
CREATE TABLE oncall_schedules (
    org_id     {{.Int}} NOT NULL,
    id         {{.Key}} NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
    name       {{.Text}} NOT NULL CHECK (length(name) <= 200),
    body       {{.Text}} NOT NULL CHECK (octet_length(body) <= 262144), -- JSON document (schedule.Schedule)
    version    {{.Int}} NOT NULL CHECK (version >= 1),
    updated_by {{.Text}} NOT NULL CHECK (length(updated_by) <= 200),
    updated_at {{.Time}} NOT NULL,
    PRIMARY KEY (org_id, id)
);

-- A person's contact methods, paged in position order. sealed is the secret
-- part sealed by the caller (pkg/seal), NULL when the method has none.
CREATE TABLE contact_methods (
    org_id     {{.Int}} NOT NULL,
    login      {{.Key}} NOT NULL CHECK (length(login) BETWEEN 1 AND 200),
    id         {{.Key}} NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
    kind       {{.Text}} NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
    config     {{.Text}} NOT NULL CHECK (octet_length(config) <= 4096), -- JSON, the non-secret part
    sealed     {{.Bytes}} CHECK (length(sealed) <= 4096),
    position   {{.Int32}} NOT NULL,
    updated_at {{.Time}} NOT NULL,
    PRIMARY KEY (org_id, login, id)
);

-- Secret iCalendar URLs: only the token's SHA-256 is stored. A feed is found
-- by its hash whatever its org (the token is the authority), so the hash is
-- unique across orgs.
CREATE TABLE calendar_feeds (
    id           {{.Serial}},
    org_id       {{.Int}} NOT NULL,
    token_hash   {{.Bytes}} NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    subject_kind {{.Text}} NOT NULL CHECK (subject_kind IN ('schedule', 'user')),
    subject_id   {{.Text}} NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 200),
    created_by   {{.Text}} NOT NULL CHECK (length(created_by) <= 200),
    created_at   {{.Time}} NOT NULL,
    revoked_at   {{.Time}}
);
CREATE INDEX calendar_feeds_org ON calendar_feeds (org_id);

-- The key of each org that signs acknowledge links: the first back end to
-- need it inserts a random one, every other reads that one. Its row is also
-- what the writes bounded by a count lock (schedules per org, contact methods
-- per login), so two back ends cannot both add the last one allowed.
CREATE TABLE oncall_keys (
    org_id     {{.Int}} PRIMARY KEY,
    key        {{.Bytes}} NOT NULL CHECK (length(key) = 32),
    created_at {{.Time}} NOT NULL
);
