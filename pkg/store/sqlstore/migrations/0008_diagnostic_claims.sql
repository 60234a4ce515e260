-- The running diagnostics run of each incident (issue 14): a second start
-- on the incident, from any back-end process, joins the run that holds the
-- claim. The claim is a lease the running process renews; once expires_at
-- is past (the process crashed), the next start takes it over. Finishing
-- the run deletes it.
CREATE TABLE diagnostic_claims (
    org_id      {{.Int}} NOT NULL,
    incident_id {{.Text}} NOT NULL,
    run_id      {{.Text}} NOT NULL,
    expires_at  {{.Time}} NOT NULL,
    PRIMARY KEY (org_id, incident_id)
);
