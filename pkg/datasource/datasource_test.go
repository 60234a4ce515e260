package datasource_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/datasource"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func TestMain(m *testing.M) { testpg.Main(m) }

var day = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

// backends are the data source settings for each real store: the SQLite
// file in dataDir, and PostgreSQL through the secure DSN.
func backends(t *testing.T) map[string]backend.DataSourceInstanceSettings {
	dir, _ := json.Marshal(map[string]string{"dataDir": t.TempDir()})
	return map[string]backend.DataSourceInstanceSettings{
		"sqlite":   {UID: "incidents", JSONData: dir},
		"postgres": {UID: "incidents", JSONData: json.RawMessage(`{}`), DecryptedSecureJSONData: map[string]string{"postgresDsn": testpg.DSN(t)}},
	}
}

func open(t *testing.T, s backend.DataSourceInstanceSettings) *datasource.Datasource {
	inst, err := datasource.New(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*datasource.Datasource)
	t.Cleanup(ds.Dispose)
	return ds
}

// declare stores an incident of org with a declared event at its time and,
// if ackAfter > 0, an acknowledge step.
func declare(t *testing.T, st store.Store, org int64, title string, sev incident.Severity, at time.Time, ackAfter time.Duration) incident.Incident {
	inc, err := st.CreateIncident(t.Context(), org, store.NewIncident{Title: title, Severity: sev, Status: incident.Investigating,
		Services: []string{"api"}, Author: "alice", At: at, Details: incident.Details{}.Normalize()},
		[]store.NewEvent{{Kind: incident.EventDeclared, Author: "alice", At: at}})
	if err != nil {
		t.Fatal(err)
	}
	if ackAfter > 0 {
		if _, err := st.AppendEvents(t.Context(), org, inc.ID, []store.NewEvent{{Kind: incident.EventStepCompleted,
			Author: "alice", At: at.Add(ackAfter), Payload: map[string]any{"step": "acknowledge"}}}); err != nil {
			t.Fatal(err)
		}
	}
	return inc
}

func query(t *testing.T, ds *datasource.Datasource, org int64, body string, from, to time.Time) backend.DataResponse {
	req := &backend.QueryDataRequest{
		PluginContext: backend.PluginContext{OrgID: org, DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: "incidents"}},
		Queries:       []backend.DataQuery{{RefID: "A", JSON: json.RawMessage(body), TimeRange: backend.TimeRange{From: from, To: to}}},
	}
	resp, err := ds.QueryData(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses["A"]
}

// rows renders each row of the first frame as "field=value ..." for the
// named fields, so a failure shows what a user would see.
func rows(t *testing.T, dr backend.DataResponse, fields ...string) []string {
	t.Helper()
	if dr.Error != nil {
		t.Fatalf("query failed: %v", dr.Error)
	}
	f := dr.Frames[0]
	out := []string{}
	for i := 0; i < f.Rows(); i++ {
		row := ""
		for _, name := range fields {
			fld, _ := f.FieldByName(name)
			if fld == nil {
				t.Fatalf("no field %q", name)
			}
			v := fld.At(i)
			if tp, ok := v.(time.Time); ok {
				v = tp.Sub(day).String()
			}
			if tp, ok := v.(*time.Time); ok && tp != nil {
				v = tp.Sub(day).String()
			}
			row += fmt.Sprintf("%v|", v)
		}
		out = append(out, row)
	}
	return out
}

