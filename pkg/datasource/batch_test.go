package datasource_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/datasource"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

// TestRangeIsComplete: a range shows every incident open during it — the
// ones the scan of the newest 5,000 used to drop (an incident declared long
// before the range and still open, its events inside the range) included —
// reading events a batch of incidents per store call. Past the limit a query
// answers its first rows, whole incidents newest first, with a notice that
// counts what it left out; at the limit exactly, no notice.
func TestRangeIsComplete(t *testing.T) {
	for name, settings := range backends(t) {
		t.Run(name, func(t *testing.T) {
			counting := &storetest.ReadCounter{Store: datasource.StoreOf(open(t, settings))}
			st := counting
			now := day.Add(30 * 24 * time.Hour)
			ds := datasource.NewWithStore(counting, nil, name, func() time.Time { return now })
			from, to := day.Add(10*24*time.Hour), day.Add(20*24*time.Hour)
			resolve := func(inc incident.Incident, at time.Time) {
				t.Helper()
				inc.Status, inc.ResolvedAt = incident.Resolved, &at
				if _, err := st.UpdateIncident(t.Context(), inc, []store.NewEvent{{Kind: incident.EventStatusChanged, Author: "alice",
					At: at, Payload: map[string]any{"from": "monitoring", "to": "resolved"}}}); err != nil {
					t.Fatal(err)
				}
			}
			note := func(inc incident.Incident, kind incident.EventKind, at time.Time, payload map[string]any) {
				t.Helper()
				if _, err := st.AppendEvents(t.Context(), 1, inc.ID, []store.NewEvent{{Kind: kind, Author: "bob", At: at, Payload: payload}}); err != nil {
					t.Fatal(err)
				}
			}
			// Declared 300 days before the range, still open, updated inside it.
			old := declare(t, st, 1, "old and open", incident.P3, day.Add(-300*24*time.Hour), time.Minute)
			note(old, incident.EventStatusUpdate, from.Add(5*24*time.Hour), map[string]any{"subject": "Still watching"})
			note(old, incident.EventNote, from.Add(5*24*time.Hour), map[string]any{"text": "not an annotation"})
			// Declared before the range, resolved inside it.
			before := declare(t, st, 1, "resolved inside", incident.P2, from.Add(-5*24*time.Hour), 0)
			resolve(before, from.Add(2*24*time.Hour))
			// Over before the range: not shown.
			over := declare(t, st, 1, "over before", incident.P2, day, 0)
			resolve(over, day.Add(time.Hour))
			var inside []incident.Incident
			for i := range 6 {
				inside = append(inside, declare(t, st, 1, fmt.Sprintf("inside %d", i), incident.P2, from.Add(24*time.Hour+time.Duration(i)*time.Hour), 0))
			}
			declare(t, st, 1, "after", incident.P2, to.Add(24*time.Hour), 0)
			declare(t, st, 2, "other org", incident.P1, from.Add(time.Hour), 0)

			newestFirst := []string{inside[5].ID, inside[4].ID, inside[3].ID, inside[2].ID, inside[1].ID, inside[0].ID, before.ID, old.ID}
			// Rows: each inside incident its region and declared; before its
			// region and resolution; old its region and status update.
			annotations := []string{}
			for _, inc := range inside[:] {
				annotations = append([]string{inc.ID + "|duration|", inc.ID + "|declared|"}, annotations...)
			}
			annotations = append(annotations, before.ID+"|duration|", before.ID+"|status_changed|", old.ID+"|duration|", old.ID+"|status_update|")

			cases := []struct {
				query, field string
				limit        int
				want         []string
				notice       string
			}{
				{`{"queryType":"annotations"}`, "incidentId", 16, annotations, ""},
				{`{"queryType":"annotations"}`, "incidentId", 15, annotations[:14], datasource.LimitNotice(datasource.QueryAnnotations, 15, 7, 8)},
				{`{"queryType":"annotations"}`, "incidentId", 13, annotations[:12], datasource.LimitNotice(datasource.QueryAnnotations, 13, 6, 8)},
				{`{"queryType":"annotations","tag":"` + old.ID + `"}`, "incidentId", 16, annotations[14:], ""},
				{`{"queryType":"annotations","tag":"warroom","severity":"P3"}`, "incidentId", 16, annotations[14:], ""},
				{`{"queryType":"incidents"}`, "id", 8, newestFirst, ""},
				{`{"queryType":"incidents"}`, "id", 7, newestFirst[:7], datasource.LimitNotice(datasource.QueryIncidents, 7, 7, 8)},
				{`{"queryType":"incidents","tag":"P2"}`, "id", 8, newestFirst[:7], ""},
			}
			for _, c := range cases {
				datasource.SetLimit(ds, c.limit, 2)
				dr := query(t, ds, 1, c.query, from, to)
				fields := []string{c.field}
				if c.field == "incidentId" {
					fields = append(fields, "kind")
				}
				got := rows(t, dr, fields...)
				if c.field == "id" {
					got = trimBars(got)
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("%s, limit %d:\n got %q\nwant %q", c.query, c.limit, got, c.want)
				}
				checkNotice(t, c.query, dr.Frames[0], c.notice)
			}

			// Timers: the open incidents as of now, whatever the range.
			open := 8 // old, the six inside and the one after the range
			for _, limit := range []int{open, open - 1} {
				datasource.SetLimit(ds, limit, 2)
				dr := query(t, ds, 1, `{"queryType":"timers"}`, from, to)
				got := distinct(rows(t, dr, "incidentId"))
				if want := min(open, limit); len(got) != want || !slices.Contains(got, inside[5].ID) {
					t.Errorf("timers, limit %d: incidents %q, want the newest %d", limit, got, want)
				}
				notice := ""
				if limit < open {
					notice = datasource.LimitNotice(datasource.QueryTimers, limit, limit, open)
				}
				checkNotice(t, "timers", dr.Frames[0], notice)
			}

			// Events are read a batch of incidents per call, never per incident.
			counting.Batches.Store(0)
			datasource.SetLimit(ds, 100, 3)
			query(t, ds, 1, `{"queryType":"annotations"}`, from, to)
			if got := counting.Batches.Load(); got != 3 || counting.Lists.Load() != 0 {
				t.Errorf("8 incidents in batches of 3: %d batched reads and %d whole timelines, want 3 and 0", got, counting.Lists.Load())
			}
		})
	}
}

