-- Each incident's insights record (insights.Record, issue 20): its times and
-- outcomes, computed by the scheduler's projection with its timers and
-- stored in the same transaction under the same epoch check (SaveProjections),
-- so the Insights page reads a year of incidents without their timelines.
--
-- A record holds while its incident's timers projection does (migration
-- 0010): proj_epoch equal to the incident's, and the incident's next_due_at
-- later than the time asked. Outcomes turn from pending to breached only at
-- a timer's due time, which next_due_at covers; every write the record reads
-- (the incident row, an event of store.ProjectionKinds) makes it dirty. A
-- record that is stale or missing (no projection since this migration, or
-- one by an older release running beside this one) is computed by its reader
-- (insightsstore.Rows), so a figure never lags the timeline.
--
-- Times are the dialect's like every other table's: aggregates in SQL (the
-- benchmark's baseline) subtract them per engine, the store reads them back
-- exactly. Outcomes are insights.Outcome ('' where the level has no such
-- target). open_due is the due dates (YYYY-MM-DD, sorted) of the post-mortem's
-- open action items, comma-joined, NULL when none is open; at most
-- store.MaxOpenDue (postmortem.MaxActionItems, 50) of them, so at most
-- 50 × 10 + 49 characters.
CREATE TABLE incident_insights (
    org_id          {{.Int}} NOT NULL,
    incident_id     {{.Key}} NOT NULL,
    proj_epoch      {{.Int}} NOT NULL, -- the incident's proj_epoch it was computed at
    severity        {{.Key}} NOT NULL, -- the most severe level reached
    status          {{.Key}} NOT NULL,
    policy_version  {{.Int}} NOT NULL,
    declared        {{.Time}} NOT NULL,
    impact_start    {{.Time}} NOT NULL,
    impact_from     {{.Text}} NOT NULL,
    detected        {{.Time}} NOT NULL,
    acknowledged    {{.Time}},
    mitigated       {{.Time}},
    resolved        {{.Time}},
    reopened        {{.Int}} NOT NULL,
    proposed_impact {{.Time}},
    respond         {{.Text}} NOT NULL,
    resolve         {{.Text}} NOT NULL,
    updates         {{.Text}} NOT NULL,
    postmortem      {{.Text}} NOT NULL,
    missed_updates  {{.Int}} NOT NULL,
    escalations     {{.Int}} NOT NULL,
    pages           {{.Int}} NOT NULL,
    action_items    {{.Int}} NOT NULL,
    open_due        {{.Text}} CHECK (length(open_due) <= 549),
    PRIMARY KEY (org_id, incident_id),
    FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- A range of an org's records by declaration, straight off this table: an
-- aggregate in SQL (the benchmark's baseline, a future data source query).
CREATE INDEX incident_insights_declared ON incident_insights (org_id, declared);

-- Every incident is dirty: the first ticks after the upgrade project each
-- once, 500 per page, and so store its record. Until then its reader
-- computes it.
UPDATE incidents SET next_due_at = NULL;
