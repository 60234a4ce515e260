package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// runView mirrors runner.RunView as a client reads it.
type runView struct {
	ID          string                   `json:"id"`
	State       string                   `json:"state"`
	Total       int                      `json:"total"`
	Done        int                      `json:"done"`
	Summary     *struct{ Status string } `json:"summary"`
	Findings    []diagnostics.Finding    `json:"findings"`
	Suggestions []struct {
		Service string `json:"service"`
		Runbook struct {
			ID      string `json:"id"`
			Title   string `json:"title"`
			Options []struct {
				Title       string   `json:"title"`
				Commands    []string `json:"commands"`
				Remediation string   `json:"remediation"`
			} `json:"options"`
		} `json:"runbook"`
		Reasons      []string          `json:"reasons"`
		Remediations map[string]string `json:"remediations"`
	} `json:"suggestions"`
}

func (v runView) finding(t *testing.T, check string) diagnostics.Finding {
	t.Helper()
	for _, f := range v.Findings {
		if f.Check == check {
			return f
		}
	}
	t.Fatalf("no %s finding among %d", check, len(v.Findings))
	return diagnostics.Finding{}
}

func (v runView) suggested() []string {
	var ids []string
	for _, s := range v.Suggestions {
		ids = append(ids, s.Runbook.ID)
	}
	return ids
}

func decodeRun(t *testing.T, r response) runView {
	t.Helper()
	var v runView
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("run view: %v: %s", err, r.Body)
	}
	return v
}