func TestQueryDataAgainstRealStores(t *testing.T) {
	for name, settings := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ds := open(t, settings)
			datasource.SetNow(ds, func() time.Time { return day.Add(5 * time.Hour) })
			st := datasource.StoreOf(ds)
			one := declare(t, st, 1, "API down", incident.P2, day.Add(time.Hour), 5*time.Minute)
			two := declare(t, st, 2, "Org two outage", incident.P1, day.Add(time.Hour), 0)
			from, to := day, day.Add(4*time.Hour)

			t.Run("annotations: markers at the event times and the region of the open incident", func(t *testing.T) {
				got := rows(t, query(t, ds, 1, `{"queryType":"annotations"}`, from, to), "time", "timeEnd", "title")
				want := []string{"1h0m0s|4h0m0s|" + one.ID + " P2: API down|", "1h0m0s|1h0m0s|" + one.ID + " Declared|",
					"1h5m0s|1h5m0s|" + one.ID + " Acknowledged|"}
				if !slices.Equal(got, want) {
					t.Fatalf("org 1 annotations:\n got %q\nwant %q", got, want)
				}
			})
			t.Run("org isolation: org 2 never sees org 1", func(t *testing.T) {
				for _, qt := range []string{"annotations", "incidents", "timers"} {
					dr := query(t, ds, 2, `{"queryType":"`+qt+`"}`, from, to)
					if dr.Error != nil {
						t.Fatalf("org 2 %s query failed: %v", qt, dr.Error)
					}
					b, _ := json.Marshal(dr.Frames)
					// Ids are per org (both are INC-…-001): the titles tell them apart.
					if strings.Contains(string(b), "API down") {
						t.Fatalf("org 2 %s query shows org 1's incident: %s", qt, b)
					}
					if !strings.Contains(string(b), two.ID) || (qt != "timers" && !strings.Contains(string(b), two.Title)) {
						t.Fatalf("org 2 %s query misses its own incident: %s", qt, b)
					}
				}
			})
			t.Run("resolve closes the region at the resolution time", func(t *testing.T) {
				inc, err := st.GetIncident(t.Context(), 1, one.ID)
				if err != nil {
					t.Fatal(err)
				}
				resolvedAt := day.Add(2 * time.Hour)
				inc.Status, inc.ResolvedAt = incident.Resolved, &resolvedAt
				if _, err := st.UpdateIncident(t.Context(), inc, []store.NewEvent{{Kind: incident.EventStatusChanged, Author: "alice",
					At: resolvedAt, Payload: map[string]any{"from": "investigating", "to": "resolved"}}}); err != nil {
					t.Fatal(err)
				}
				got := rows(t, query(t, ds, 1, `{"queryType":"annotations","severity":"P2","service":"api"}`, from, to), "time", "timeEnd", "kind")
				want := []string{"1h0m0s|2h0m0s|duration|", "1h0m0s|1h0m0s|declared|", "1h5m0s|1h5m0s|step_completed|", "2h0m0s|2h0m0s|status_changed|"}
				if !slices.Equal(got, want) {
					t.Fatalf("after resolve:\n got %q\nwant %q", got, want)
				}
				if got := rows(t, query(t, ds, 1, `{"queryType":"timers"}`, from, to), "incidentId"); len(got) != 0 {
					t.Fatalf("a resolved incident still has running timers: %q", got)
				}
			})
			t.Run("table and filters", func(t *testing.T) {
				got := rows(t, query(t, ds, 1, `{"queryType":"incidents","severity":"P2"}`, from, to), "id", "status", "resolvedAt")
				if want := []string{one.ID + "|resolved|2h0m0s|"}; !slices.Equal(got, want) {
					t.Fatalf("table = %q, want %q", got, want)
				}
				if got := rows(t, query(t, ds, 1, `{"queryType":"incidents","service":"web"}`, from, to), "id"); len(got) != 0 {
					t.Fatalf("service filter let through %q", got)
				}
				if got := rows(t, query(t, ds, 1, `{"queryType":"incidents"}`, day.Add(3*time.Hour), to), "id"); len(got) != 0 {
					t.Fatalf("a range after the resolution shows %q", got)
				}
			})
			t.Run("bad query answers 400 for that query only", func(t *testing.T) {
				dr := query(t, ds, 1, `{"queryType":"logs"}`, from, to)
				if dr.Error == nil || dr.Status != backend.StatusBadRequest {
					t.Fatalf("status %v, error %v; want 400 with a reason", dr.Status, dr.Error)
				}
			})
			t.Run("health", func(t *testing.T) {
				res, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
				if err != nil || res.Status != backend.HealthStatusOk {
					t.Fatalf("health = %+v, %v", res, err)
				}
			})
		})
	}
}

// saveSchedule stores body as schedule id of org.
func saveSchedule(t *testing.T, st store.Store, org int64, id, name string, body []byte) {
	t.Helper()
	if _, err := st.SaveSchedule(t.Context(), org, store.ScheduleRecord{ID: id, Name: name, Body: body, UpdatedBy: "admin", UpdatedAt: day}, 0); err != nil {
		t.Fatal(err)
	}
}