func checkNotice(t *testing.T, what string, f *data.Frame, want string) {
	t.Helper()
	var got []data.Notice
	if f.Meta != nil {
		got = f.Meta.Notices
	}
	if want == "" && len(got) != 0 {
		t.Errorf("%s: a complete answer has notices %+v", what, got)
	}
	if want != "" && (len(got) != 1 || got[0].Severity != data.NoticeSeverityWarning || got[0].Text != want) {
		t.Errorf("%s: notices %+v, want one warning %q", what, got, want)
	}
}

func trimBars(rows []string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.TrimSuffix(r, "|")
	}
	return out
}

// distinct is the rows' first cells, each once, in order.
func distinct(rows []string) []string {
	var out []string
	for _, r := range rows {
		if id, _, _ := strings.Cut(r, "|"); !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// TestAnnotationKindsCoverTitles: the store reads only AnnotationKinds for
// annotations, so no other kind may have a title.
func TestAnnotationKindsCoverTitles(t *testing.T) {
	for _, k := range []incident.EventKind{incident.EventNote, incident.EventTitleChanged, incident.EventReopened,
		incident.EventChecklist, incident.EventRolesChanged, incident.EventReportsChanged, incident.EventFlagsChanged,
		incident.EventPostmortem, incident.EventAlertFiring, incident.EventAlertResolved, incident.EventSeveritySuggested,
		incident.EventEscalation, incident.EventUpdateDue, incident.EventNotificationDelivered,
		incident.EventNotificationFailed, incident.EventRemediationRun, incident.EventImpactChanged} {
		if slices.Contains(datasource.AnnotationKinds, k) {
			continue
		}
		e := incident.Event{Kind: k, Payload: map[string]any{"from": "P3", "to": "resolved", "step": "acknowledge", "subject": "s"}}
		if title := datasource.EventTitle(e); title != "" {
			t.Errorf("%s has the title %q but is not in AnnotationKinds: its annotations would never be read", k, title)
		}
	}
}
