package plugin

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Every string of a request body is read from the raw bytes: invalid UTF-8
// (which encoding/json would silently turn into U+FFFD), NUL (which SQLite
// stores and PostgreSQL refuses), other control characters and the
// bidirectional controls are refused with 400 and the field path, on both
// stores alike, and nothing is stored.
func TestTextThatCannotBeStoredOrShownSafelyIsRefusedWithItsPath(t *testing.T) {
	for _, eng := range storeEngines {
		t.Run(eng.name, func(t *testing.T) {
			a := testAppWith(t, map[string]any{}, eng.secure(t))
			id, v := declare(t, a, editor, "text")
			declareWith := func(field string) string {
				return `{"title":"t","severity":"P2","services":["checkout"],` + field + `}`
			}
			cases := []struct {
				name, method, path, body string
				who                      caller
				wantFields               string
				wantMessage              string
			}{
				{"RLO in a title (escaped)", "POST", "/incidents", `{"title":"invoice\u202egpj.exe","severity":"P2","services":["s"]}`, editor, "[title]", "bidirectional"},
				{"RLO in a title (raw)", "POST", "/incidents", `{"title":"invoice` + "\u202e" + `gpj.exe","severity":"P2","services":["s"]}`, editor, "[title]", "bidirectional"},
				{"LRE", "POST", "/incidents", declareWith(`"summary":"a\u202ab"`), editor, "[summary]", "bidirectional"},
				{"PDF", "POST", "/incidents", declareWith(`"summary":"a\u202cb"`), editor, "[summary]", "bidirectional"},
				{"isolate", "POST", "/incidents", declareWith(`"summary":"a\u2066b\u2069"`), editor, "[summary]", "bidirectional"},
				{"RLM in a service", "POST", "/incidents", `{"title":"t","severity":"P2","services":["ok","a` + "\u200f" + `"]}`, editor, "[services[1]]", "bidirectional"},
				{"LRM", "POST", "/incidents", declareWith(`"links":{"dashboardUid":"d\u200e"}`), editor, "[links.dashboardUid]", "bidirectional"},
				{"Arabic letter mark", "POST", "/incidents", declareWith(`"labels":{"team":"x\u061c"}`), editor, "[labels.team]", "bidirectional"},
				{"bidi in a label name", "POST", "/incidents", declareWith(`"labels":{"a\u202eb":"v"}`), editor, `[labels.a\u202eb]`, "bidirectional"},
				{"NUL in a label value", "POST", "/incidents", declareWith(`"labels":{"team":"a\u0000b"}`), editor, "[labels.team]", "NUL"},
				{"NUL in a title", "POST", "/incidents", `{"title":"a\u0000","severity":"P2","services":["s"]}`, editor, "[title]", "NUL"},
				{"raw invalid UTF-8 in a title", "POST", "/incidents", "{\"title\":\"caf\xe9\",\"severity\":\"P2\",\"services\":[\"s\"]}", editor, "[title]", "UTF-8"},
				{"overlong encoding", "POST", "/incidents", "{\"title\":\"a\xc0\xafb\",\"severity\":\"P2\",\"services\":[\"s\"]}", editor, "[title]", "UTF-8"},
				{"encoded surrogate", "POST", "/incidents", "{\"title\":\"a\xed\xa0\x80\",\"severity\":\"P2\",\"services\":[\"s\"]}", editor, "[title]", "UTF-8"},
				{"lone high surrogate escape", "POST", "/incidents", declareWith(`"summary":"a\ud800b"`), editor, "[summary]", "UTF-8"},
				{"lone low surrogate escape", "POST", "/incidents", declareWith(`"summary":"\udc00"`), editor, "[summary]", "UTF-8"},
				{"high surrogate then a non-low one", "POST", "/incidents", declareWith(`"summary":"\ud800\u0041"`), editor, "[summary]", "UTF-8"},
				{"invalid UTF-8 in a key", "POST", "/incidents", declareWith("\"labels\":{\"k\xff\":\"v\"}"), editor, `[labels.k\ufffd]`, "UTF-8"},
				{"bell in a summary", "POST", "/incidents", declareWith(`"summary":"ring\u0007"`), editor, "[summary]", "control"},
				{"several fields at once", "POST", "/incidents", `{"title":"a\u202e","severity":"P2","services":["s\u0000"],"summary":"` + "\xff" + `"}`, editor, "[title services[0] summary]", ""},
				{"NUL in a note", "POST", "/incidents/" + id + "/events", `{"text":"a\u0000"}`, editor, "[text]", "NUL"},
				{"RLO in a note", "POST", "/incidents/" + id + "/events", `{"text":"a\u202e"}`, editor, "[text]", "bidirectional"},
				{"RLO in a new title", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"title":"x\u202e"}`, v), editor, "[title]", "bidirectional"},
				{"NUL in a reason", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"status":"identified","reason":"\u0000"}`, v), editor, "[reason]", "NUL"},
				{"NUL in a responder", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"roles":{"responders":["ok","\u0000"]}}`, v), editor, "[roles.responders[1]]", "NUL"},
				{"bidi in a checklist id", "PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"checklist":{"ticket\u2067":true}}`, v), editor, `[checklist.ticket\u2067]`, "bidirectional"},
				{"RLO in a status update", "POST", "/incidents/" + id + "/updates", `{"subject":"s","body":"b\u202e"}`, editor, "[body]", "bidirectional"},
				{"NUL in a post-mortem", "PUT", "/incidents/" + id + "/postmortem", fmt.Sprintf(`{"version":%d,"doc":{"summary":"a\u0000","whys":["ok","b\u202d"]}}`, v), editor, "[doc.summary doc.whys[1]]", ""},
				{"NUL in an action item", "PUT", "/incidents/" + id + "/postmortem", fmt.Sprintf(`{"version":%d,"doc":{"actionItems":[{"action":"a\u0000"}]}}`, v), editor, "[doc.actionItems[0].action]", "NUL"},
				{"NUL in the policy", "PUT", "/policy", `{"version":1,"levels":[{"severity":"P1","meaning":"m\u0000"}]}`, admin, "[levels[0].meaning]", "NUL"},
				{"NUL in evaluate", "POST", "/signals/evaluate", `{"services":["a\u0000"]}`, editor, "[services[0]]", "NUL"},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					r := call(t, a, tc.who, tc.method, tc.path, tc.body)
					if r.Status != http.StatusBadRequest || r.errorCode(t) != "invalid_request" {
						t.Fatalf("want 400 invalid_request, got %d %s", r.Status, r.Body)
					}
					if got := fmt.Sprint(fields(t, r)); got != tc.wantFields {
						t.Fatalf("fields %s, want %s (%s)", got, tc.wantFields, r.Body)
					}
					if !strings.Contains(string(r.Body), tc.wantMessage) {
						t.Fatalf("message does not say %q: %s", tc.wantMessage, r.Body)
					}
				})
			}
			// Nothing was stored: one incident, its timeline only "declared".
			if page := call(t, a, viewer, "GET", "/incidents", "").json(t); page["total"] != float64(1) {
				t.Fatalf("incidents after refused input: %v", page["total"])
			}
			if got := fmt.Sprint(eventKinds(t, a, viewer, id)); got != "[declared]" {
				t.Fatalf("timeline after refused input: %s", got)
			}

			// Text that is fine: right-to-left letters, emoji as a surrogate
			// pair, tabs and line breaks, a literal U+FFFD; stored as sent.
			r := call(t, a, editor, "POST", "/incidents", `{"title":"שגיאה בתשלום — خطأ 🚀 \ud83d\ude80 \ufffd","severity":"P2","services":["checkout"],"summary":"line 1\n\tline 2"}`)
			if r.Status != http.StatusCreated {
				t.Fatalf("legitimate text refused: %d %s", r.Status, r.Body)
			}
			m := r.json(t)
			if m["title"] != "שגיאה בתשלום — خطأ 🚀 🚀 \ufffd" || m["summary"] != "line 1\n\tline 2" {
				t.Fatalf("stored as %q / %q", m["title"], m["summary"])
			}
			got := call(t, a, viewer, "GET", "/incidents/"+m["id"].(string), "").json(t)
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
	for _, eng := range storeEngines {
		t.Run(eng.name, func(t *testing.T) {
			a := testAppWith(t, map[string]any{"services": checkoutCatalog["services"]}, eng.secure(t))
			body := strings.NewReplacer(
				`"summary":"Checkout 5xx above 5%"`, `"summary":"Checkout\u202e 5xx\u0000 above 5%"`,
				`"alertname":"CheckoutErrors"`, `"alertname":"Checkout\u0007Errors\u2066"`,
				`"fingerprint":"fp-1"`, `"fingerprint":"fp\u0000-1"`,
			).Replace(notification("group-text", "firing", "fp-1"))
			r := call(t, a, alertsSA, "POST", "/alerts/webhook", body)
			if r.Status != http.StatusCreated {
				t.Fatalf("notification with control characters: %d %s", r.Status, r.Body)
			}
			incID := r.json(t)["incidentId"].(string)
			inc := call(t, a, viewer, "GET", "/incidents/"+incID, "").json(t)
			if inc["title"] != "Checkout 5xx above 5%" {
				t.Fatalf("title %q", inc["title"])
			}
			if labels := inc["details"].(map[string]any)["labels"].(map[string]any); labels["alertname"] != "CheckoutErrors" {
				t.Fatalf("labels %v", labels)
			}
			events := call(t, a, viewer, "GET", "/incidents/"+incID+"/events", "").json(t)["items"].([]any)
			alert := events[len(events)-1].(map[string]any)["payload"].(map[string]any)
			if alert["fingerprint"] != "fp-1" || alert["alertname"] != "CheckoutErrors" {
				t.Fatalf("alert event %v", alert)
			}
			// The same delivery again records nothing: cleaning is stable.
			if r := call(t, a, alertsSA, "POST", "/alerts/webhook", body); r.Status != http.StatusOK || r.json(t)["recorded"] != float64(0) {
				t.Fatalf("repeat: %d %s", r.Status, r.Body)
			}

			bad := strings.Replace(notification("group-bad", "firing", "fp-2"), `"service":"checkout"`, "\"service\":\"check\xffout\"", 1)
			r = call(t, a, alertsSA, "POST", "/alerts/webhook", bad)
			if r.Status != http.StatusBadRequest || r.errorCode(t) != "invalid_request" || fmt.Sprint(fields(t, r)) != "[alerts[0].labels.service]" {
				t.Fatalf("invalid UTF-8 in a label: %d %s", r.Status, r.Body)
			}
		})
	}
}
