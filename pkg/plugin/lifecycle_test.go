package plugin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestIncidentLifecycle walks the runbook: declare, acknowledge, communicate
// with every template, resolve, write the post-mortem, reopen.
func TestIncidentLifecycle(t *testing.T) {
	a := testApp(t)
	id, v := declare(t, a, editor, "Checkout 502s")
	inc := call(t, a, viewer, "GET", "/incidents/"+id, "").json(t)
	details := inc["details"].(map[string]any)
	if len(details["checklist"].([]any)) != 6 || details["policyVersion"] != float64(1) {
		t.Fatalf("declare must seed the checklist and record the policy version: %v", details)
	}

	ack := call(t, a, editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"completeSteps":["acknowledge"],"checklist":{"acknowledge":true},"roles":{"commander":"Ada","responders":["eddie"]}}`, v))
	if ack.Status != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", ack.Status, ack.Body)
	}
	v = int64(ack.json(t)["version"].(float64))

	templates := call(t, a, viewer, "GET", "/templates", "").json(t)["items"].([]any)
	if len(templates) < 7 {
		t.Fatalf("want the runbook templates, got %d", len(templates))
	}
	for _, tpl := range templates {
		tid := tpl.(map[string]any)["id"].(string)
		msg := call(t, a, viewer, "GET", "/incidents/"+id+"/messages/"+tid, "")
		if msg.Status != http.StatusOK {
			t.Fatalf("render %s: %d %s", tid, msg.Status, msg.Body)
		}
		m := msg.json(t)
		body, _ := json.Marshal(map[string]string{"templateId": tid, "subject": m["subject"].(string), "body": m["body"].(string) + "\nEdited."})
		if r := call(t, a, editor, "POST", "/incidents/"+id+"/updates", string(body)); r.Status != http.StatusCreated {
			t.Fatalf("post %s: %d %s", tid, r.Status, r.Body)
		}
	}
	internal := call(t, a, viewer, "GET", "/incidents/"+id+"/messages/internal-p1", "").json(t)
	if !strings.Contains(internal["body"].(string), "Incident Commander: Ada") || !strings.Contains(internal["body"].(string), "Incident ID: "+id) {
		t.Fatalf("internal notice not filled from the incident: %s", internal["body"])
	}
	if r := call(t, a, viewer, "GET", "/incidents/"+id+"/messages/nope", ""); r.Status != http.StatusNotFound {
		t.Fatalf("unknown template: %d", r.Status)
	}

	res := call(t, a, editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"status":"resolved","reason":"rolled back"}`, v))
	if res.Status != http.StatusOK || res.json(t)["resolvedAt"] == nil {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	v = int64(res.json(t)["version"].(float64))

	// Resolved is read-only: notes, updates and changes are refused.
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/incidents/" + id + "/events", `{"text":"late note"}`},
		{"POST", "/incidents/" + id + "/updates", `{"subject":"s","body":"b"}`},
		{"PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"severity":"P1"}`, v)},
	} {
		if r := call(t, a, editor, tc.method, tc.path, tc.body); r.Status != http.StatusConflict || r.errorCode(t) != "incident_resolved" {
			t.Fatalf("%s %s on resolved: %d %s", tc.method, tc.path, r.Status, r.Body)
		}
	}

	pm := call(t, a, viewer, "GET", "/incidents/"+id+"/postmortem", "").json(t)
	if pm["saved"] != false || pm["dueAt"] == nil || !strings.Contains(pm["markdown"].(string), "# Post-Mortem: "+id) {
		t.Fatalf("post-mortem view: %v", pm)
	}
	bad := fmt.Sprintf(`{"version":%d,"doc":{"summary":"s","actionItems":[{"action":"a","owner":"","priority":"High","due":"2026-12-01"}]}}`, v)
	if r := call(t, a, editor, "PUT", "/incidents/"+id+"/postmortem", bad); r.Status != 400 || !strings.Contains(fmt.Sprint(fields(t, r)), "doc.actionItems[0].owner") {
		t.Fatalf("post-mortem validation: %d %s", r.Status, r.Body)
	}
	// The post-mortem has its own version: 0 before its first save.
	good := `{"version":0,"doc":{"summary":"Bad deploy","whys":["a","b"],"actionItems":[{"action":"Add canary","owner":"ops","priority":"High","due":"2026-12-01"}]}}`
	saved := call(t, a, editor, "PUT", "/incidents/"+id+"/postmortem", good)
	if saved.Status != http.StatusOK || !strings.Contains(saved.json(t)["markdown"].(string), "| 1 | Add canary | ops | High | 2026-12-01 |") {
		t.Fatalf("post-mortem save: %d %s", saved.Status, saved.Body)
	}
	md := saved.json(t)["markdown"].(string)
	if !strings.Contains(md, "Status investigating → resolved (eddie): rolled back") {
		t.Fatalf("markdown timeline lacks the resolution:\n%s", md)
	}
	if r := call(t, a, editor, "PUT", "/incidents/"+id+"/postmortem", good); r.Status != http.StatusConflict {
		t.Fatalf("stale post-mortem version: %d", r.Status)
	}
	v = int64(call(t, a, viewer, "GET", "/incidents/"+id, "").json(t)["version"].(float64))

	reopen := call(t, a, editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"status":"investigating","reason":"errors are back"}`, v))
	if reopen.Status != http.StatusOK || reopen.json(t)["status"] != "investigating" {
		t.Fatalf("reopen: %d %s", reopen.Status, reopen.Body)
	}
	events := call(t, a, viewer, "GET", "/incidents/"+id+"/events", "").json(t)["items"].([]any)
	kinds := map[string]int{}
	for _, e := range events {
		kinds[e.(map[string]any)["kind"].(string)]++
	}
	if kinds["status_update"] != len(templates) || kinds["reopened"] != 1 || kinds["postmortem_updated"] != 1 || kinds["step_completed"] != 2 {
		t.Fatalf("timeline kinds: %v", kinds)
	}
}

func TestPolicyIsVersionedAndValidated(t *testing.T) {
	a := testApp(t)
	p := call(t, a, viewer, "GET", "/policy", "")
	if p.Status != http.StatusOK || p.json(t)["version"] != float64(1) {
		t.Fatalf("default policy: %d %s", p.Status, p.Body)
	}
	var pol map[string]any
	_ = json.Unmarshal(p.Body, &pol)
	levels := pol["levels"].([]any)
	p1 := levels[0].(map[string]any)
	tiers := p1["tiers"].([]any)
	tiers[2].(map[string]any)["after"] = "10m" // before the previous tier's 15m
	p1["respondWithin"] = "0s"
	body, _ := json.Marshal(pol)
	r := call(t, a, admin, "PUT", "/policy", string(body))
	got := fmt.Sprint(fields(t, r))
	if r.Status != 400 || !strings.Contains(got, "levels[0].tiers[2].after") || !strings.Contains(got, "levels[0].respondWithin") {
		t.Fatalf("invalid policy: %d %s", r.Status, r.Body)
	}
	tiers[2].(map[string]any)["after"] = "30m"
	p1["respondWithin"] = "10m"
	body, _ = json.Marshal(pol)
	if r := call(t, a, editor, "PUT", "/policy", string(body)); r.Status != http.StatusForbidden {
		t.Fatalf("editor may not change the policy: %d", r.Status)
	}
	saved := call(t, a, admin, "PUT", "/policy", string(body))
	if saved.Status != http.StatusOK || saved.json(t)["version"] != float64(2) {
		t.Fatalf("save: %d %s", saved.Status, saved.Body)
	}
	if r := call(t, a, admin, "PUT", "/policy", string(body)); r.Status != http.StatusConflict {
		t.Fatalf("stale policy save: %d %s", r.Status, r.Body)
	}
	id, _ := declare(t, a, editor, "under v2")
	inc := call(t, a, viewer, "GET", "/incidents/"+id, "").json(t)
	if inc["details"].(map[string]any)["policyVersion"] != float64(2) {
		t.Fatalf("incident must record policy version 2: %v", inc["details"])
	}
	if got := call(t, a, caller{2, "o", "Viewer"}, "GET", "/policy", "").json(t)["version"]; got != float64(1) {
		t.Fatalf("org 2 must keep the default policy, got version %v", got)
	}
}
