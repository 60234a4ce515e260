package plugin

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// throttleECS answers every ECS call as AWS does when rate limited.
func throttleECS(calls *atomic.Int32) testmoto.Intercept {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.") {
			return false
		}
		calls.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", "ThrottlingException")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"__type":"ThrottlingException","message":"Rate exceeded"}`))
		return true
	}
}

// AWS throttling and a database that is down: the failing checks say why,
// the others still report, the run finishes and the page never waits.
func testThrottledAndFailing(t *testing.T, d *diagWorld) {
	var calls atomic.Int32
	jsonData, secure := d.settings(testmoto.Proxy(t, d.moto, throttleECS(&calls)), nil)
	secure["postgres.main"] = "postgres://warroom:hunter2-secret@127.0.0.1:1/orders?connect_timeout=2"
	a := testAppWith(t, jsonData, secure)
	incID := declareFor(t, a, "statux")
	// The start answers before any check: a start that waited would say finished.
	r := call(t, a, editor, "POST", "/incidents/"+incID+"/diagnostics", "")
	if r.Status != http.StatusAccepted || decodeRun(t, r).State != "running" {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	done := pollRun(t, a, incID, decodeRun(t, r).ID, 60*time.Second, func(v runView) bool { return v.State == "finished" })
	ecs := done.finding(t, diagnostics.CheckAWSECSService)
	want := "ECS DescribeServices was throttled by AWS (ThrottlingException: Rate exceeded) after 3 attempts"
	if ecs.Status != diagnostics.StatusError || !strings.HasPrefix(ecs.Error, want) {
		t.Fatalf("throttled check: %s %q", ecs.Status, ecs.Error)
	}
	// Two ECS checks (service, and the cluster lookup of utilisation may not
	// call ECS): each call got exactly its 3 attempts.
	if n := calls.Load(); n%3 != 0 || n == 0 {
		t.Errorf("%d throttled ECS calls, want 3 per call", n)
	}
	pg := done.finding(t, diagnostics.CheckPGConnections)
	if pg.Status != diagnostics.StatusError || pg.Error == "" || strings.Contains(pg.Error, "hunter2") {
		t.Fatalf("database down: %s %q", pg.Status, pg.Error)
	}
	expectFinding(t, done.finding(t, diagnostics.CheckAWSTargetHealth), "critical", "1 of 3 targets unhealthy")
	if done.Summary == nil || done.Summary.Status != "critical" {
		t.Fatalf("summary %+v", done.Summary)
	}
	if strings.Contains(string(call(t, a, viewer, "GET", "/incidents/"+incID+"/events", "").Body), "hunter2") {
		t.Fatal("the DSN password reached the timeline")
	}
}

// SSRF: the metadata address, a redirect to it and a redirect to a host
// outside the catalog are refused at dial or redirect time, and say so.
func TestDiagnosticsRefuseSSRF(t *testing.T) {
	var outsideHits atomic.Int32
	outside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { outsideHits.Add(1) }))
	defer outside.Close()
	redirect := func(to string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, to, http.StatusFound)
		}))
	}
	toMeta := redirect("http://169.254.169.254/latest/meta-data/iam/security-credentials/")
	defer toMeta.Close()
	// localhost is not the catalogued host name (127.0.0.1), so it is outside.
	toOutside := redirect(strings.Replace(outside.URL, "127.0.0.1", "localhost", 1) + "/steal")
	defer toOutside.Close()
	services := []map[string]any{
		{"name": "metadata", "selector": `job="m"`, "healthUrl": "http://169.254.169.254/latest/meta-data/"},
		{"name": "metadata-v6", "selector": `job="m6"`, "healthUrl": "http://[fd00:ec2::254]/latest/meta-data/"},
		{"name": "to-metadata", "selector": `job="r"`, "healthUrl": toMeta.URL + "/health"},
		{"name": "to-outside", "selector": `job="o"`, "healthUrl": toOutside.URL + "/health"},
	}
	a := testAppWith(t, map[string]any{"services": services}, nil)
	incID := declareFor(t, a, "metadata", "metadata-v6", "to-metadata", "to-outside")
	r := call(t, a, editor, "POST", "/incidents/"+incID+"/diagnostics", "")
	if r.Status != http.StatusAccepted {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	done := pollRun(t, a, incID, decodeRun(t, r).ID, 30*time.Second, func(v runView) bool { return v.State == "finished" })
	want := map[string]string{
		"metadata":    "refused",
		"metadata-v6": "refused",
		"to-metadata": "refused",
		"to-outside":  "redirect to a host outside the service catalog",
	}
	for _, f := range done.Findings {
		t.Logf("%s: %s %s", f.Service, f.Status, f.Error)
		if f.Status != diagnostics.StatusError || !strings.Contains(f.Error, want[f.Service]) {
			t.Errorf("%s: %s %q, want an error mentioning %q", f.Service, f.Status, f.Error, want[f.Service])
		}
	}
	if len(done.Findings) != 4 || outsideHits.Load() != 0 {
		t.Fatalf("%d findings, outside host reached %d times", len(done.Findings), outsideHits.Load())
	}
}

