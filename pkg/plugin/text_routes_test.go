package plugin

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Every route that reads a JSON body refuses a NUL in any of its strings
// with 400 and the field path, on both stores alike (SQLite would store
// what PostgreSQL refuses). The table must name every body route of the
// route table, so a new route cannot skip the check.
func TestEveryBodyRouteRefusesNULOnBothStores(t *testing.T) {
	for _, eng := range storeEngines {
		t.Run(eng.name, func(t *testing.T) {
			a := testAppWith(t, map[string]any{"services": checkoutCatalog["services"]}, eng.secure(t))
			id, v := declare(t, a, editor, "nul")
			cases := map[string]struct {
				path, body, field string
				who               caller
			}{
				"POST /incidents":                   {"/incidents", `{"title":"t","severity":"P2","services":["checkout"],"summary":"a\u0000"}`, "summary", editor},
				"PATCH /incidents/{id}":             {"/incidents/" + id, fmt.Sprintf(`{"version":%d,"roles":{"commander":"a\u0000"}}`, v), "roles.commander", editor},
				"POST /incidents/{id}/events":       {"/incidents/" + id + "/events", `{"text":"\u0000"}`, "text", editor},
				"POST /incidents/{id}/updates":      {"/incidents/" + id + "/updates", `{"subject":"s\u0000","body":"b"}`, "subject", editor},
				"PUT /incidents/{id}/postmortem":    {"/incidents/" + id + "/postmortem", fmt.Sprintf(`{"version":%d,"doc":{"detection":"\u0000"}}`, v), "doc.detection", editor},
				"POST /incidents/{id}/diagnostics":  {"/incidents/" + id + "/diagnostics", `{"x\u0000":1}`, "", editor},
				"POST /incidents/{id}/remediations": {"/incidents/" + id + "/remediations", `{"action":"terminate-idle-backends","service":"checkout","confirm":"checkout\u0000"}`, "confirm", admin},
				"POST /signals/evaluate":            {"/signals/evaluate", `{"services":["checkout"],"labels":{"team":"a\u0000"}}`, "labels.team", editor},
				"POST /settings/validate":           {"/settings/validate", `{"jsonData":{"services":[{"name":"check\u0000out","selector":"x"}]}}`, "jsonData.services[0].name", admin},
				"PUT /policy":                       {"/policy", `{"version":1,"levels":[{"severity":"P1","tiers":[{"after":"0s","who":"On\u0000call"}]}]}`, "levels[0].tiers[0].who", admin},
			}
			// Routes that take a body but no text a user sends: the alert
			// webhook strips controls (TestAlertTextIsCleanedNotLostOnBothStores),
			// demo data reads no body.
			exempt := map[string]bool{"POST /alerts/webhook": true, "POST /admin/demo-data": true}
			for _, rt := range a.api.Routes() {
				if rt.Method == http.MethodGet {
					continue
				}
				name := rt.Method + " " + rt.Path
				tc, ok := cases[name]
				if !ok {
					if !exempt[name] {
						t.Errorf("%s reads a body and has no NUL case here", name)
					}
					continue
				}
				t.Run(name, func(t *testing.T) {
					r := call(t, a, tc.who, rt.Method, tc.path, tc.body)
					if r.Status != http.StatusBadRequest || r.errorCode(t) != "invalid_request" {
						t.Fatalf("want 400 invalid_request, got %d %s", r.Status, r.Body)
					}
					// Diagnostics takes no fields: any key is refused as unknown.
					if tc.field != "" && (fmt.Sprint(fields(t, r)) != "["+tc.field+"]" || !strings.Contains(string(r.Body), "NUL")) {
						t.Fatalf("want the NUL refused at [%s]: %s", tc.field, r.Body)
					}
				})
			}
			if got := fmt.Sprint(eventKinds(t, a, viewer, id)); got != "[declared]" {
				t.Fatalf("refused input reached the timeline: %s", got)
			}
		})
	}
}

// Single-line fields (titles, services, roles, labels, subjects) refuse tabs
// and line breaks too; text fields (summary, notes, bodies) keep them.
func TestSingleLineFieldsRefuseLineBreaks(t *testing.T) {
	a := testApp(t)
	id, v := declare(t, a, editor, "lines")
	for _, tc := range []struct {
		method, path, body, field string
	}{
		{"POST", "/incidents", `{"title":"two\nlines","severity":"P2","services":["checkout"]}`, "title"},
		{"POST", "/incidents", `{"title":"t","severity":"P2","services":["check\tout"]}`, "services[0]"},
		{"POST", "/incidents", `{"title":"t","severity":"P2","services":["checkout"],"labels":{"team":"a\rb"}}`, "labels.team"},
		{"PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"title":"a\nb"}`, v), "title"},
		{"PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"roles":{"responders":["ok","a\nb"]}}`, v), "roles.responders[1]"},
		{"POST", "/incidents/" + id + "/updates", `{"subject":"a\nb","body":"b"}`, "subject"},
	} {
		r := call(t, a, editor, tc.method, tc.path, tc.body)
		if r.Status != http.StatusBadRequest || fmt.Sprint(fields(t, r)) != "["+tc.field+"]" || !strings.Contains(string(r.Body), "single line") {
			t.Errorf("%s %s: %d %s, want 400 at %s", tc.method, tc.body, r.Status, r.Body, tc.field)
		}
	}
	r := call(t, a, editor, "POST", "/incidents/"+id+"/updates", `{"subject":"one line","body":"line 1\n\tline 2"}`)
	if r.Status >= 300 {
		t.Fatalf("a multi-line body: %d %s", r.Status, r.Body)
	}
}
