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