// Input never carries SQL, shell text, URLs or hosts: the run takes no
// parameters, unknown fields are refused, ids only index the store and the
// catalog, and the roles are enforced server-side.
func TestDiagnosticsInputAndRoles(t *testing.T) {
	health := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer health.Close()
	a := testAppWith(t, map[string]any{"services": []map[string]any{{"name": "statux", "selector": `job="s"`, "healthUrl": health.URL}}}, nil)
	incID := declareFor(t, a, "statux")
	other := declareFor(t, a, "uncatalogued")
	base := "/incidents/" + incID
	cases := []struct {
		name         string
		who          caller
		method, path string
		body         string
		status       int
		code         string
	}{
		{"SQL in the body", editor, "POST", base + "/diagnostics", `{"sql":"SELECT pg_terminate_backend(pid) FROM pg_stat_activity"}`, 400, "invalid_request"},
		{"a URL to check", editor, "POST", base + "/diagnostics", `{"url":"http://169.254.169.254/"}`, 400, "invalid_request"},
		{"a check list", editor, "POST", base + "/diagnostics", `{"checks":["postgres.connections"]}`, 400, "invalid_request"},
		{"not JSON", editor, "POST", base + "/diagnostics", `; rm -rf /`, 400, "invalid_request"},
		{"nobody", nobody, "POST", base + "/diagnostics", ``, 401, "unauthenticated"},
		{"viewer runs", viewer, "POST", base + "/diagnostics", ``, 403, "forbidden"},
		{"other org", caller{OrgID: 2, Login: "mallory", Role: "Admin"}, "POST", base + "/diagnostics", ``, 404, "not_found"},
		{"unknown incident", editor, "POST", "/incidents/INC-2026-01-01-999/diagnostics", ``, 404, "not_found"},
		{"nothing to check", editor, "POST", "/incidents/" + other + "/diagnostics", ``, 409, "diagnostics_unavailable"},
		{"unknown run", viewer, "GET", base + "/diagnostics/diag-0000", ``, 404, "not_found"},
		{"run id with SQL", viewer, "GET", base + "/diagnostics/x'%20OR%20'1'='1", ``, 404, "not_found"},
		{"unknown runbook", viewer, "GET", base + "/runbooks/nope", ``, 404, "not_found"},
		{"runbook path traversal", viewer, "GET", base + "/runbooks/..%2F..%2Fetc%2Fpasswd", ``, 404, "not_found"},
		{"remediation by an editor", editor, "POST", base + "/remediations", `{"action":"asg-instance-refresh","service":"statux","confirm":"x"}`, 403, "forbidden"},
		{"remediation disabled", admin, "POST", base + "/remediations", `{"action":"asg-instance-refresh","service":"statux","confirm":"x"}`, 403, "remediation_disabled"},
		{"remediation with a command", admin, "POST", base + "/remediations", `{"action":"asg-instance-refresh","service":"statux","confirm":"x","command":"aws autoscaling delete-auto-scaling-group"}`, 400, "invalid_request"},
	}
	for _, c := range cases {
		r := call(t, a, c.who, c.method, c.path, c.body)
		if r.Status != c.status || r.ErrorCode(t) != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, r.Status, r.Body, c.status, c.code)
		}
	}
	// A run of another org's incident is not visible.
	r := call(t, a, editor, "POST", base+"/diagnostics", "")
	runID := decodeRun(t, r).ID
	if r := call(t, a, caller{OrgID: 2, Login: "mallory", Role: "Admin"}, "GET", base+"/diagnostics/"+runID, ""); r.Status != http.StatusNotFound {
		t.Fatalf("org 2 read org 1's run: %d %s", r.Status, r.Body)
	}
	if r := call(t, a, viewer, "GET", "/incidents/"+other+"/diagnostics/"+runID, ""); r.Status != http.StatusNotFound {
		t.Fatalf("run read through another incident: %d", r.Status)
	}
	v := pollRun(t, a, incID, runID, 20*time.Second, func(v runView) bool { return v.State == "finished" })
	if fmt.Sprintf("%d %d %s", v.Done, v.Total, v.Summary.Status) != "1 1 ok" {
		t.Fatalf("health-only run: %d/%d %+v", v.Done, v.Total, v.Summary)
	}
}

