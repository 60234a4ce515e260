package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// TestIncidentLifecycle walks the runbook: declare, acknowledge, communicate
// with every template, resolve, write the post-mortem, reopen.
func TestIncidentLifecycle(t *testing.T) {
	a := apitest.New(t)
	id, v := a.Declare(t, apitest.Editor, "Checkout 502s")
	inc := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").JSON(t)
	details := inc["details"].(map[string]any)
	if len(details["checklist"].([]any)) != 6 || details["policyVersion"] != float64(1) {
		t.Fatalf("declare must seed the checklist and record the policy version: %v", details)
	}

	ack := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"completeSteps":["acknowledge"],"checklist":{"acknowledge":true},"roles":{"commander":"Ada","responders":["eddie"]}}`, v))
	if ack.Status != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", ack.Status, ack.Body)
	}
	v = int64(ack.JSON(t)["version"].(float64))

	templates := a.Call(t, apitest.Viewer, "GET", "/templates", "").JSON(t)["items"].([]any)
	if len(templates) < 7 {
		t.Fatalf("want the runbook templates, got %d", len(templates))
	}
	for _, tpl := range templates {
		tid := tpl.(map[string]any)["id"].(string)
		msg := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/messages/"+tid, "")
		if msg.Status != http.StatusOK {
			t.Fatalf("render %s: %d %s", tid, msg.Status, msg.Body)
		}
		m := msg.JSON(t)
		body, _ := json.Marshal(map[string]string{"templateId": tid, "subject": m["subject"].(string), "body": m["body"].(string) + "\nEdited."})
		if r := a.Call(t, apitest.Editor, "POST", "/incidents/"+id+"/updates", string(body)); r.Status != http.StatusCreated {
			t.Fatalf("post %s: %d %s", tid, r.Status, r.Body)
		}
	}
	internal := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/messages/internal-p1", "").JSON(t)
	if !strings.Contains(internal["body"].(string), "Incident Commander: Ada") || !strings.Contains(internal["body"].(string), "Incident ID: "+id) {
		t.Fatalf("internal notice not filled from the incident: %s", internal["body"])
	}
	if r := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/messages/nope", ""); r.Status != http.StatusNotFound {
		t.Fatalf("unknown template: %d", r.Status)
	}

	res := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"status":"resolved","reason":"rolled back"}`, v))
	if res.Status != http.StatusOK || res.JSON(t)["resolvedAt"] == nil {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	v = int64(res.JSON(t)["version"].(float64))

	// Resolved is read-only: notes, updates and changes are refused.
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/incidents/" + id + "/events", `{"text":"late note"}`},
		{"POST", "/incidents/" + id + "/updates", `{"subject":"s","body":"b"}`},
		{"PATCH", "/incidents/" + id, fmt.Sprintf(`{"version":%d,"severity":"P1"}`, v)},
	} {
		if r := a.Call(t, apitest.Editor, tc.method, tc.path, tc.body); r.Status != http.StatusConflict || r.ErrorCode(t) != "incident_resolved" {
			t.Fatalf("%s %s on resolved: %d %s", tc.method, tc.path, r.Status, r.Body)
		}
	}

	pm := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/postmortem", "").JSON(t)
	if pm["saved"] != false || pm["dueAt"] == nil || !strings.Contains(pm["markdown"].(string), "# Post-Mortem: "+id) {
		t.Fatalf("post-mortem view: %v", pm)
	}
	bad := fmt.Sprintf(`{"version":%d,"doc":{"summary":"s","actionItems":[{"action":"a","owner":"","priority":"High","due":"2026-12-01"}]}}`, v)
	if r := a.Call(t, apitest.Editor, "PUT", "/incidents/"+id+"/postmortem", bad); r.Status != 400 || !strings.Contains(fmt.Sprint(r.FieldPaths(t)), "doc.actionItems[0].owner") {
		t.Fatalf("post-mortem validation: %d %s", r.Status, r.Body)
	}
	// The post-mortem has its own version: 0 before its first save.
	good := `{"version":0,"doc":{"summary":"Bad deploy","whys":["a","b"],"actionItems":[{"action":"Add canary","owner":"ops","priority":"High","due":"2026-12-01"}]}}`
	saved := a.Call(t, apitest.Editor, "PUT", "/incidents/"+id+"/postmortem", good)
	if saved.Status != http.StatusOK || !strings.Contains(saved.JSON(t)["markdown"].(string), "| 1 | Add canary | ops | High | 2026-12-01 |") {
		t.Fatalf("post-mortem save: %d %s", saved.Status, saved.Body)
	}
	md := saved.JSON(t)["markdown"].(string)
	if !strings.Contains(md, "Status investigating → resolved (eddie): rolled back") {
		t.Fatalf("markdown timeline lacks the resolution:\n%s", md)
	}
	if r := a.Call(t, apitest.Editor, "PUT", "/incidents/"+id+"/postmortem", good); r.Status != http.StatusConflict {
		t.Fatalf("stale post-mortem version: %d", r.Status)
	}
	v = int64(a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").JSON(t)["version"].(float64))

	reopen := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"status":"investigating","reason":"errors are back"}`, v))
	if reopen.Status != http.StatusOK || reopen.JSON(t)["status"] != "investigating" {
		t.Fatalf("reopen: %d %s", reopen.Status, reopen.Body)
	}
	events := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/events", "").JSON(t)["items"].([]any)
	kinds := map[string]int{}
	for _, e := range events {
		kinds[e.(map[string]any)["kind"].(string)]++
	}
	if kinds["status_update"] != len(templates) || kinds["reopened"] != 1 || kinds["postmortem_updated"] != 1 || kinds["step_completed"] != 2 {
		t.Fatalf("timeline kinds: %v", kinds)
	}
}

func TestPolicyIsVersionedAndValidated(t *testing.T) {
	a := apitest.New(t)
	p := a.Call(t, apitest.Viewer, "GET", "/policy", "")
	if p.Status != http.StatusOK || p.JSON(t)["version"] != float64(1) {
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
	r := a.Call(t, apitest.Admin, "PUT", "/policy", string(body))
	got := fmt.Sprint(r.FieldPaths(t))
	if r.Status != 400 || !strings.Contains(got, "levels[0].tiers[2].after") || !strings.Contains(got, "levels[0].respondWithin") {
		t.Fatalf("invalid policy: %d %s", r.Status, r.Body)
	}
	tiers[2].(map[string]any)["after"] = "30m"
	p1["respondWithin"] = "10m"
	body, _ = json.Marshal(pol)
	if r := a.Call(t, apitest.Editor, "PUT", "/policy", string(body)); r.Status != http.StatusForbidden {
		t.Fatalf("editor may not change the policy: %d", r.Status)
	}
	saved := a.Call(t, apitest.Admin, "PUT", "/policy", string(body))
	if saved.Status != http.StatusOK || saved.JSON(t)["version"] != float64(2) {
		t.Fatalf("save: %d %s", saved.Status, saved.Body)
	}
	if r := a.Call(t, apitest.Admin, "PUT", "/policy", string(body)); r.Status != http.StatusConflict {
		t.Fatalf("stale policy save: %d %s", r.Status, r.Body)
	}
	id, _ := a.Declare(t, apitest.Editor, "under v2")
	inc := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").JSON(t)
	if inc["details"].(map[string]any)["policyVersion"] != float64(2) {
		t.Fatalf("incident must record policy version 2: %v", inc["details"])
	}
	if got := a.Call(t, apitest.Caller{OrgID: 2, Login: "o", Role: "Viewer"}, "GET", "/policy", "").JSON(t)["version"]; got != float64(1) {
		t.Fatalf("org 2 must keep the default policy, got version %v", got)
	}
}
