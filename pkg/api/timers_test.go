package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// timersOf returns GET /incidents/{id}/timers as a map and its timers by kind.
func timersOf(t *testing.T, a *apitest.Server, who apitest.Caller, id string) (map[string]any, map[string]map[string]any) {
	t.Helper()
	r := a.Call(t, who, "GET", "/incidents/"+id+"/timers", "")
	if r.Status != http.StatusOK {
		t.Fatalf("timers: %d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	byKind := map[string]map[string]any{}
	for _, x := range m["timers"].([]any) {
		tm := x.(map[string]any)
		byKind[tm["kind"].(string)] = tm
	}
	return m, byKind
}

func parseTime(t *testing.T, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	ts, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("not an RFC 3339 time: %v", v)
	}
	return ts
}

// TestIncidentTimersAreDeadlinesNotCountdowns drives the server clock: the
// answer carries absolute deadlines and the server's now, and the states
// follow the clock and the incident's facts.
func TestIncidentTimersAreDeadlinesNotCountdowns(t *testing.T) {
	a := apitest.New(t)
	declaredAt := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	now := declaredAt
	a.API.Now = func() time.Time { return now }
	id, v := a.Declare(t, apitest.Editor, "checkout 502s") // P2: respond 30m, resolve 8h, update every 30m

	m, byKind := timersOf(t, a, apitest.Viewer, id)
	if got := parseTime(t, m["now"]); !got.Equal(declaredAt) {
		t.Errorf("now = %v, want the server clock %v", got, declaredAt)
	}
	if m["incidentId"] != id || m["version"] != float64(v) {
		t.Errorf("incident/version = %v/%v", m["incidentId"], m["version"])
	}
	for _, kind := range []string{"respond", "update", "escalation", "resolve"} {
		if byKind[kind] == nil {
			t.Fatalf("no %s timer in %v", kind, m["timers"])
		}
		if byKind[kind]["state"] != "ok" {
			t.Errorf("%s state = %v at declaration, want ok", kind, byKind[kind]["state"])
		}
	}
	if due := parseTime(t, byKind["respond"]["due"]); !due.Equal(declaredAt.Add(30 * time.Minute)) {
		t.Errorf("respond due = %v, want declared + 30m", due)
	}
	if due := parseTime(t, byKind["resolve"]["due"]); !due.Equal(declaredAt.Add(8 * time.Hour)) {
		t.Errorf("resolve due = %v, want declared + 8h", due)
	}
	if byKind["escalation"]["who"] == "" || byKind["escalation"]["who"] == nil {
		t.Errorf("escalation timer names nobody: %v", byKind["escalation"])
	}
	if m["nextChange"] == nil {
		t.Errorf("a running incident has a next change")
	}
	if strings.Contains(string(a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/timers", "").Body), "secondsLeft") {
		t.Errorf("answer carries a relative countdown")
	}

	// 31 minutes later without an acknowledgement: respond-by is breached.
	now = declaredAt.Add(31 * time.Minute)
	_, byKind = timersOf(t, a, apitest.Viewer, id)
	if byKind["respond"]["state"] != "breached" {
		t.Errorf("respond state after its deadline = %v, want breached", byKind["respond"]["state"])
	}

	// Acknowledged late: met no longer possible, it is missed.
	ack := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"completeSteps":["acknowledge"]}`, v))
	if ack.Status != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", ack.Status, ack.Body)
	}
	m, byKind = timersOf(t, a, apitest.Viewer, id)
	if byKind["respond"]["state"] != "missed" {
		t.Errorf("respond state after a late acknowledgement = %v, want missed", byKind["respond"]["state"])
	}
	if m["version"] != float64(v+1) {
		t.Errorf("version = %v, want %d after the change", m["version"], v+1)
	}
}

func TestActiveTimersFilterAndOrder(t *testing.T) {
	a := apitest.New(t)
	start := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	now := start
	a.API.Now = func() time.Time { return now }
	mk := func(title, sev, service string) string {
		r := a.Call(t, apitest.Editor, "POST", "/incidents", fmt.Sprintf(`{"title":%q,"severity":%q,"services":[%q]}`, title, sev, service))
		if r.Status != http.StatusCreated {
			t.Fatalf("declare: %d %s", r.Status, r.Body)
		}
		return r.JSON(t)["id"].(string)
	}
	oldP3 := mk("old search slowness", "P3", "search") // respond within 2h
	now = start.Add(20 * time.Minute)
	newP1 := mk("checkout down", "P1", "checkout-api") // respond within 15m
	other := mk("billing glitch", "P2", "billing")
	resolved := mk("fixed already", "P1", "checkout-api")
	if r := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+resolved, `{"version":1,"status":"resolved"}`); r.Status != http.StatusOK {
		t.Fatalf("resolve: %d %s", r.Status, r.Body)
	}
	now = start.Add(40 * time.Minute) // the P1's respond-by (20m+15m) has passed; the P3's (2h) has not

	ids := func(path string) ([]string, float64) {
		t.Helper()
		r := a.Call(t, apitest.Viewer, "GET", path, "")
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
		m := r.JSON(t)
		if !parseTime(t, m["now"]).Equal(now) {
			t.Errorf("%s: now = %v, want %v", path, m["now"], now)
		}
		var out []string
		for _, it := range m["items"].([]any) {
			row := it.(map[string]any)
			out = append(out, row["incident"].(map[string]any)["id"].(string))
			if len(row["timers"].([]any)) == 0 {
				t.Errorf("%s: row without timers: %v", path, row)
			}
		}
		return out, m["total"].(float64)
	}
	for _, tc := range []struct {
		path  string
		want  []string
		total float64
	}{
		// Breached first, the most severe first among them; resolved never.
		{"/timers?service=search&service=checkout-api", []string{newP1, oldP3}, 2},
		{"/timers?service=search,checkout-api", []string{newP1, oldP3}, 2},
		{"/timers?service=checkout-api&service=checkout-api", []string{newP1}, 1},
		{"/timers?severity=P3", []string{oldP3}, 1},
		{"/timers?severity=P1,P2&limit=1", []string{newP1}, 2},
		{"/timers?service=unknown", nil, 0},
		{"/timers", []string{newP1, oldP3, other}, 3},
	} {
		got, total := ids(tc.path)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || total != tc.total {
			t.Errorf("%s = %v (total %v), want %v (total %v)", tc.path, got, total, tc.want, tc.total)
		}
	}
}

func TestTimersAreScopedToTheOrg(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "org one only")
	other := apitest.Caller{OrgID: 2, Login: "mallory", Role: "Admin"}
	if r := a.Call(t, other, "GET", "/incidents/"+id+"/timers", ""); r.Status != http.StatusNotFound || r.ErrorCode(t) != "not_found" {
		t.Errorf("org 2 reads org 1's timers: %d %s", r.Status, r.Body)
	}
	r := a.Call(t, other, "GET", "/timers?service=checkout-api", "")
	if r.Status != http.StatusOK {
		t.Fatalf("org 2 list: %d %s", r.Status, r.Body)
	}
	if m := r.JSON(t); m["total"] != float64(0) || len(m["items"].([]any)) != 0 {
		t.Errorf("org 2 sees org 1's incidents: %s", r.Body)
	}
}

func TestTimersRejectBadParameters(t *testing.T) {
	a := apitest.New(t)
	for _, tc := range []struct{ query, field string }{
		{"limit=0", "limit"},
		{"limit=101", "limit"},
		{"limit=ten", "limit"},
		{"severity=P9", "severity"},
		{"severity=P1,sev1", "severity"},
		{"service=" + strings.Repeat("s", 201), "service"},
		{"service=" + manyServices(51), "service"},
	} {
		r := a.Call(t, apitest.Viewer, "GET", "/timers?"+tc.query, "")
		if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "invalid_request" {
			t.Errorf("%s: want 400 invalid_request, got %d %s", tc.query, r.Status, r.Body)
			continue
		}
		fields, _ := r.JSON(t)["error"].(map[string]any)["fields"].([]any)
		if len(fields) == 0 || fields[0].(map[string]any)["path"] != tc.field {
			t.Errorf("%s: fields = %v, want %s named", tc.query, fields, tc.field)
		}
	}
	if r := a.Call(t, apitest.Viewer, "GET", "/incidents/INC-2026-01-01-999/timers", ""); r.Status != http.StatusNotFound {
		t.Errorf("unknown incident: %d %s", r.Status, r.Body)
	}
}

// manyServices is a comma list of n distinct service names.
func manyServices(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("svc-%d", i)
	}
	return strings.Join(names, ",")
}

// Each list row carries its next deadline, the same timer the incident's
// timers answer has due first (here the overdue respond-by).
func TestListRowsCarryTheirNextDeadline(t *testing.T) {
	a := apitest.New(t)
	declaredAt := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	now := declaredAt.Add(40 * time.Minute) // past the P2's respond-by (30 min), unacknowledged
	a.API.Now = func() time.Time { return declaredAt }
	id, _ := a.Declare(t, apitest.Editor, "checkout 502s")
	a.API.Now = func() time.Time { return now }

	// Walk the answer in its order, not the by-kind map: respond-by and the
	// first update are both due at 10:30, and the tie goes to the first listed.
	answer, _ := timersOf(t, a, apitest.Viewer, id)
	var soonest map[string]any
	for _, x := range answer["timers"].([]any) {
		tm := x.(map[string]any)
		if s := tm["state"]; (s == "ok" || s == "warning" || s == "breached") && tm["due"] != nil &&
			(soonest == nil || parseTime(t, tm["due"]).Before(parseTime(t, soonest["due"]))) {
			soonest = tm
		}
	}
	list := a.Call(t, apitest.Viewer, "GET", "/incidents", "").JSON(t)
	row := list["items"].([]any)[0].(map[string]any)
	next, _ := row["nextDeadline"].(map[string]any)
	if next == nil || next["kind"] != soonest["kind"] || next["due"] != soonest["due"] || next["state"] != "breached" {
		t.Fatalf("nextDeadline = %v, want the overdue %v", row["nextDeadline"], soonest)
	}
}
