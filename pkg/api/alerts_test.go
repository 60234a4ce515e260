package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/catalog"
)

func TestAlertWebhookOpensOneIncidentPerGroupAndRecordsEachAlertOnce(t *testing.T) {
	a := apitest.New(t, withCheckoutCatalog)
	id := a.OpenByAlert(t, apitest.AlertNotification("{}:{alertname=\"CheckoutErrors\"}", "firing", "fp1"))
	inc := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").JSON(t)
	details := inc["details"].(map[string]any)
	links := details["links"].(map[string]any)
	if inc["title"] != "Checkout 5xx above 5%" || inc["severity"] != "P2" || fmt.Sprint(inc["services"]) != "[checkout]" ||
		links["dashboardUid"] != "dash-1" || links["panelId"] != float64(4) || links["alertRuleUid"] != "rule-uid-1" {
		t.Fatalf("incident from the alert: %+v", inc)
	}
	if got := fmt.Sprint(a.EventKinds(t, apitest.Viewer, id)); got != "[declared alert_firing]" {
		t.Fatalf("timeline after the first notification: %s", got)
	}

	// Grafana repeats the group every repeat interval: nothing new is recorded.
	r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.AlertNotification("{}:{alertname=\"CheckoutErrors\"}", "firing", "fp1"))
	if m := r.JSON(t); r.Status != http.StatusOK || m["action"] != "attached" || m["incidentId"] != id || m["recorded"] != float64(0) {
		t.Fatalf("repeated notification: %d %s", r.Status, r.Body)
	}
	// A second alert of the group, then both resolved.
	a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.AlertNotification("{}:{alertname=\"CheckoutErrors\"}", "firing", "fp1", "fp2"))
	r = a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.AlertNotification("{}:{alertname=\"CheckoutErrors\"}", "resolved", "fp1", "fp2"))
	if m := r.JSON(t); m["recorded"] != float64(2) {
		t.Fatalf("resolved notification: %s", r.Body)
	}
	if got := fmt.Sprint(a.EventKinds(t, apitest.Viewer, id)); got != "[declared alert_firing alert_firing alert_resolved alert_resolved]" {
		t.Fatalf("timeline: %s", got)
	}
	page := a.Call(t, apitest.Viewer, "GET", "/incidents", "").JSON(t)
	if page["total"] != float64(1) {
		t.Fatalf("one group, one incident; got %v", page["total"])
	}
}

func TestConcurrentNotificationsOfOneGroupOpenOneIncident(t *testing.T) {
	a := apitest.New(t, withCheckoutCatalog)
	body := apitest.AlertNotification("group-race", "firing", "fp1")
	var wg sync.WaitGroup
	statuses := make([]int, 12)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", body).Status
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
	page := a.Call(t, apitest.Viewer, "GET", "/incidents", "").JSON(t)
	if created != 1 || page["total"] != float64(1) {
		t.Fatalf("12 racing deliveries: %d created, %v incidents; want 1 and 1", created, page["total"])
	}
	id := page["items"].([]any)[0].(map[string]any)["id"].(string)
	if got := fmt.Sprint(a.EventKinds(t, apitest.Viewer, id)); got != "[declared alert_firing]" {
		t.Fatalf("the alert was recorded more than once: %s", got)
	}
}

func TestAFiringGroupAfterResolutionOpensANewIncident(t *testing.T) {
	a := apitest.New(t, withCheckoutCatalog)
	if r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.AlertNotification("g", "resolved", "fp1")); r.JSON(t)["action"] != "ignored" {
		t.Fatalf("a resolved-only notification without an incident: %s", r.Body)
	}
	first := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.AlertNotification("g", "firing", "fp1")).JSON(t)["incidentId"].(string)
	inc := a.Call(t, apitest.Editor, "GET", "/incidents/"+first, "").JSON(t)
	r := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+first, fmt.Sprintf(`{"version":%v,"status":"resolved"}`, inc["version"]))
	if r.Status != http.StatusOK {
		t.Fatalf("resolve: %d %s", r.Status, r.Body)
	}
	r = a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.AlertNotification("g", "firing", "fp1"))
	if m := r.JSON(t); r.Status != http.StatusCreated || m["incidentId"] == first {
		t.Fatalf("after resolution: %d %s", r.Status, r.Body)
	}
	// Another org with the same group key gets its own incident.
	other := apitest.Caller{OrgID: 2, Login: "sa-2", Role: "Editor"}
	if r := a.Call(t, other, "POST", "/alerts/webhook", apitest.AlertNotification("g", "firing", "fp1")); r.Status != http.StatusCreated {
		t.Fatalf("org 2: %d %s", r.Status, r.Body)
	}
	if total := a.Call(t, apitest.Caller{OrgID: 2, Login: "v", Role: "Viewer"}, "GET", "/incidents", "").JSON(t)["total"]; total != float64(1) {
		t.Fatalf("org 2 sees %v incidents", total)
	}
}

func TestAlertWebhookChecksRoleInputAndSignature(t *testing.T) {
	const secret = "s3cret"
	a := apitest.New(t, withCheckoutCatalog, func(a *api.API) { a.AlertWebhookSecret = secret })
	body := apitest.AlertNotification("g", "firing", "fp1")
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
		who     apitest.Caller
		headers map[string]string
		body    string
		status  int
		code    string
	}{
		{"viewer", apitest.Viewer, map[string]string{"X-Warroom-Signature": sign("")}, body, 403, "forbidden"},
		{"no signature", apitest.AlertsSA, nil, body, 401, "invalid_signature"},
		{"wrong signature", apitest.AlertsSA, map[string]string{"X-Warroom-Signature": sign("") + "00"}, body, 401, "invalid_signature"},
		{"replayed", apitest.AlertsSA, map[string]string{"X-Warroom-Signature": sign(stale), "X-Warroom-Timestamp": stale}, body, 401, "invalid_signature"},
		{"no alerts", apitest.AlertsSA, map[string]string{"X-Warroom-Signature": hex.EncodeToString(hmacOf(secret, `{"alerts":[]}`))}, `{"alerts":[]}`, 400, "invalid_request"},
		{"signed with timestamp", apitest.AlertsSA, map[string]string{"X-Warroom-Signature": sign(fresh), "X-Warroom-Timestamp": fresh}, body, 201, ""},
		{"Grafana's default header", apitest.AlertsSA, map[string]string{"X-Grafana-Alerting-Signature": sign("")}, body, 200, ""},
	}
	for _, c := range cases {
		r := a.CallContext(t, c.who.Context(), "POST", "/alerts/webhook", c.body, c.headers)
		if r.Status != c.status || (c.code != "" && r.ErrorCode(t) != c.code) {
			t.Errorf("%s: got %d %s, want %d %s", c.name, r.Status, r.Body, c.status, c.code)
		}
	}
}

func hmacOf(secret, body string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return m.Sum(nil)
}

// checkoutCatalog is the catalog of the alert tests: one service whose
// selector the notifications' labels match.
var checkoutCatalog = catalog.Catalog{Services: []catalog.Service{{Name: "checkout", Selector: `service="checkout"`}}}

func withCheckoutCatalog(a *api.API) { a.Metrics.Catalog = checkoutCatalog }
