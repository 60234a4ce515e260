package datasource

import (
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// IncidentsFrame is the table of the incidents that match q and overlap r,
// in the order given (the store's: newest first).
func IncidentsFrame(refID string, items []Timeline, q Query, r Range) *data.Frame {
	frame := data.NewFrame("incidents",
		data.NewField("id", nil, []string{}),
		data.NewField("title", nil, []string{}),
		data.NewField("severity", nil, []string{}),
		data.NewField("status", nil, []string{}),
		data.NewField("services", nil, []string{}),
		data.NewField("createdAt", nil, []time.Time{}),
		data.NewField("resolvedAt", nil, []*time.Time{}),
		data.NewField("createdBy", nil, []string{}),
		data.NewField("dashboardUid", nil, []string{}),
	)
	for _, it := range items {
		inc := it.Incident
		if !q.Matches(inc) || !r.overlaps(inc) {
			continue
		}
		var resolved *time.Time
		if inc.ResolvedAt != nil {
			t := inc.ResolvedAt.UTC()
			resolved = &t
		}
		frame.AppendRow(inc.ID, inc.Title, string(inc.Severity), string(inc.Status), strings.Join(inc.Services, ","),
			inc.CreatedAt.UTC(), resolved, inc.CreatedBy, inc.Details.Links.DashboardUID)
	}
	frame.RefID = refID
	return frame
}

// PolicyFor returns the policy an incident runs under; the caller loads it
// (the store holds the versions).
type PolicyFor func(inc incident.Incident) policy.Policy

// TimersFrame is one row per timer of each open incident that matches q,
// computed by pkg/timers as of now: what the timers panel and the incident
// page show, as a table Grafana can chart or alert on.
func TimersFrame(refID string, items []Timeline, q Query, now time.Time, policyFor PolicyFor) *data.Frame {
	frame := data.NewFrame("timers",
		data.NewField("incidentId", nil, []string{}),
		data.NewField("severity", nil, []string{}),
		data.NewField("kind", nil, []string{}),
		data.NewField("label", nil, []string{}),
		data.NewField("due", nil, []*time.Time{}),
		data.NewField("secondsLeft", nil, []*float64{}),
		data.NewField("state", nil, []string{}),
		data.NewField("who", nil, []string{}),
	)
	for _, it := range items {
		inc := it.Incident
		if inc.Status == incident.Resolved || !q.Matches(inc) {
			continue
		}
		out := timers.Compute(timers.Input{Incident: inc, Events: it.Events, Policy: policyFor(inc), Now: now})
		for _, t := range out.Timers {
			var due *time.Time
			var left *float64
			if t.Due != nil {
				d := t.Due.UTC()
				s := d.Sub(now).Seconds()
				due, left = &d, &s
			}
			frame.AppendRow(inc.ID, string(inc.Severity), t.Kind, t.Label, due, left, string(t.State), t.Who)
		}
	}
	frame.RefID = refID
	return frame
}
