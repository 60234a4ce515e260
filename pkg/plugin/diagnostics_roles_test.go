package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Evidence that carries production data (another session's SQL text, a
// response body) is in the answers to Editors and Admins; Viewers get the
// summary of those findings only, and the timeline, which every role
// reads, keeps the summaries only. Checked per role through CallResource.
func TestEvidenceByRole(t *testing.T) {
	const sqlMarker, bodyMarker = "orders_secret_sql_marker", "alice.secret@example.com"
	health := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"degraded","lastOrder":{"customer":"` + bodyMarker + `"}}`))
	}))
	t.Cleanup(health.Close)
	dsn := testpg.DSN(t)
	ctx := context.Background()
	sleeper, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	sleepCtx, stop := context.WithCancel(ctx)
	slept := make(chan struct{})
	go func() {
		defer close(slept)
		_, _ = sleeper.Exec(sleepCtx, `SELECT pg_sleep(60) /* `+sqlMarker+` */`)
	}()
	t.Cleanup(func() { stop(); <-slept; sleeper.Close(context.Background()) })
	waitLongQuery(t, dsn, sqlMarker)

	a := testAppWith(t, map[string]any{
		"services":    []map[string]any{{"name": "orders", "selector": `job="orders"`, "healthUrl": health.URL + "/health", "postgres": "main"}},
		"diagnostics": map[string]any{"postgres": map[string]any{"longQuery": "1s"}},
	}, map[string]string{"postgres.main": dsn})
	incID := declareFor(t, a, "orders")
	r := call(t, a, editor, "POST", "/incidents/"+incID+"/diagnostics", "")
	if r.Status != http.StatusAccepted {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	runID := decodeRun(t, r).ID
	pollRun(t, a, incID, runID, 60*time.Second, func(v runView) bool { return v.State == "finished" })

	for _, who := range []caller{viewer, editor, admin} {
		for _, path := range []string{"/incidents/" + incID + "/diagnostics/" + runID, "/incidents/" + incID + "/diagnostics"} {
			r := call(t, a, who, "GET", path, "")
			if r.Status != http.StatusOK {
				t.Fatalf("%s GET %s: %d %s", who.Role, path, r.Status, r.Body)
			}
			body := string(r.Body)
			sees := who.Role != "Viewer"
			if strings.Contains(body, sqlMarker) != sees || strings.Contains(body, bodyMarker) != sees {
				t.Errorf("%s GET %s: SQL text shown %v, response body shown %v; want %v", who.Role, path,
					strings.Contains(body, sqlMarker), strings.Contains(body, bodyMarker), sees)
			}
			v := decodeRun(t, r)
			if path != "/incidents/"+incID+"/diagnostics/"+runID {
				var st struct{ Run runView }
				_ = json.Unmarshal(r.Body, &st)
				v = st.Run
			}
			for _, check := range []string{diagnostics.CheckPGLongQueries, diagnostics.CheckHTTPHealth} {
				f := v.finding(t, check)
				if f.Summary == "" || f.Status != diagnostics.StatusWarning && f.Status != diagnostics.StatusOK {
					t.Errorf("%s %s: %s %q", who.Role, check, f.Status, f.Summary)
				}
				if f.Withheld == sees || (len(f.Details) == 0) == sees {
					t.Errorf("%s %s: withheld %v with %d tables", who.Role, check, f.Withheld, len(f.Details))
				}
			}
			// Evidence without production data is everyone's.
			if f := v.finding(t, diagnostics.CheckPGConnections); f.Withheld || len(f.Details) == 0 {
				t.Errorf("%s: connection counts withheld", who.Role)
			}
			if len(v.Suggestions) != len(decodeRun(t, call(t, a, admin, "GET", "/incidents/"+incID+"/diagnostics/"+runID, "")).Suggestions) {
				t.Errorf("%s: suggestions differ by role", who.Role)
			}
		}
		events := string(call(t, a, who, "GET", "/incidents/"+incID+"/events", "").Body)
		if !strings.Contains(events, `"kind":"diagnostics_run"`) || strings.Contains(events, sqlMarker) || strings.Contains(events, bodyMarker) {
			t.Errorf("%s: the timeline carries production data or no run: %s", who.Role, events)
		}
	}
}

// waitLongQuery waits until the marked query has run for more than the
// 1 s threshold, as PostgreSQL's own clock says.
func waitLongQuery(t *testing.T, dsn, marker string) {
	t.Helper()
	testpg.WaitForActivity(t, dsn, `SELECT count(*) FROM pg_stat_activity
		WHERE query LIKE '%'||$1||'%' AND pid <> pg_backend_pid() AND now() - query_start > interval '1.2 seconds'`, 1, marker)
}