func scheduleJSON(t *testing.T, s schedule.Schedule) []byte {
	t.Helper()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatalf("schedule %s: %v", s.ID, errs)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func notices(dr backend.DataResponse) []string {
	out := []string{}
	if dr.Frames[0].Meta != nil {
		for _, n := range dr.Frames[0].Meta.Notices {
			out = append(out, n.Severity.String()+": "+n.Text)
		}
	}
	return out
}

// The oncall query answers as of the data source's clock, whatever the
// panel's range; its columns are what the schedules API says (NowAndNext).
func TestOnCallQueryAgainstRealStores(t *testing.T) {
	cols := []string{"schedule", "name", "timeZone", "onCall", "until", "next", "nextFrom"}
	for name, settings := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ds := open(t, settings)
			now := day.Add(5 * time.Hour) // 2026-11-29 13:00 UTC, 14:00 in Berlin, 08:00 in New York
			datasource.SetNow(ds, func() time.Time { return now })
			st := datasource.StoreOf(ds)
			// Daily hand-offs at 09:00 Berlin time since 1 October: 09:00 was
			// 07:00 UTC in summer time and is 08:00 UTC (day) since 25 October.
			// Day 59 of the rotation is bob's; carol's override covers now.
			saveSchedule(t, st, 1, "primary", "Primary", scheduleJSON(t, schedule.Schedule{ID: "primary", Name: "Primary", TimeZone: "Europe/Berlin",
				Layers: []schedule.Layer{{Name: "daily", Rotation: &schedule.Rotation{Participants: []string{"alice", "bob"}, Every: 1,
					Unit: schedule.UnitDays, Start: "2026-10-01T09:00"}}},
				Overrides: []schedule.Override{{ID: "o1", User: "carol", Start: day.Add(4 * time.Hour), End: day.Add(7 * time.Hour), Reason: "swap"}}}))
			// Nobody on until the weekly rotation starts: 5 December 09:00 in
			// New York, 14:00 UTC.
			saveSchedule(t, st, 1, "weekend", "Weekend", scheduleJSON(t, schedule.Schedule{ID: "weekend", Name: "Weekend on-call", TimeZone: "America/New_York",
				Layers: []schedule.Layer{{Name: "weekly", Rotation: &schedule.Rotation{Participants: []string{"dave", "erin"}, Every: 1,
					Unit: schedule.UnitWeeks, Start: "2026-12-05T09:00"}}}}))
			saveSchedule(t, st, 1, "broken", "Broken", []byte(`{"id":"broken","layers":"not a list"}`))
			saveSchedule(t, st, 2, "primary", "Org two", scheduleJSON(t, schedule.Schedule{ID: "primary", Name: "Org two", TimeZone: "UTC",
				Layers: []schedule.Layer{{Name: "solo", Rotation: &schedule.Rotation{Participants: []string{"zed"}, Every: 1,
					Unit: schedule.UnitWeeks, Start: "2026-11-02T00:00"}}}}))
			// A range a year before now: the answer does not depend on it.
			from, to := day.AddDate(-1, 0, 0), day.AddDate(-1, 0, 1)

			cases := []struct {
				name, body string
				at         time.Time
				org        int64
				rows       []string
				notices    []string
			}{
				{name: "every schedule of the org: the override now, nobody on, an unreadable one left out",
					body: `{"queryType":"oncall"}`, at: now, org: 1,
					rows: []string{"primary|Primary|Europe/Berlin|carol|7h0m0s|bob|7h0m0s|",
						"weekend|Weekend on-call|America/New_York||<nil>|dave|150h0m0s|"},
					notices: []string{"warning: Warroom could not read the on-call schedule document of broken; it is left out. " +
						"Open it on the schedules page and save it again."}},
				{name: "the clock, not the range, moves the answer: the override ended, bob until the 09:00 Berlin hand-off",
					body: `{"queryType":"oncall","schedules":["primary"]}`, at: day.Add(7 * time.Hour), org: 1,
					rows: []string{"primary|Primary|Europe/Berlin|bob|24h0m0s|alice|24h0m0s|"}, notices: []string{}},
				{name: "only the schedules named; an id the org lacks is said",
					body: `{"queryType":"oncall","schedules":["weekend","gone"]}`, at: now, org: 1,
					rows:    []string{"weekend|Weekend on-call|America/New_York||<nil>|dave|150h0m0s|"},
					notices: []string{"info: This organization has no on-call schedule gone."}},
				// zed's weekly turns merge into one piece, cut 90 days ahead.
				{name: "org 2 sees its own schedule only; a lone person is on until the 90-day horizon",
					body: `{"queryType":"oncall"}`, at: now, org: 2,
					rows: []string{"primary|Org two|UTC|zed|2165h0m0s||<nil>|"}, notices: []string{}},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					datasource.SetNow(ds, func() time.Time { return c.at })
					dr := query(t, ds, c.org, c.body, from, to)
					if got := rows(t, dr, cols...); !slices.Equal(got, c.rows) {
						t.Fatalf("rows:\n got %q\nwant %q", got, c.rows)
					}
					if got := notices(dr); !slices.Equal(got, c.notices) {
						t.Fatalf("notices:\n got %q\nwant %q", got, c.notices)
					}
					f := dr.Frames[0]
					if f.Name != "oncall" || f.RefID != "A" {
						t.Fatalf("frame %q refId %q", f.Name, f.RefID)
					}
					display := []string{}
					for _, fld := range f.Fields {
						display = append(display, fld.Config.DisplayNameFromDS)
					}
					if want := []string{"Schedule", "Name", "Time zone", "On call now", "Until", "Next", "From"}; !slices.Equal(display, want) {
						t.Fatalf("display names %q, want %q", display, want)
					}
				})
			}
			t.Run("a bad schedules list answers 400 for that query only", func(t *testing.T) {
				for _, body := range []string{`{"queryType":"oncall","schedules":[""]}`,
					`{"queryType":"oncall","schedules":["` + strings.Repeat("x", 65) + `"]}`} {
					if dr := query(t, ds, 1, body, from, to); dr.Error == nil || dr.Status != backend.StatusBadRequest {
						t.Fatalf("%s: status %v, error %v; want 400 with a reason", body, dr.Status, dr.Error)
					}
				}
			})
		})
	}
}