// pollRun reads the run until until(v) holds, failing after limit.
func pollRun(t *testing.T, a *App, incID, runID string, limit time.Duration, until func(runView) bool) runView {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		// An Editor polls: the evidence with production data is in the answer.
		r := call(t, a, editor, "GET", "/incidents/"+incID+"/diagnostics/"+runID, "")
		if r.Status != http.StatusOK {
			t.Fatalf("poll: %d %s", r.Status, r.Body)
		}
		v := decodeRun(t, r)
		if until(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %s: condition not met within %s; last: state %s, %d of %d", runID, limit, v.State, v.Done, v.Total)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func declareFor(t *testing.T, a *App, services ...string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"title": "checkout is down", "severity": "P1", "services": services})
	r := call(t, a, editor, "POST", "/incidents", string(body))
	if r.Status != http.StatusCreated {
		t.Fatalf("declare: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)["id"].(string)
}

// diagWorld is one moto seeded with a service in trouble, a real PostgreSQL
// with induced sessions and a health endpoint whose answer the test holds.
type diagWorld struct {
	moto, endpoint string
	world          testmoto.World
	dsn            string
	health         *httptest.Server
	release        chan struct{} // closing it lets the health endpoint answer
	healthHits     atomic.Int32
}

func newDiagWorld(t *testing.T) *diagWorld {
	t.Helper()
	d := &diagWorld{release: make(chan struct{})}
	d.moto = testmoto.Start(t, "MOTO_ECS_SERVICE_RUNNING=1")
	d.endpoint = testmoto.Proxy(t, d.moto, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	w, err := testmoto.Seed(ctx, testmoto.Config(d.endpoint), "statux")
	if err != nil {
		t.Fatal(err)
	}
	d.world = w
	d.dsn = testpg.DSN(t)
	d.health = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		d.healthHits.Add(1)
		select {
		case <-d.release:
		case <-r.Context().Done():
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		_, _ = rw.Write([]byte(`{"status":"ok"}`))
	}))
	t.Cleanup(d.health.Close)
	return d
}

// settings are the app settings of the test bed: the seeded AWS resources
// and the database in the catalog, AWS at moto through keys, thresholds of
// 1 s so that induced sessions qualify within the test.
func (d *diagWorld) settings(endpoint string, remediation map[string]bool) (map[string]any, map[string]string) {
	jsonData := map[string]any{
		"services": []map[string]any{{
			"name": "statux", "selector": `job="statux"`, "healthUrl": d.health.URL + "/health",
			"aws": d.world.Target, "postgres": "main",
		}},
		"diagnostics": map[string]any{
			"aws":         map[string]any{"authType": "keys", "endpoint": endpoint, "defaultRegion": testmoto.Region},
			"postgres":    map[string]any{"longQuery": "1s", "idleAge": "1s"},
			"remediation": remediation,
		},
	}
	secure := map[string]string{"awsAccessKey": "AKIAWARROOMTEST", "awsSecretKey": "testing", "postgres.main": d.dsn}
	return jsonData, secure
}

// induce opens a long-running query and two idle sessions, as in seed 003.
func (d *diagWorld) induce(t *testing.T) (idle []*pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	open := func(app string) *pgx.Conn {
		cfg, err := pgx.ParseConfig(d.dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.RuntimeParams["application_name"] = app
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		return c
	}
	sleeper := open("orders-report")
	sleepCtx, stopSleep := context.WithCancel(ctx)
	slept := make(chan struct{})
	go func() {
		defer close(slept)
		_, _ = sleeper.Exec(sleepCtx, `SELECT pg_sleep(8)`)
	}()
	// Registered after open's Close, so it runs first: the query ends before
	// its connection is closed (a pgx.Conn is not safe for concurrent use).
	t.Cleanup(func() { stopSleep(); <-slept })
	for _, app := range []string{"checkout-pool-1", "checkout-pool-2"} {
		c := open(app)
		if _, err := c.Exec(ctx, `SELECT 1`); err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	time.Sleep(1500 * time.Millisecond) // past the 1 s thresholds
	return idle
}

func tableCells(f diagnostics.Finding, col int) []string {
	var out []string
	for _, tb := range f.Details {
		for _, r := range tb.Rows {
			if col < len(r) {
				out = append(out, r[col])
			}
		}
	}
	return out
}

func TestDiagnosticsFromTheIncidentPage(t *testing.T) {
	// The health endpoint answers when the test releases it, after every
	// other check: on a still clock that hold is not latency.
	still := time.Now()
	healthClock = func() time.Time { return still }
	t.Cleanup(func() { healthClock = nil })
	d := newDiagWorld(t)
	jsonData, secure := d.settings(d.endpoint, map[string]bool{"terminate-idle-backends": true, "ecs-force-new-deployment": true})
	a := testAppWith(t, jsonData, secure)
	incID := declareFor(t, a, "statux")
	d.induce(t)

	// Viewers read, they do not run.
	if r := call(t, a, viewer, "POST", "/incidents/"+incID+"/diagnostics", ""); r.Status != http.StatusForbidden {
		t.Fatalf("viewer started a run: %d %s", r.Status, r.Body)
	}
	state := call(t, a, viewer, "GET", "/incidents/"+incID+"/diagnostics", "")
	if st := state.JSON(t); state.Status != http.StatusOK || st["run"] != nil || st["available"] != true {
		t.Fatalf("before the first run: %d %s", state.Status, state.Body)
	}

	// The POST answers although the health endpoint holds its answer until
	// d.release is closed below: a start that waited for its checks would
	// never return here (no wall-clock bound needed, none that a busy machine
	// could break).
	r := call(t, a, editor, "POST", "/incidents/"+incID+"/diagnostics", "")
	if r.Status != http.StatusAccepted {
		t.Fatalf("start: %d: %s", r.Status, r.Body)
	}
	run := decodeRun(t, r)
	if run.State != "running" || run.Total != 17 || run.Done != 0 {
		t.Fatalf("started run: %+v", run)
	}
	// A second click while it runs answers the same run.
	if again := decodeRun(t, call(t, a, editor, "POST", "/incidents/"+incID+"/diagnostics", "{}")); again.ID != run.ID {
		t.Fatalf("second start made run %s beside %s", again.ID, run.ID)
	}

	// Partial results: every check but the held health check is readable
	// while the run is still going.
	partial := pollRun(t, a, incID, run.ID, 60*time.Second, func(v runView) bool { return v.Done == v.Total-1 })
	if partial.State != "running" || partial.Summary != nil || slices.ContainsFunc(partial.Findings, func(f diagnostics.Finding) bool { return f.Check == diagnostics.CheckHTTPHealth }) {
		t.Fatalf("partial view: state %s summary %v", partial.State, partial.Summary)
	}
	if !slices.Contains(partial.suggested(), "service-down") {
		t.Errorf("suggestions while running: %v, want service-down from the unhealthy targets already", partial.suggested())
	}
	close(d.release)
	done := pollRun(t, a, incID, run.ID, 30*time.Second, func(v runView) bool { return v.State == "finished" })

	// What a responder reads.
	for _, f := range done.Findings {
		t.Logf("%-34s %-8s %s %s", f.Check, f.Status, f.Summary, f.Error)
	}
	expectFinding(t, done.finding(t, diagnostics.CheckAWSTargetHealth), "critical", "1 of 3 targets unhealthy")
	expectFinding(t, done.finding(t, diagnostics.CheckAWSECSService), "critical", "ECS service statux running 1/3", "1 OutOfMemory")
	expectFinding(t, done.finding(t, diagnostics.CheckAWSLogErrors), "warning", "12 lines matching \"error\"")
	expectFinding(t, done.finding(t, diagnostics.CheckHTTPHealth), "ok")
	long := done.finding(t, diagnostics.CheckPGLongQueries)
	expectFinding(t, long, "warning", "longer than 1s")
	if !slices.Contains(tableCells(long, 3), "SELECT pg_sleep(8)") {
		t.Errorf("long queries table lacks the induced query: %+v", long.Details)
	}
	idle := done.finding(t, diagnostics.CheckPGIdleConnections)
	if apps := tableCells(idle, 3); idle.Status != "warning" || !slices.Contains(apps, "checkout-pool-1") || !slices.Contains(apps, "checkout-pool-2") {
		t.Errorf("idle sessions finding: %s %v", idle.Status, apps)
	}
	if done.Summary == nil || done.Summary.Status != "critical" || done.Done != 17 {
		t.Fatalf("summary %+v done %d", done.Summary, done.Done)
	}
	for _, want := range []string{"service-down", "memory-leak-oom"} {
		if !slices.Contains(done.suggested(), want) {
			t.Errorf("suggested %v, want %s", done.suggested(), want)
		}
	}
	for _, s := range done.Suggestions {
		if s.Runbook.ID == "memory-leak-oom" && !slices.ContainsFunc(s.Runbook.Options, func(o struct {
			Title       string   `json:"title"`
			Commands    []string `json:"commands"`
			Remediation string   `json:"remediation"`
		}) bool {
			return slices.ContainsFunc(o.Commands, func(c string) bool { return strings.Contains(c, "--cluster 'statux-cluster' --service 'statux'") })
		}) {
			t.Errorf("memory-leak-oom commands are not filled from the catalog: %+v", s.Runbook.Options)
		}
	}

	// Enabled remediations the service supports come with the name to type.
	for _, s := range done.Suggestions {
		if s.Runbook.ID == "memory-leak-oom" && (s.Remediations["ecs-force-new-deployment"] != "statux" || len(s.Remediations) != 1) {
			t.Errorf("memory-leak-oom remediations %v, want ecs-force-new-deployment → statux only (asg refresh is not enabled)", s.Remediations)
		}
	}

	// The evidence is on the timeline, once.
	events := call(t, a, viewer, "GET", "/incidents/"+incID+"/events", "")
	var timeline struct {
		Items []struct {
			Kind    string         `json:"kind"`
			Author  string         `json:"author"`
			Payload map[string]any `json:"payload"`
		} `json:"items"`
	}
	if err := json.Unmarshal(events.Body, &timeline); err != nil {
		t.Fatalf("events: %v %s", err, events.Body)
	}
	var diagEvents int
	for _, e := range timeline.Items {
		if e.Kind == "diagnostics_run" {
			diagEvents++
			if e.Author != "eddie" || e.Payload["status"] != "critical" || e.Payload["runId"] != run.ID ||
				len(e.Payload["findings"].([]any)) != 17 || len(e.Payload["suggestions"].([]any)) == 0 {
				t.Errorf("diagnostics_run event: author %s payload status %v run %v", e.Author, e.Payload["status"], e.Payload["runId"])
			}
		}
	}
	if diagEvents != 1 {
		t.Fatalf("%d diagnostics_run events, want 1", diagEvents)
	}

	// A page load reads the latest run; the runbook renders for the incident.
	latest := call(t, a, viewer, "GET", "/incidents/"+incID+"/diagnostics", "").JSON(t)
	if latest["run"].(map[string]any)["id"] != run.ID || fmt.Sprint(latest["remediations"]) != "[terminate-idle-backends ecs-force-new-deployment]" {
		t.Fatalf("latest: %v remediations %v", latest["run"], latest["remediations"])
	}
	rb := call(t, a, viewer, "GET", "/incidents/"+incID+"/runbooks/db-pool-exhausted", "")
	if rb.Status != http.StatusOK || !strings.Contains(string(rb.Body), "aws ecs update-service --cluster 'statux-cluster' --service 'statux' --force-new-deployment") ||
		!strings.Contains(string(rb.Body), "DBInstanceIdentifier,Value='statux-rds'") {
		t.Fatalf("rendered runbook: %d %s", rb.Status, rb.Body)
	}
	if r := call(t, a, viewer, "GET", "/runbooks", ""); r.Status != http.StatusOK || len(r.JSON(t)["runbooks"].([]any)) != 7 {
		t.Fatalf("runbook list: %d %s", r.Status, r.Body)
	}

	t.Run("remediation", func(t *testing.T) { testRemediation(t, a, d, incID) })
	t.Run("throttling and failures", func(t *testing.T) { testThrottledAndFailing(t, d) })
	t.Run("grafana aws policy", func(t *testing.T) { testGrafanaAWSPolicy(t, d) })
}

func expectFinding(t *testing.T, f diagnostics.Finding, status string, summary ...string) {
	t.Helper()
	if string(f.Status) != status {
		t.Errorf("%s: %s, want %s (%s %s)", f.Check, f.Status, status, f.Summary, f.Error)
	}
	for _, s := range summary {
		if !strings.Contains(f.Summary, s) {
			t.Errorf("%s: summary %q lacks %q", f.Check, f.Summary, s)
		}
	}
}

// Remediations: Admin only, enabled per action, typed confirmation, result
// on the timeline.
func testRemediation(t *testing.T, a *App, d *diagWorld, incID string) {
	path := "/incidents/" + incID + "/remediations"
	cases := []struct {
		name   string
		who    caller
		body   string
		status int
		code   string
		field  string
	}{
		{"viewer", viewer, `{"action":"terminate-idle-backends","service":"statux","confirm":"main"}`, 403, "forbidden", ""},
		{"editor", editor, `{"action":"terminate-idle-backends","service":"statux","confirm":"main"}`, 403, "forbidden", ""},
		{"not enabled", admin, `{"action":"asg-instance-refresh","service":"statux","confirm":"statux-asg"}`, 403, "remediation_disabled", ""},
		{"unknown action", admin, `{"action":"rm -rf /","service":"statux","confirm":"main"}`, 400, "invalid_request", "action"},
		{"wrong confirmation", admin, `{"action":"terminate-idle-backends","service":"statux","confirm":"statux"}`, 400, "invalid_request", "confirm"},
		{"service not of the incident", admin, `{"action":"terminate-idle-backends","service":"x'; DROP TABLE incidents; --","confirm":"main"}`, 400, "invalid_request", "service"},
		{"SQL in an extra field", admin, `{"action":"terminate-idle-backends","service":"statux","confirm":"main","sql":"SELECT pg_terminate_backend(1)"}`, 400, "invalid_request", "sql"},
	}
	for _, c := range cases {
		r := call(t, a, c.who, "POST", path, c.body)
		if r.Status != c.status || r.ErrorCode(t) != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, r.Status, r.Body, c.status, c.code)
			continue
		}
		if c.field != "" && !strings.Contains(string(r.Body), `"path":"`+c.field+`"`) {
			t.Errorf("%s: error does not point at %s: %s", c.name, c.field, r.Body)
		}
		if c.code == "remediation_disabled" && !strings.Contains(string(r.Body), "enable it on the Warroom configuration page") {
			t.Errorf("disabled message does not say how to enable: %s", r.Body)
		}
	}

	// The idle sessions induced by the run test are still there; terminate them.
	r := call(t, a, admin, "POST", path, `{"action":"terminate-idle-backends","service":"statux","confirm":"main"}`)
	out := r.JSON(t)
	if r.Status != http.StatusOK || out["ok"] != true || out["resource"] != "main" {
		t.Fatalf("terminate idle: %d %s", r.Status, r.Body)
	}
	if n := out["result"].(map[string]any)["count"]; n == nil || n.(float64) < 2 {
		t.Fatalf("terminated %v backends, want the 2 idle sessions", n)
	}
	conn, err := pgx.Connect(context.Background(), d.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	// pg_terminate_backend signals the session and returns: it is gone
	// from pg_stat_activity once its process exits, a moment later.
	for deadline := time.Now().Add(10 * time.Second); ; {
		var left int
		err := conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'checkout-pool-%'`).Scan(&left)
		if err == nil && left == 0 {
			break
		}
		if err != nil || time.Now().After(deadline) {
			t.Fatalf("%d idle sessions left 10 s after they were terminated (%v)", left, err)
		}
		time.Sleep(20 * time.Millisecond) // polling for state, not waiting for time
	}

	r = call(t, a, admin, "POST", path, `{"action":"ecs-force-new-deployment","service":"statux","confirm":"statux"}`)
	if out := r.JSON(t); r.Status != http.StatusOK || out["ok"] != true || !strings.Contains(fmt.Sprint(out["result"]), "force new deployment") {
		t.Fatalf("force new deployment: %d %s", r.Status, r.Body)
	}
	events := string(call(t, a, viewer, "GET", "/incidents/"+incID+"/events", "").Body)
	if n := strings.Count(events, `"kind":"remediation_run"`); n != 2 {
		t.Fatalf("%d remediation_run events, want 2 (refused requests record nothing)", n)
	}
	if strings.Contains(events, d.dsn) || strings.Contains(events, "testing\"") {
		t.Fatal("a secret reached the timeline")
	}
}
