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
	c := newTableColumns(len(items))
	for _, it := range items {
		if inc := it.Incident; q.Matches(inc) && r.overlaps(inc) {
			c.add(inc)
		}
	}
	frame := data.NewFrame("incidents",
		data.NewField("id", nil, c.id),
		data.NewField("title", nil, c.title),
		data.NewField("severity", nil, c.severity),
		data.NewField("status", nil, c.status),
		data.NewField("services", nil, c.services),
		data.NewField("createdAt", nil, c.createdAt),
		data.NewField("resolvedAt", nil, c.resolvedAt),
		data.NewField("createdBy", nil, c.createdBy),
		data.NewField("dashboardUid", nil, c.dashboardUID),
	)
	frame.RefID = refID
	return frame
}

// tableColumns are the table's fields, filled a row at a time (not
// data.Frame.AppendRow: see annotationColumns).
type tableColumns struct {
	id, title, severity, status, services, createdBy, dashboardUID []string
	createdAt                                                      []time.Time
	resolvedAt                                                     []*time.Time
}

// newTableColumns has room for n rows in each field.
func newTableColumns(n int) tableColumns {
	strs := func() []string { return make([]string, 0, n) }
	return tableColumns{id: strs(), title: strs(), severity: strs(), status: strs(), services: strs(), createdBy: strs(),
		dashboardUID: strs(), createdAt: make([]time.Time, 0, n), resolvedAt: make([]*time.Time, 0, n)}
}

func (c *tableColumns) add(inc incident.Incident) {
	var resolved *time.Time
	if inc.ResolvedAt != nil {
		t := inc.ResolvedAt.UTC()
		resolved = &t
	}
	c.id, c.title = append(c.id, inc.ID), append(c.title, inc.Title)
	c.severity, c.status = append(c.severity, string(inc.Severity)), append(c.status, string(inc.Status))
	c.services, c.createdBy = append(c.services, strings.Join(inc.Services, ",")), append(c.createdBy, inc.CreatedBy)
	c.createdAt, c.resolvedAt = append(c.createdAt, inc.CreatedAt.UTC()), append(c.resolvedAt, resolved)
	c.dashboardUID = append(c.dashboardUID, inc.Details.Links.DashboardUID)
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
