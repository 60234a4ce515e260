package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

func TestBadInputGetsA400WithFieldPaths(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "existing")
	cases := []struct {
		name, method, path, body string
		wantStatus               int
		wantCode                 string
		wantFields               []string
	}{
		{"malformed", "POST", "/incidents", `{"title":`, 400, "invalid_request", nil},
		{"not an object", "POST", "/incidents", `[1,2]`, 400, "invalid_request", nil},
		{"empty body", "POST", "/incidents", ``, 400, "invalid_request", nil},
		{"two values", "POST", "/incidents", `{"title":"a","severity":"P1","services":["s"]} {}`, 400, "invalid_request", nil},
		{"unknown field", "POST", "/incidents", `{"title":"a","severity":"P1","services":["s"],"sevrity":"P2"}`, 400, "invalid_request", []string{"sevrity"}},
		{"wrong type", "POST", "/incidents", `{"title":5,"severity":"P1","services":["s"]}`, 400, "invalid_request", []string{"title"}},
		{"wrong nested type", "POST", "/incidents", `{"title":"a","severity":"P1","services":["s"],"links":{"panelId":"x"}}`, 400, "invalid_request", []string{"links.panelId"}},
		{"validation", "POST", "/incidents", `{"title":" ","severity":"P9","services":[""]}`, 400, "invalid_request", []string{"title", "severity", "services[0]"}},
		{"no services", "POST", "/incidents", `{"title":"a","severity":"P1","services":[]}`, 400, "invalid_request", []string{"services"}},
		{"too large", "POST", "/incidents", `{"title":"` + strings.Repeat("x", 1<<20) + `"}`, 400, "body_too_large", []string{"body"}},
		{"update without version", "PATCH", "/incidents/" + id, `{"status":"resolved"}`, 400, "invalid_request", []string{"version"}},
		{"update bad status", "PATCH", "/incidents/" + id, `{"version":1,"status":"done"}`, 400, "invalid_request", []string{"status"}},
		{"update nothing", "PATCH", "/incidents/" + id, `{"version":1}`, 400, "invalid_request", []string{""}},
		{"empty note", "POST", "/incidents/" + id + "/events", `{"text":"  "}`, 400, "invalid_request", []string{"text"}},
		{"list query", "GET", "/incidents?status=open&limit=0&sort=x&from=yesterday", "", 400, "invalid_request", []string{"status", "from", "sort", "limit"}},
		{"unknown route", "GET", "/nope", "", 404, "not_found", nil},
		{"wrong method", "DELETE", "/incidents", "", 405, "method_not_allowed", nil},
		{"unknown incident", "GET", "/incidents/INC-2000-01-01-001", "", 404, "not_found", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := a.Call(t, apitest.Editor, tc.method, tc.path, tc.body)
			if r.Status != tc.wantStatus || r.ErrorCode(t) != tc.wantCode {
				t.Fatalf("want %d %s, got %d %s", tc.wantStatus, tc.wantCode, r.Status, r.Body)
			}
			if ct := r.Header["Content-Type"]; len(ct) == 0 || !strings.HasPrefix(ct[0], "application/json") {
				t.Fatalf("content type %v", ct)
			}
			got := fmt.Sprint(r.FieldPaths(t))
			for _, f := range tc.wantFields {
				if !strings.Contains(got, "["+f+"]") && !strings.Contains(got, "["+f+" ") && !strings.Contains(got, " "+f+"]") && !strings.Contains(got, " "+f+" ") {
					t.Fatalf("want field %q in %v (%s)", f, got, r.Body)
				}
			}
		})
	}
	// Nothing above changed the incident.
	m := a.Call(t, apitest.Editor, "GET", "/incidents/"+id, "").JSON(t)
	if m["version"] != float64(1) || m["status"] != "investigating" {
		t.Fatalf("bad input changed the incident: %v", m)
	}
}

func TestStaleVersionGets409AndLosesNothing(t *testing.T) {
	a := apitest.New(t)
	id, v := a.Declare(t, apitest.Editor, "race")
	first := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"status":"identified","reason":"found it"}`, v))
	if first.Status != http.StatusOK || first.JSON(t)["version"] != float64(v+1) {
		t.Fatalf("first update: %d %s", first.Status, first.Body)
	}
	stale := a.Call(t, apitest.Admin, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"severity":"P1"}`, v))
	if stale.Status != http.StatusConflict || stale.ErrorCode(t) != "conflict" {
		t.Fatalf("stale update: want 409, got %d %s", stale.Status, stale.Body)
	}
	m := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").JSON(t)
	if m["status"] != "identified" || m["severity"] != "P2" {
		t.Fatalf("after conflict: %v", m)
	}
	events := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/events", "").JSON(t)["items"].([]any)
	last := events[len(events)-1].(map[string]any)
	if len(events) != 2 || last["kind"] != "status_changed" || last["author"] != "eddie" {
		t.Fatalf("timeline: %v", events)
	}
}

func TestInternalErrorsDoNotLeakDetails(t *testing.T) {
	a := apitest.New(t)
	a.API.Store.Close() // every store call now fails inside the driver
	r := a.Call(t, apitest.Viewer, "GET", "/incidents", "")
	if r.Status != http.StatusInternalServerError || r.ErrorCode(t) != "internal" {
		t.Fatalf("want 500 internal, got %d %s", r.Status, r.Body)
	}
	for _, leak := range []string{"sql", "SELECT", "sqlite", "database", ".go:"} {
		if strings.Contains(strings.ToLower(string(r.Body)), strings.ToLower(leak)) {
			t.Fatalf("error body leaks %q: %s", leak, r.Body)
		}
	}
}
