// Package demo fills an empty org with incidents from the runbooks'
// scenarios, for a first look at the app.
package demo

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/declare"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// demoIncident is one scenario from the runbooks in shared/seeds, aged so the
// list shows a realistic mix of fresh and old incidents.
type demoIncident struct {
	ago      time.Duration
	title    string
	severity incident.Severity
	status   incident.Status
	services []string
	summary  string
	note     string
}

var demoIncidents = []demoIncident{
	{26 * time.Hour, "Status page typo in maintenance banner", incident.P4, incident.Resolved, []string{"status-page"},
		"Cosmetic typo reported by support.", "Fixed in the CMS; no customer impact."},
	{5 * time.Hour, "Redis cache unavailable for session store", incident.P2, incident.Monitoring, []string{"auth-api", "redis"},
		"Logins failing intermittently; ElastiCache node replaced.", "Failover complete, watching error rate."},
	{90 * time.Minute, "Elevated p99 latency on search", incident.P3, incident.Identified, []string{"search-api"},
		"p99 above 500 ms since the last deploy.", "Suspect the new ranking query; rollback candidate identified in ECR."},
	{40 * time.Minute, "Database connection pool exhausted", incident.P2, incident.Investigating, []string{"orders-api", "orders-db"},
		"DatabaseConnections near max_connections; orders timing out.", "Idle connections older than 10 min found."},
	{12 * time.Minute, "Checkout API returning 502s", incident.P1, incident.Investigating, []string{"checkout-api"},
		"ALB target group reports all targets unhealthy; over half of checkouts failing.", "Paging senior engineer per escalation tier."},
}

// Seed creates the demo incidents in orgID as author, aged back from now,
// and returns how many it created. It refuses to touch an org that already
// has incidents (0), so it can never mix demo and real data.
func Seed(ctx context.Context, st store.Store, orgID int64, author string, now time.Time) (int, error) {
	page, err := st.ListIncidents(ctx, orgID, store.Filter{Limit: 1})
	if err != nil {
		return 0, err
	}
	if page.Total > 0 {
		return 0, nil
	}
	for _, d := range demoIncidents {
		at := now.Add(-d.ago)
		n, declared, err := declare.New(ctx, st, orgID, author, incident.Declare{Title: d.title, Severity: d.severity, Services: d.services, Summary: d.summary}, at)
		if err != nil {
			return 0, err
		}
		inc, err := st.CreateIncident(ctx, orgID, n, []store.NewEvent{
			declared, {Kind: incident.EventNote, Author: author, At: at.Add(d.ago / 3), Payload: incident.PayloadMap(incident.NotePayload{Text: d.note})},
		})
		if err != nil {
			return 0, err
		}
		if d.status != incident.Investigating {
			status := d.status
			next, events, err := incident.Apply(inc, incident.Update{Version: inc.Version, Status: &status, Reason: "demo data"}, author, at.Add(d.ago/2))
			if err != nil {
				return 0, err
			}
			if _, err := st.UpdateIncident(ctx, next, timeline.NewEvents(events)); err != nil {
				return 0, err
			}
		}
	}
	return len(demoIncidents), nil
}
