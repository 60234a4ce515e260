package plugin

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// testAppWith is testApp with extra jsonData and secure settings.
func testAppWith(t *testing.T, jsonData map[string]any, secure map[string]string) *App {
	t.Helper()
	jsonData["dataDir"] = t.TempDir()
	jd, _ := json.Marshal(jsonData)
	ctx := backend.WithPluginContext(context.Background(), backend.PluginContext{OrgID: 1, PluginID: ID})
	inst, err := NewApp(ctx, backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatal(err)
	}
	a := inst.(*App)
	t.Cleanup(a.Dispose)
	return a
}

// callWith is call with request headers.
func callWith(t *testing.T, a *App, who caller, method, path, body string, headers map[string]string) response {
	t.Helper()
	pc := backend.PluginContext{OrgID: who.OrgID, PluginID: ID}
	if who.Role != "" {
		pc.User = &backend.User{Login: who.Login, Name: who.Login, Role: who.Role}
	}
	h := map[string][]string{"Content-Type": {"application/json"}}
	for k, v := range headers {
		h[k] = []string{v}
	}
	req := &backend.CallResourceRequest{PluginContext: pc, Method: method, Path: strings.TrimPrefix(path, "/"), URL: path, Headers: h, Body: []byte(body)}
	var out response
	err := a.CallResource(backend.WithPluginContext(context.Background(), pc), req, backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
		if out.Status == 0 {
			out.Status, out.Header = r.Status, r.Headers
		}
		out.Body = append(out.Body, r.Body...)
		return nil
	}))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return out
}

var alertsSA = caller{1, "sa-1-grafana-alerts", "Editor"}

var checkoutCatalog = map[string]any{"services": []map[string]string{{"name": "checkout", "selector": `service="checkout"`}}}

// notification is a Grafana webhook contact point body (version 1).
func notification(group, status string, alerts ...string) string {
	items := make([]string, len(alerts))
	for i, fp := range alerts {
		items[i] = fmt.Sprintf(`{"status":%q,"labels":{"alertname":"CheckoutErrors","service":"checkout","severity":"critical"},
			"annotations":{"summary":"Checkout 5xx above 5%%"},"startsAt":"2026-11-29T10:00:00Z","endsAt":"2026-11-29T10:30:00Z",
			"generatorURL":"http://grafana/alerting/grafana/rule-uid-1/view?orgId=1","fingerprint":%q,
			"dashboardURL":"http://grafana/d/dash-1?orgId=1","panelURL":"http://grafana/d/dash-1?orgId=1&viewPanel=4",
			"values":{"B":0.083},"silenceURL":"http://grafana/alerting/silence/new"}`, status, fp)
	}
	return fmt.Sprintf(`{"receiver":"warroom","status":%q,"orgId":1,"alerts":[%s],"groupKey":%q,
		"groupLabels":{"alertname":"CheckoutErrors"},"commonLabels":{"alertname":"CheckoutErrors","service":"checkout","severity":"critical"},
		"commonAnnotations":{"summary":"Checkout 5xx above 5%%","description":"More than 5%% of checkout requests fail"},
		"externalURL":"http://grafana/","version":"1","truncatedAlerts":0,"title":"[FIRING:1] CheckoutErrors","state":"alerting","message":"m"}`,
		status, strings.Join(items, ","), group)
}

func eventKinds(t *testing.T, a *App, who caller, id string) []string {
	t.Helper()
	r := call(t, a, who, "GET", "/incidents/"+id+"/events", "")
	var body struct {
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("events: %v %s", err, r.Body)
	}
	var kinds []string
	for _, e := range body.Items {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

func TestAlertWebhookOpensOneIncidentPerGroupAndRecordsEachAlertOnce(t *testing.T) {
	a := testAppWith(t, checkoutCatalog, nil)
	r := call(t, a, alertsSA, "POST", "/alerts/webhook", notification("{}:{alertname=\"CheckoutErrors\"}", "firing", "fp1"))
	if r.Status != http.StatusCreated {
		t.Fatalf("first notification: %d %s", r.Status, r.Body)
	}
	id := r.json(t)["incidentId"].(string)
	inc := call(t, a, viewer, "GET", "/incidents/"+id, "").json(t)
	details := inc["details"].(map[string]any)
	links := details["links"].(map[string]any)
	if inc["title"] != "Checkout 5xx above 5%" || inc["severity"] != "P2" || fmt.Sprint(inc["services"]) != "[checkout]" ||
		links["dashboardUid"] != "dash-1" || links["panelId"] != float64(4) || links["alertRuleUid"] != "rule-uid-1" {
		t.Fatalf("incident from the alert: %+v", inc)
	}
	if got := fmt.Sprint(eventKinds(t, a, viewer, id)); got != "[declared alert_firing]" {
		t.Fatalf("timeline after the first notification: %s", got)
	}

	// Grafana repeats the group every repeat interval: nothing new is recorded.
	r = call(t, a, alertsSA, "POST", "/alerts/webhook", notification("{}:{alertname=\"CheckoutErrors\"}", "firing", "fp1"))
	if m := r.json(t); r.Status != http.StatusOK || m["action"] != "attached" || m["incidentId"] != id || m["recorded"] != float64(0) {
		t.Fatalf("repeated notification: %d %s", r.Status, r.Body)
	}
	// A second alert of the group, then both resolved.
	call(t, a, alertsSA, "POST", "/alerts/webhook", notification("{}:{alertname=\"CheckoutErrors\"}", "firing", "fp1", "fp2"))
	r = call(t, a, alertsSA, "POST", "/alerts/webhook", notification("{}:{alertname=\"CheckoutErrors\"}", "resolved", "fp1", "fp2"))
	if m := r.json(t); m["recorded"] != float64(2) {
		t.Fatalf("resolved notification: %s", r.Body)
	}
	if got := fmt.Sprint(eventKinds(t, a, viewer, id)); got != "[declared alert_firing alert_firing alert_resolved alert_resolved]" {
		t.Fatalf("timeline: %s", got)
	}
	page := call(t, a, viewer, "GET", "/incidents", "").json(t)
	if page["total"] != float64(1) {
		t.Fatalf("one group, one incident; got %v", page["total"])
	}
}

func TestConcurrentNotificationsOfOneGroupOpenOneIncident(t *testing.T) {
	a := testAppWith(t, checkoutCatalog, nil)
	body := notification("group-race", "firing", "fp1")
	var wg sync.WaitGroup
	statuses := make([]int, 12)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = call(t, a, alertsSA, "POST", "/alerts/webhook", body).Status
		}()
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Fatalf("statuses %v", statuses)
		}
	}
	page := call(t, a, viewer, "GET", "/incidents", "").json(t)
	if created != 1 || page["total"] != float64(1) {
		t.Fatalf("12 racing deliveries: %d created, %v incidents; want 1 and 1", created, page["total"])
	}
	id := page["items"].([]any)[0].(map[string]any)["id"].(string)
	if got := fmt.Sprint(eventKinds(t, a, viewer, id)); got != "[declared alert_firing]" {
		t.Fatalf("the alert was recorded more than once: %s", got)
	}
}

