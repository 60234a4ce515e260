package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// Every string of a request body is read from the raw bytes: invalid UTF-8
// (which encoding/json would silently turn into U+FFFD), NUL (which SQLite
// stores and PostgreSQL refuses), other control characters and the
// bidirectional controls are refused with 400 and the field path, on both
// stores alike, and nothing is stored.
func TestTextThatCannotBeStoredOrShownSafelyIsRefusedWithItsPath(t *testing.T) {
	for _, eng := range apitest.Engines {
		t.Run(eng.Name, func(t *testing.T) {
			a := apitest.NewOn(t, eng)
			id, v := a.Declare(t, apitest.Editor, "text")
			declareWith := func(field string) string {
				return `{"title":"t","severity":"P2","services":["checkout"],` + field + `}`
			}
			cases := []struct {
				name, method, path, body string
				who                      apitest.Caller
				wantFields               string
				wantMessage              string
			}{
				{"RLO in a title (escaped)", "POST", "/incidents", `{"title":"invoice\u202egpj.exe","severity":"P2","services":["s"]}`, apitest.Editor, "[title]", "bidirectional"},
				{"RLO in a title (raw)", "POST", "/incidents", `{"title":"invoice` + "\u202e" + `gpj.exe","severity":"P2","services":["s"]}`, apitest.Editor, "[title]", "bidirectional"},
				{"LRE", "POST", "/incidents", declareWith(`"summary":"a\u202ab"`), apitest.Editor, "[summary]", "bidirectional"},
				{"PDF", "POST", "/incidents", declareWith(`"summary":"a\u202cb"`), apitest.Editor, "[summary]", "bidirectional"},
				{"isolate", "POST", "/incidents", declareWith(`"summary":"a\u2066b\u2069"`), apitest.Editor, "[summary]", "bidirectional"},
				{"RLM in a service", "POST", "/incidents", `{"title":"t","severity":"P2","services":["ok","a` + "\u200f" + `"]}`, apitest.Editor, "[services[1]]", "bidirectional"},
				{"LRM", "POST", "/incidents", declareWith(`"links":{"dashboardUid":"d\u200e"}`), apitest.Editor, "[links.dashboardUid]", "bidirectional"},
				{"Arabic letter mark", "POST", "/incidents", declareWith(`"labels":{"team":"x\u061c"}`), apitest.Editor, "[labels.team]", "bidirectional"},
				{"bidi in a label name", "POST", "/incidents", declareWith(`"labels":{"a\u202eb":"v"}`), apitest.Editor, `[labels.a\u202eb]`, "bidirectional"},
				{"NUL in a label value", "POST", "/incidents", declareWith(`"labels":{"team":"a\u0000b"}`), apitest.Editor, "[labels.team]", "NUL"},
				{"NUL in a title", "POST", "/incidents", `{"title":"a\u0000","severity":"P2","services":["s"]}`, apitest.Editor, "[title]", "NUL"},
				{"raw invalid UTF-8 in a title", "POST", "/incidents", "{\"title\":\"caf\xe9\",\"severity\":\"P2\",\"services\":[\"s\"]}", apitest.Editor, "[title]", "UTF-8"},
				{"overlong encoding", "POST", "/incidents", "{\"title\":\"a\xc0\xafb\",\"severity\":\"P2\",\"services\":[\"s\"]}", apitest.Editor, "[title]", "UTF-8"},
				{"encoded surrogate", "POST", "/incidents", "{\"title\":\"a\xed\xa0\x80\",\"severity\":\"P2\",\"services\":[\"s\"]}", apitest.Editor, "[title]", "UTF-8"},
				{"lone high surrogate escape", "POST", "/incidents", declareWith(`"summary":"a\ud800b"`), apitest.Editor, "[summary]", "UTF-8"},
				{"lone low surrogate escape", "POST", "/incidents", declareWith(`"summary":"\udc00"`), apitest.Editor, "[summary]", "UTF-8"},
				{"high surrogate then a non-low one", "POST", "/incidents", declareWith(`"summary":"\ud800\u0041"`), apitest.Editor, "[summary]", "UTF-8"},
				{"invalid UTF-8 in a key", "POST", "/incidents", declareWith("\"labels\":{\"k\xff\":\"v\"}"), apitest.Editor, `[labels.k\ufffd]`, "UTF-8"},
				{"bell in a summary", "POST", "/incidents", declareWith(`"summary":"ring\u0007"`), apitest.Editor, "[summary]", "control"},
				{"several fields at once", "POST", "/incidents", `{"title":"a\u202e","severity":"P2","services":["s\u0000"],"summary":"` + "\xff" + `"}`, apitest.Editor, "[title services[0] summary]", ""},
				{"NUL in a note", "POST", "/incidents/" + id + "/events", `{"text":"a\u0000"}`, apitest.Editor, "[text]", "NUL"},
				{"RLO in a note", "POST", "/incidents/" + id + "/events", `{"text":"a\u202e"}`, apitest.Editor, "[text]", "bidirectional"},
				{"RLO in a new title", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"title":"x\u202e"}`, v), apitest.Editor, "[title]", "bidirectional"},
				{"NUL in a reason", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"status":"identified","reason":"\u0000"}`, v), apitest.Editor, "[reason]", "NUL"},
				{"NUL in a responder", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"roles":{"responders":["ok","\u0000"]}}`, v), apitest.Editor, "[roles.responders[1]]", "NUL"},
				{"bidi in a checklist id", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"checklist":{"ticket\u2067":true}}`, v), apitest.Editor, `[checklist.ticket\u2067]`, "bidirectional"},
				{"RLO in a status update", "POST", "/incidents/" + id + "/updates", `{"subject":"s","body":"b\u202e"}`, apitest.Editor, "[body]", "bidirectional"},
				{"NUL in a post-mortem", "PUT", "/incidents/" + id + "/postmortem", fmt.Sprintf(`{"version":%d,"doc":{"summary":"a\u0000","whys":["ok","b\u202d"]}}`, v), apitest.Editor, "[doc.summary doc.whys[1]]", ""},
				{"NUL in an action item", "PUT", "/incidents/" + id + "/postmortem", fmt.Sprintf(`{"version":%d,"doc":{"actionItems":[{"action":"a\u0000"}]}}`, v), apitest.Editor, "[doc.actionItems[0].action]", "NUL"},
				{"NUL in the policy", "PUT", "/policy", `{"version":1,"levels":[{"severity":"P1","meaning":"m\u0000"}]}`, apitest.Admin, "[levels[0].meaning]", "NUL"},
				{"NUL in evaluate", "POST", "/signals/evaluate", `{"services":["a\u0000"]}`, apitest.Editor, "[services[0]]", "NUL"},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					r := a.Call(t, tc.who, tc.method, tc.path, tc.body)
					if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "invalid_request" {
						t.Fatalf("want 400 invalid_request, got %d %s", r.Status, r.Body)
					}
					if got := fmt.Sprint(r.FieldPaths(t)); got != tc.wantFields {
						t.Fatalf("fields %s, want %s (%s)", got, tc.wantFields, r.Body)
					}
					if !strings.Contains(string(r.Body), tc.wantMessage) {
						t.Fatalf("message does not say %q: %s", tc.wantMessage, r.Body)
					}
				})
			}
			// Nothing was stored: one incident, its timeline only "declared".
			if page := a.Call(t, apitest.Viewer, "GET", "/incidents", "").JSON(t); page["total"] != float64(1) {
				t.Fatalf("incidents after refused input: %v", page["total"])
			}
			if got := fmt.Sprint(a.EventKinds(t, apitest.Viewer, id)); got != "[declared]" {
				t.Fatalf("timeline after refused input: %s", got)
			}

			// Text that is fine: right-to-left letters, emoji as a surrogate
			// pair, tabs and line breaks, a literal U+FFFD; stored as sent.
			r := a.Call(t, apitest.Editor, "POST", "/incidents", `{"title":"שגיאה בתשלום — خطأ 🚀 \ud83d\ude80 \ufffd","severity":"P2","services":["checkout"],"summary":"line 1\n\tline 2"}`)
			if r.Status != http.StatusCreated {
				t.Fatalf("legitimate text refused: %d %s", r.Status, r.Body)
			}
			m := r.JSON(t)
			if m["title"] != "שגיאה בתשלום — خطأ 🚀 🚀 \ufffd" || m["summary"] != "line 1\n\tline 2" {
				t.Fatalf("stored as %q / %q", m["title"], m["summary"])
			}
			got := a.Call(t, apitest.Viewer, "GET", "/incidents/"+m["id"].(string), "").JSON(t)
			if got["title"] != m["title"] {
				t.Fatalf("read back as %q", got["title"])
			}
		})
	}
}

