package api_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// Every bad parameter of the insights query is reported at once, with its
// path, before the store is read.
func TestInsightsQueryReportsEveryBadParameter(t *testing.T) {
	a := apitest.New(t)
	for _, c := range []struct {
		path  string
		paths []string
	}{
		{"/insights?from=yesterday&to=2026-13-01T00:00:00Z&severity=P1,P9&groupBy=team&bucket=day&tz=Mars/Olympus",
			[]string{"bucket", "from", "groupBy", "severity", "to", "tz"}},
		{"/insights?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", []string{"from"}},
		{"/insights?from=2024-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", []string{"from"}}, // 732 days
		{"/insights?service=" + manyServices(51), []string{"service"}},
		{"/insights?service=" + strings.Repeat("x", 201), []string{"service"}},
		{"/insights?format=csv", []string{"format"}},
		{"/insights?tz=Local", []string{"tz"}},
		{"/insights/incidents?format=xlsx&bucket=year", []string{"bucket", "format"}},
		{"/insights/action-items?format=pdf", []string{"format"}},
	} {
		r := a.Call(t, apitest.Editor, "GET", c.path, "")
		got := r.FieldPaths(t)
		slices.Sort(got)
		if r.Status != http.StatusBadRequest || strings.Join(got, ",") != strings.Join(c.paths, ",") {
			t.Errorf("%s: %d %v, want 400 at %v (%s)", c.path, r.Status, got, c.paths, r.Body)
		}
	}
}

// The exports list incidents one by one: Editors only.
func TestInsightsExportsNeedAnEditor(t *testing.T) {
	a := apitest.New(t)
	for _, path := range []string{"/insights/incidents", "/insights/action-items"} {
		if r := a.Call(t, apitest.Viewer, "GET", path, ""); r.Status != http.StatusForbidden {
			t.Errorf("%s as Viewer: %d", path, r.Status)
		}
	}
}

// insightsHistory declares three incidents a minute apart from t0 on the
// API's clock: a P1 on checkout acknowledged after 4 minutes and resolved
// after an hour with a post-mortem of two action items, a P2 on search
// titled as a spreadsheet formula, and a P3 on checkout left open.
func insightsHistory(t *testing.T, a *apitest.Server, t0 time.Time) (now *time.Time, ids []string) {
	t.Helper()
	clock := t0
	a.API.Now = func() time.Time { return clock }
	declare := func(title, sev, service string) string {
		r := a.Call(t, apitest.Editor, "POST", "/incidents", fmt.Sprintf(`{"title":%q,"severity":%q,"services":[%q]}`, title, sev, service))
		if r.Status != http.StatusCreated {
			t.Fatalf("declare: %d %s", r.Status, r.Body)
		}
		clock = clock.Add(time.Minute)
		return r.JSON(t)["id"].(string)
	}
	patch := func(id, body string) {
		v := a.Call(t, apitest.Editor, "GET", "/incidents/"+id, "").JSON(t)["version"]
		if r := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%v,%s}`, v, body)); r.Status != http.StatusOK {
			t.Fatalf("patch %s: %d %s", body, r.Status, r.Body)
		}
	}
	p1 := declare("checkout down", "P1", "checkout")
	p2 := declare("=HYPERLINK(\"http://x\")", "P2", "search")
	p3 := declare("checkout slow", "P3", "checkout")
	clock = t0.Add(4 * time.Minute)
	patch(p1, `"completeSteps":["acknowledge"]`)
	clock = t0.Add(time.Hour)
	patch(p1, `"status":"resolved","reason":"rolled back"`)
	pm := `{"version":0,"doc":{"summary":"s","actionItems":[` +
		`{"action":"=cmd","owner":"ada","priority":"High","due":"2026-03-01"},` +
		`{"action":"alert on pool","owner":"bob","priority":"Low","due":"2026-03-01","done":true}]}}`
	if r := a.Call(t, apitest.Editor, "PUT", "/incidents/"+p1+"/postmortem", pm); r.Status != http.StatusOK {
		t.Fatalf("post-mortem: %d %s", r.Status, r.Body)
	}
	clock = t0.Add(2 * time.Hour)
	return &clock, []string{p1, p2, p3}
}

func TestInsightsMeasureTheOrgsIncidents(t *testing.T) {
	a := apitest.New(t)
	t0 := time.Date(2026, 2, 23, 9, 0, 0, 0, time.UTC) // a Monday; the weeks of February are those from 26 January
	insightsHistory(t, a, t0)
	r := a.Call(t, apitest.Viewer, "GET", "/insights?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=week", "")
	if r.Status != http.StatusOK {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	total := m["total"].(map[string]any)
	if total["incidents"] != 3.0 || total["open"] != 2.0 || total["mtta"].(map[string]any)["median"] != 240.0 {
		t.Fatalf("total %v", total)
	}
	var keys []string
	for _, g := range m["groups"].([]any) {
		keys = append(keys, g.(map[string]any)["key"].(string))
	}
	if strings.Join(keys, ",") != "P1,P2,P3" || len(m["series"].([]any)) != 5 {
		t.Fatalf("groups %v, %d weeks", keys, len(m["series"].([]any)))
	}
	// The service filter narrows, and org 2 sees nothing of org 1.
	r = a.Call(t, apitest.Viewer, "GET", "/insights?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z&service=search&groupBy=service", "")
	if g := r.JSON(t)["groups"].([]any); len(g) != 1 || g[0].(map[string]any)["key"] != "search" {
		t.Fatalf("search only: %s", r.Body)
	}
	other := apitest.Caller{OrgID: 2, Login: "mallory", Role: "Admin"}
	if n := a.Call(t, other, "GET", "/insights?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z", "").JSON(t)["total"].(map[string]any)["incidents"]; n != 0.0 {
		t.Fatalf("org 2 counts %v incidents", n)
	}
}

func TestExportIncidentsAsCSVAndJSON(t *testing.T) {
	a := apitest.New(t)
	t0 := time.Date(2026, 2, 23, 9, 0, 0, 0, time.UTC)
	_, ids := insightsHistory(t, a, t0)
	q := "?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z"
	r := a.Call(t, apitest.Editor, "GET", "/insights/incidents"+q+"&format=csv", "")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		r.Header.Get("Content-Disposition") != `attachment; filename=warroom-incidents-2026-02-01-2026-03-01.csv` {
		t.Fatalf("%d %v", r.Status, r.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "id" || rows[0][13] != "secondsToDetect" {
		t.Fatalf("csv %q", rows)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	p1, p2 := rows[1], rows[2]
	if p1[col("id")] != ids[0] || p1[col("declared")] != "2026-02-23T09:00:00Z" || p1[col("secondsToAcknowledge")] != "240" ||
		p1[col("secondsToResolve")] != "3600" || p1[col("respond")] != "met" || p1[col("actionItems")] != "2" ||
		p1[col("actionItemsOpen")] != "1" || p1[col("impactFrom")] != "declared" {
		t.Errorf("P1 row %q", p1)
	}
	if p2[col("title")] != `'=HYPERLINK("http://x")` || p2[col("acknowledged")] != "" || p2[col("secondsToResolve")] != "" {
		t.Errorf("P2 row %q", p2)
	}

	j := a.Call(t, apitest.Editor, "GET", "/insights/incidents"+q+"&severity=P1", "").JSON(t)
	items := j["items"].([]any)
	if j["from"] != "2026-02-01T00:00:00Z" || len(items) != 1 || items[0].(map[string]any)["secondsToResolve"] != 3600.0 {
		t.Fatalf("json %v", j)
	}
	if _, ok := items[0].(map[string]any)["mitigated"]; ok {
		t.Errorf("an unknown time is absent: %v", items[0])
	}
}

