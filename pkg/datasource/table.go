package datasource

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
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

// OnCallFrame is who is on call at now and who is next, one row per
// schedule in recs (the store's order: by id), only those q.Schedules names
// when it names any. now is the data source's clock, not the query's range:
// a dashboard asks who is on call now. The answer is schedule.NowAndNext, as
// the schedules API gives it: onCall is the login on now ("" when nobody) and
// until the end of that piece of the final schedule (null when nobody); next
// is the first different person after now within 90 days and nextFrom when
// they start ("" and null when nobody is due). A document that does not
// decode is left out with a warning notice naming it; an id q.Schedules
// names that the org does not have gets an info notice.
func OnCallFrame(refID string, recs []store.ScheduleRecord, q Query, now time.Time) *data.Frame {
	frame := data.NewFrame("oncall",
		data.NewField("schedule", nil, []string{}).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Schedule"}),
		data.NewField("name", nil, []string{}).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Name"}),
		data.NewField("timeZone", nil, []string{}).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Time zone"}),
		data.NewField("onCall", nil, []string{}).SetConfig(&data.FieldConfig{DisplayNameFromDS: "On call now"}),
		data.NewField("until", nil, []*time.Time{}).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Until"}),
		data.NewField("next", nil, []string{}).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Next"}),
		data.NewField("nextFrom", nil, []*time.Time{}).SetConfig(&data.FieldConfig{DisplayNameFromDS: "From"}),
	)
	frame.RefID = refID
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	found := map[string]bool{}
	var unreadable []string
	for _, rec := range recs {
		if len(q.Schedules) > 0 && !contains(q.Schedules, rec.ID) {
			continue
		}
		found[rec.ID] = true
		var s schedule.Schedule
		if err := json.Unmarshal(rec.Body, &s); err != nil {
			unreadable = append(unreadable, rec.ID)
			continue
		}
		name := s.Name
		if name == "" {
			name = rec.Name
		}
		var who, next string
		var until, from *time.Time
		on, after := s.NowAndNext(now)
		if on != nil {
			t := on.End.UTC()
			who, until = on.User, &t
		}
		if after != nil {
			t := after.Start.UTC()
			next, from = after.User, &t
		}
		frame.AppendRow(rec.ID, name, s.TimeZone, who, until, next, from)
	}
	if len(unreadable) > 0 {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: fmt.Sprintf(
			"Warroom could not read the on-call schedule document of %s; it is left out. Open it on the schedules page and save it again.",
			strings.Join(unreadable, ", "))})
	}
	var missing []string
	for _, id := range q.Schedules {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(
			"This organization has no on-call schedule %s.", strings.Join(missing, ", "))})
	}
	return frame
}