func TestAFiringGroupAfterResolutionOpensANewIncident(t *testing.T) {
	a := testAppWith(t, checkoutCatalog, nil)
	if r := call(t, a, alertsSA, "POST", "/alerts/webhook", notification("g", "resolved", "fp1")); r.json(t)["action"] != "ignored" {
		t.Fatalf("a resolved-only notification without an incident: %s", r.Body)
	}
	first := call(t, a, alertsSA, "POST", "/alerts/webhook", notification("g", "firing", "fp1")).json(t)["incidentId"].(string)
	inc := call(t, a, editor, "GET", "/incidents/"+first, "").json(t)
	r := call(t, a, editor, "PATCH", "/incidents/"+first, fmt.Sprintf(`{"version":%v,"status":"resolved"}`, inc["version"]))
	if r.Status != http.StatusOK {
		t.Fatalf("resolve: %d %s", r.Status, r.Body)
	}
	r = call(t, a, alertsSA, "POST", "/alerts/webhook", notification("g", "firing", "fp1"))
	if m := r.json(t); r.Status != http.StatusCreated || m["incidentId"] == first {
		t.Fatalf("after resolution: %d %s", r.Status, r.Body)
	}
	// Another org with the same group key gets its own incident.
	other := caller{2, "sa-2", "Editor"}
	if r := call(t, a, other, "POST", "/alerts/webhook", notification("g", "firing", "fp1")); r.Status != http.StatusCreated {
		t.Fatalf("org 2: %d %s", r.Status, r.Body)
	}
	if total := call(t, a, caller{2, "v", "Viewer"}, "GET", "/incidents", "").json(t)["total"]; total != float64(1) {
		t.Fatalf("org 2 sees %v incidents", total)
	}
}

func TestAlertWebhookChecksRoleInputAndSignature(t *testing.T) {
	const secret = "s3cret"
	a := testAppWith(t, checkoutCatalog, map[string]string{"alertWebhookSecret": secret})
	body := notification("g", "firing", "fp1")
	now := time.Now()
	sign := func(ts string) string {
		m := hmac.New(sha256.New, []byte(secret))
		if ts != "" {
			m.Write([]byte(ts + ":"))
		}
		m.Write([]byte(body))
		return hex.EncodeToString(m.Sum(nil))
	}
	fresh := strconv.FormatInt(now.Unix(), 10)
	stale := strconv.FormatInt(now.Add(-time.Hour).Unix(), 10)
	cases := []struct {
		name    string
		who     caller
		headers map[string]string
		body    string
		status  int
		code    string
	}{
		{"viewer", viewer, map[string]string{"X-Warroom-Signature": sign("")}, body, 403, "forbidden"},
		{"no signature", alertsSA, nil, body, 401, "invalid_signature"},
		{"wrong signature", alertsSA, map[string]string{"X-Warroom-Signature": sign("") + "00"}, body, 401, "invalid_signature"},
		{"replayed", alertsSA, map[string]string{"X-Warroom-Signature": sign(stale), "X-Warroom-Timestamp": stale}, body, 401, "invalid_signature"},
		{"no alerts", alertsSA, map[string]string{"X-Warroom-Signature": hex.EncodeToString(hmacOf(secret, `{"alerts":[]}`))}, `{"alerts":[]}`, 400, "invalid_request"},
		{"signed with timestamp", alertsSA, map[string]string{"X-Warroom-Signature": sign(fresh), "X-Warroom-Timestamp": fresh}, body, 201, ""},
		{"Grafana's default header", alertsSA, map[string]string{"X-Grafana-Alerting-Signature": sign("")}, body, 200, ""},
	}
	for _, c := range cases {
		r := callWith(t, a, c.who, "POST", "/alerts/webhook", c.body, c.headers)
		if r.Status != c.status || (c.code != "" && r.errorCode(t) != c.code) {
			t.Errorf("%s: got %d %s, want %d %s", c.name, r.Status, r.Body, c.status, c.code)
		}
	}
}

func hmacOf(secret, body string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return m.Sum(nil)
}
