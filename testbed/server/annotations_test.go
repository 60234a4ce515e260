package main

import (
	"fmt"
	"net/http"
	"testing"
)

type annJSON struct {
	ID           int64    `json:"id"`
	DashboardUID string   `json:"dashboardUID"`
	PanelID      int64    `json:"panelId"`
	Time         int64    `json:"time"`
	TimeEnd      int64    `json:"timeEnd"`
	Text         string   `json:"text"`
	Tags         []string `json:"tags"`
	Login        string   `json:"login"`
}

func postAnn(t *testing.T, tb *testBed, ident, body string) int64 {
	t.Helper()
	resp, b := tb.do(t, ident, "POST", "/api/annotations", body)
	wantStatus(t, resp, b, http.StatusOK)
	m := decode[map[string]any](t, b)
	if m["message"] != "Annotation added" {
		t.Fatalf("body %s", b)
	}
	return int64(m["id"].(float64))
}

func findAnn(t *testing.T, tb *testBed, ident, query string) []annJSON {
	t.Helper()
	resp, b := tb.do(t, ident, "GET", "/api/annotations"+query, "")
	wantStatus(t, resp, b, http.StatusOK)
	return decode[[]annJSON](t, b)
}

func ids(as []annJSON) string {
	s := ""
	for _, a := range as {
		s += fmt.Sprintf("%d,", a.ID)
	}
	return s
}

func TestAnnotationsFiltering(t *testing.T) {
	tb := newTestBed(t, false, "")
	ed := "Editor:1:alice"
	a := postAnn(t, tb, ed, `{"dashboardUID":"testbed","panelId":2,"time":1000,"timeEnd":2000,"tags":["warroom","INC-1"],"text":"declared"}`)
	b := postAnn(t, tb, ed, `{"dashboardUID":"testbed","panelId":3,"time":3000,"tags":["warroom"],"text":"note"}`)
	c := postAnn(t, tb, ed, `{"dashboardUID":"warroom-timers","time":5000,"tags":["other"],"text":"elsewhere"}`)
	postAnn(t, tb, "Editor:2:zed", `{"dashboardUID":"testbed","time":1500,"tags":["warroom"],"text":"org 2"}`)

	cases := map[string]string{
		"":                                     fmt.Sprintf("%d,%d,%d,", c, b, a), // newest first, org 1 only
		"?dashboardUID=testbed":                fmt.Sprintf("%d,%d,", b, a),
		"?dashboardUID=testbed&panelId=2":      fmt.Sprintf("%d,", a),
		"?from=1500&to=3500":                   fmt.Sprintf("%d,%d,", b, a), // a's region overlaps
		"?from=2500":                           fmt.Sprintf("%d,%d,", c, b),
		"?tags=warroom":                        fmt.Sprintf("%d,%d,", b, a),
		"?tags=warroom&tags=INC-1":             fmt.Sprintf("%d,", a),
		"?tags=INC-1&tags=other&matchAny=true": fmt.Sprintf("%d,%d,", c, a),
		"?limit=1":                             fmt.Sprintf("%d,", c),
		"?type=alert":                          "",
	}
	for q, want := range cases {
		if got := ids(findAnn(t, tb, "Viewer:1:v", q)); got != want {
			t.Errorf("GET /api/annotations%s = %s, want %s", q, got, want)
		}
	}
	got := findAnn(t, tb, "Viewer:1:v", "?dashboardUID=testbed&panelId=3")
	if len(got) != 1 || got[0].TimeEnd != 3000 || got[0].Login != "alice" || got[0].Tags[0] != "warroom" {
		t.Fatalf("defaults: %+v", got)
	}
	for _, q := range []string{"?from=x", "?limit=0", "?type=bogus", "?matchAny=maybe"} {
		resp, body := tb.do(t, "Viewer:1:v", "GET", "/api/annotations"+q, "")
		wantStatus(t, resp, body, http.StatusBadRequest)
	}
}

func TestAnnotationsWriteRules(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, body := tb.do(t, "Viewer:1:v", "POST", "/api/annotations", `{"text":"x"}`)
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = tb.do(t, "None:1:n", "GET", "/api/annotations", "")
	wantStatus(t, resp, body, http.StatusForbidden)
	for _, bad := range []string{`{"text":""}`, `{"text":"x","time":5,"timeEnd":4}`, `{"text":"x","tags":[""]}`,
		`{"text":"x","panelId":"2"}`, `{"text":"x","dashboardUid2":"d"}`, `{"text":"x","data":[1]}`, `not json`} {
		resp, body = tb.do(t, "Editor:1:e", "POST", "/api/annotations", bad)
		wantStatus(t, resp, body, http.StatusBadRequest)
	}

	id := postAnn(t, tb, "Editor:1:e", `{"time":1000,"text":"first","tags":["a"]}`)
	path := fmt.Sprintf("/api/annotations/%d", id)
	resp, body = tb.do(t, "Editor:1:e", "PATCH", path, `{"text":"edited","timeEnd":4000}`)
	wantStatus(t, resp, body, http.StatusOK)
	if m := decode[map[string]string](t, body); m["message"] != "Annotation patched" {
		t.Fatalf("%s", body)
	}
	resp, body = tb.do(t, "Editor:1:e", "PATCH", path, `{"timeEnd":10}`)
	wantStatus(t, resp, body, http.StatusBadRequest)
	got := findAnn(t, tb, "Viewer:1:v", "")
	if len(got) != 1 || got[0].Text != "edited" || got[0].TimeEnd != 4000 || got[0].Tags[0] != "a" {
		t.Fatalf("after patch: %+v", got)
	}
	// Another org cannot see, patch or delete it.
	resp, body = tb.do(t, "Admin:2:a", "PATCH", path, `{"text":"hijack"}`)
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = tb.do(t, "Admin:2:a", "DELETE", path, "")
	wantStatus(t, resp, body, http.StatusNotFound)

	// Persisted: a new store on the same state dir has it, then delete.
	st, err := newAnnotationStore(tb.state)
	if err != nil || len(st.find(1, annotationQuery{Limit: 10})) != 1 || len(st.find(2, annotationQuery{Limit: 10})) != 0 {
		t.Fatalf("reload: %v", err)
	}
	resp, body = tb.do(t, "Editor:1:e", "DELETE", path, "")
	wantStatus(t, resp, body, http.StatusOK)
	if len(findAnn(t, tb, "Viewer:1:v", "")) != 0 {
		t.Fatal("not deleted")
	}
	resp, body = tb.do(t, "Editor:1:e", "DELETE", "/api/annotations/abc", "")
	wantStatus(t, resp, body, http.StatusBadRequest)
	// IDs are not reused after a delete.
	if next := postAnn(t, tb, "Editor:1:e", `{"text":"again"}`); next <= id {
		t.Fatalf("id %d reused after %d", next, id)
	}
}