// Grafana's [aws] policy follows a run into the background: with access
// keys not among Grafana's allowed auth providers, every AWS check says so
// instead of calling AWS with them.
func testGrafanaAWSPolicy(t *testing.T, d *diagWorld) {
	jsonData, secure := d.settings(d.endpoint, nil)
	a := testAppWith(t, jsonData, secure)
	incID := declareFor(t, a, "statux")
	pc := backend.PluginContext{OrgID: 1, PluginID: ID, User: &backend.User{Login: "eddie", Role: "Editor"},
		GrafanaConfig: config.NewGrafanaCfg(map[string]string{awsds.AllowedAuthProvidersEnvVarKeyName: "default,ec2_iam_role"})}
	ctx := config.WithGrafanaConfig(backend.WithPluginContext(context.Background(), pc), pc.GrafanaConfig)
	var started response
	err := a.CallResource(ctx, &backend.CallResourceRequest{PluginContext: pc, Method: "POST", Path: "incidents/" + incID + "/diagnostics",
		URL: "/incidents/" + incID + "/diagnostics"}, backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
		started.Status, started.Body = r.Status, append(started.Body, r.Body...)
		return nil
	}))
	if err != nil || started.Status != http.StatusAccepted {
		t.Fatalf("start: %v %d %s", err, started.Status, started.Body)
	}
	done := pollRun(t, a, incID, decodeRun(t, started).ID, 60*time.Second, func(v runView) bool { return v.State == "finished" })
	for _, f := range done.Findings {
		if !strings.HasPrefix(f.Check, "aws.") {
			continue
		}
		if f.Status != diagnostics.StatusError || !strings.Contains(f.Error, `AWS auth type "keys" is not allowed by Grafana`) {
			t.Errorf("%s: %s %q, want refused by Grafana's [aws] policy", f.Check, f.Status, f.Error)
		}
	}
}

// HA: the run's progress lives in the store, so a second Grafana instance
// (its own App on the same PostgreSQL) answers the polls of a run the
// first one executes, partial results included.
func TestDiagnosticsRunReadFromAnotherInstance(t *testing.T) {
	release := make(chan struct{})
	held := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer held.Close()
	fast := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer fast.Close()
	services := []map[string]any{
		{"name": "fast", "selector": `job="f"`, "healthUrl": fast.URL + "/health"},
		{"name": "held", "selector": `job="h"`, "healthUrl": held.URL + "/health"},
	}
	secure := map[string]string{"postgresDsn": testpg.DSN(t)}
	runner := testAppWith(t, map[string]any{"services": services}, secure)
	other := testAppWith(t, map[string]any{"services": services}, secure)
	incID := declareFor(t, runner, "fast", "held")

	r := call(t, runner, editor, "POST", "/incidents/"+incID+"/diagnostics", "")
	if r.Status != http.StatusAccepted {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	runID := decodeRun(t, r).ID
	partial := pollRun(t, other, incID, runID, 20*time.Second, func(v runView) bool { return v.Done == 1 })
	if partial.State != "running" || partial.Findings[0].Service != "fast" || partial.Findings[0].Status != diagnostics.StatusOK {
		t.Fatalf("partial run seen by the other instance: %+v", partial)
	}
	close(release)
	done := pollRun(t, other, incID, runID, 20*time.Second, func(v runView) bool { return v.State == "finished" })
	if done.Done != 2 || done.Summary == nil {
		t.Fatalf("finished run seen by the other instance: %+v", done)
	}
	if latest := call(t, other, viewer, "GET", "/incidents/"+incID+"/diagnostics", "").JSON(t); latest["run"].(map[string]any)["id"] != runID {
		t.Fatalf("latest run on the other instance: %v", latest["run"])
	}
}