// The alert webhook is Grafana's payload: alert labels and annotations may
// carry control or bidirectional characters from metric labels, and Grafana
// does not retry a refused notification, so they are removed rather than the
// alert lost; invalid UTF-8 (which Grafana never sends) is refused.
func TestAlertTextIsCleanedNotLostOnBothStores(t *testing.T) {
	for _, eng := range apitest.Engines {
		t.Run(eng.Name, func(t *testing.T) {
			a := apitest.NewOn(t, eng, withCheckoutCatalog)
			body := strings.NewReplacer(
				`"summary":"Checkout 5xx above 5%"`, `"summary":"Checkout\u202e 5xx\u0000 above 5%"`,
				`"alertname":"CheckoutErrors"`, `"alertname":"Checkout\u0007Errors\u2066"`,
				`"fingerprint":"fp-1"`, `"fingerprint":"fp\u0000-1"`,
			).Replace(apitest.AlertNotification("group-text", "firing", "fp-1"))
			incID := a.OpenByAlert(t, body)
			inc := a.Call(t, apitest.Viewer, "GET", "/incidents/"+incID, "").JSON(t)
			if inc["title"] != "Checkout 5xx above 5%" {
				t.Fatalf("title %q", inc["title"])
			}
			if labels := inc["details"].(map[string]any)["labels"].(map[string]any); labels["alertname"] != "CheckoutErrors" {
				t.Fatalf("labels %v", labels)
			}
			events := a.Call(t, apitest.Viewer, "GET", "/incidents/"+incID+"/events", "").JSON(t)["items"].([]any)
			alert := events[len(events)-1].(map[string]any)["payload"].(map[string]any)
			if alert["fingerprint"] != "fp-1" || alert["alertname"] != "CheckoutErrors" {
				t.Fatalf("alert event %v", alert)
			}
			// The same delivery again records nothing: cleaning is stable.
			if r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", body); r.Status != http.StatusOK || r.JSON(t)["recorded"] != float64(0) {
				t.Fatalf("repeat: %d %s", r.Status, r.Body)
			}

			bad := strings.Replace(apitest.AlertNotification("group-bad", "firing", "fp-2"), `"service":"checkout"`, "\"service\":\"check\xffout\"", 1)
			r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", bad)
			if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "invalid_request" || fmt.Sprint(r.FieldPaths(t)) != "[alerts[0].labels.service]" {
				t.Fatalf("invalid UTF-8 in a label: %d %s", r.Status, r.Body)
			}
		})
	}
}

