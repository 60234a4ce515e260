-- Each org's app settings as its plugin instance last received them, so the
-- back end can wake the org when the process starts (no request needed).
-- sealed is the secure JSON encrypted by the plugin (AES-256-GCM); NULL when
-- it had no key.
CREATE TABLE org_snapshots (
    org_id   {{.Int}} PRIMARY KEY,
    updated  {{.Time}} NOT NULL,
    body     {{.Text}} NOT NULL,
    sealed   {{.Bytes}},
    saved_at {{.Time}} NOT NULL
);