func TestExportActionItems(t *testing.T) {
	a := apitest.New(t)
	t0 := time.Date(2026, 2, 23, 9, 0, 0, 0, time.UTC)
	now, ids := insightsHistory(t, a, t0)
	*now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // both items were due yesterday
	q := "?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z"
	j := a.Call(t, apitest.Editor, "GET", "/insights/action-items"+q, "").JSON(t)
	items := j["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("items %v", j)
	}
	first, second := items[0].(map[string]any), items[1].(map[string]any)
	if first["incidentId"] != ids[0] || first["incidentTitle"] != "checkout down" || first["overdue"] != true || second["overdue"] != false || second["done"] != true {
		t.Fatalf("items %v", items)
	}
	r := a.Call(t, apitest.Editor, "GET", "/insights/action-items"+q+"&format=csv", "")
	want := "incidentId,incidentTitle,action,owner,priority,due,done,overdue\n" +
		ids[0] + ",checkout down,'=cmd,ada,High,2026-03-01,false,true\n" +
		ids[0] + ",checkout down,alert on pool,bob,Low,2026-03-01,true,false\n"
	if string(r.Body) != want || !strings.Contains(r.Header.Get("Content-Disposition"), "warroom-action-items-2026-02-01-2026-03-01.csv") {
		t.Fatalf("csv:\n%s\nwant:\n%s", r.Body, want)
	}
	// In Tokyo it is already 2 March 18:00: still overdue; on 1 March in UTC, not yet.
	*now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	if items := a.Call(t, apitest.Editor, "GET", "/insights/action-items"+q, "").JSON(t)["items"].([]any); items[0].(map[string]any)["overdue"] != false {
		t.Fatalf("due today is not overdue: %v", items[0])
	}
	if items := a.Call(t, apitest.Editor, "GET", "/insights/action-items"+q+"&tz=Pacific/Kiritimati", "").JSON(t)["items"].([]any); items[0].(map[string]any)["overdue"] != true {
		t.Fatalf("in UTC+14 it is 2 March: %v", items[0])
	}
}