// Every route that reads a JSON body refuses a NUL in any of its strings
// with 400 and the field path, on both stores alike (SQLite would store
// what PostgreSQL refuses). The table must name every body route of the
// route table, so a new route cannot skip the check.
func TestEveryBodyRouteRefusesNULOnBothStores(t *testing.T) {
	for _, eng := range apitest.Engines {
		t.Run(eng.Name, func(t *testing.T) {
			a := apitest.NewOn(t, eng, withCheckoutCatalog)
			id, v := a.Declare(t, apitest.Editor, "nul")
			cases := map[string]struct {
				path, body, field string
				who               apitest.Caller
			}{
				"POST /incidents":                            {"/incidents", `{"title":"t","severity":"P2","services":["checkout"],"summary":"a\u0000"}`, "summary", apitest.Editor},
				"PATCH /incidents/{id}":                      {"/incidents/" + id, fmt.Sprintf(`{"version":%d,"roles":{"commander":"a\u0000"}}`, v), "roles.commander", apitest.Editor},
				"POST /incidents/{id}/events":                {"/incidents/" + id + "/events", `{"text":"\u0000"}`, "text", apitest.Editor},
				"POST /incidents/{id}/updates":               {"/incidents/" + id + "/updates", `{"subject":"s\u0000","body":"b"}`, "subject", apitest.Editor},
				"PUT /incidents/{id}/postmortem":             {"/incidents/" + id + "/postmortem", fmt.Sprintf(`{"version":%d,"doc":{"detection":"\u0000"}}`, v), "doc.detection", apitest.Editor},
				"POST /incidents/{id}/diagnostics":           {"/incidents/" + id + "/diagnostics", `{"x\u0000":1}`, "", apitest.Editor},
				"POST /incidents/{id}/remediations":          {"/incidents/" + id + "/remediations", `{"action":"terminate-idle-backends","service":"checkout","confirm":"checkout\u0000"}`, "confirm", apitest.Admin},
				"POST /signals/evaluate":                     {"/signals/evaluate", `{"services":["checkout"],"labels":{"team":"a\u0000"}}`, "labels.team", apitest.Editor},
				"POST /settings/validate":                    {"/settings/validate", `{"jsonData":{"services":[{"name":"check\u0000out","selector":"x"}]}}`, "jsonData.services[0].name", apitest.Admin},
				"POST /services/preview":                     {"/services/preview", `{"service":{"name":"checkout","selector":"job=\"a\u0000\""}}`, "selector", apitest.Admin},
				"PUT /policy":                                {"/policy", `{"version":1,"levels":[{"severity":"P1","tiers":[{"after":"0s","who":"On\u0000call"}]}]}`, "levels[0].tiers[0].who", apitest.Admin},
				"POST /oncall/schedules":                     {"/oncall/schedules", `{"version":0,"schedule":{"id":"s","name":"a\u0000b"}}`, "schedule.name", apitest.Editor},
				"PUT /oncall/schedules/{scheduleId}":         {"/oncall/schedules/s", `{"version":1,"schedule":{"id":"s","name":"a\u0000b"}}`, "schedule.name", apitest.Editor},
				"POST /oncall/schedules/{scheduleId}/import": {"/oncall/schedules/s/import", `{"calendar":"BEGIN:VCALENDAR\u0000"}`, "calendar", apitest.Editor},
				"PUT /oncall/contact-methods/{methodId}":     {"/oncall/contact-methods/mail", `{"kind":"email","address":"a\u0000@example.com"}`, "address", apitest.Editor},
				"POST /oncall/feeds":                         {"/oncall/feeds", `{"subjectKind":"user","subjectId":"e\u0000"}`, "subjectId", apitest.Editor},
				"POST /ack":                                  {"/ack", `{"token":"a\u0000"}`, "token", apitest.Viewer},
			}
			// Routes that take a body but no text a user sends: the alert
			// webhook strips controls (TestAlertTextIsCleanedNotLostOnBothStores),
			// demo data reads no body.
			exempt := map[string]bool{"POST /alerts/webhook": true, "POST /admin/demo-data": true,
				// These read no body at all.
				"DELETE /oncall/schedules/{scheduleId}": true, "DELETE /oncall/contact-methods/{methodId}": true,
				"POST /oncall/contact-methods/{methodId}/test": true, "DELETE /oncall/feeds/{feedId}": true}
			for _, rt := range a.API.Routes() {
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
					r := a.Call(t, tc.who, rt.Method, tc.path, tc.body)
					if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "invalid_request" {
						t.Fatalf("want 400 invalid_request, got %d %s", r.Status, r.Body)
					}
					// Diagnostics takes no fields: any key is refused as unknown.
					if tc.field != "" && (fmt.Sprint(r.FieldPaths(t)) != "["+tc.field+"]" || !strings.Contains(string(r.Body), "NUL")) {
						t.Fatalf("want the NUL refused at [%s]: %s", tc.field, r.Body)
					}
				})
			}
			if got := fmt.Sprint(a.EventKinds(t, apitest.Viewer, id)); got != "[declared]" {
				t.Fatalf("refused input reached the timeline: %s", got)
			}
		})
	}
}

// Single-line fields (titles, services, roles, labels, subjects) refuse tabs
// and line breaks too; text fields (summary, notes, bodies) keep them.
func TestSingleLineFieldsRefuseLineBreaks(t *testing.T) {
	a := apitest.New(t)
	id, v := a.Declare(t, apitest.Editor, "lines")
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
		r := a.Call(t, apitest.Editor, tc.method, tc.path, tc.body)
		if r.Status != http.StatusBadRequest || fmt.Sprint(r.FieldPaths(t)) != "["+tc.field+"]" || !strings.Contains(string(r.Body), "single line") {
			t.Errorf("%s %s: %d %s, want 400 at %s", tc.method, tc.body, r.Status, r.Body, tc.field)
		}
	}
	r := a.Call(t, apitest.Editor, "POST", "/incidents/"+id+"/updates", `{"subject":"one line","body":"line 1\n\tline 2"}`)
	if r.Status >= 300 {
		t.Fatalf("a multi-line body: %d %s", r.Status, r.Body)
	}
}
