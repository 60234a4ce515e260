package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/alertintake"
	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Labels are names: tabs and line breaks a metric label carried are dropped
// (as other control characters already are) and the alert is recorded, not
// refused; an annotation's description keeps its lines; a summary with line
// breaks becomes a one-line title.
func TestAlertLabelsLoseLineBreaksAndTheAlertIsKept(t *testing.T) {
	for _, eng := range apitest.Engines {
		t.Run(eng.Name, func(t *testing.T) {
			a := apitest.NewOn(t, eng, withCheckoutCatalog)
			body := strings.NewReplacer(
				`"commonAnnotations":{"summary":"Checkout 5xx above 5%"`, `"commonAnnotations":{"summary":"Checkout 5xx\nabove\t5%"`,
				`"description":"More than 5% of checkout requests fail"`, `"description":"line 1\nline 2"`,
				`"labels":{"alertname":"CheckoutErrors","service":"checkout"`, `"labels":{"alertname":"Checkout\nErrors","service":"check\tout\r\n","po\nd":"p\u0001-1"`,
				`"commonLabels":{"alertname":"CheckoutErrors","service":"checkout"`, `"commonLabels":{"alertname":"Checkout\r\nErrors","service":"checkout\n"`,
				`"fingerprint":"fp-1"`, `"fingerprint":"fp\n-1"`,
			).Replace(apitest.AlertNotification("group\n-lines", "firing", "fp-1"))
			id := a.OpenByAlert(t, body)
			inc := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").JSON(t)
			if inc["title"] != "Checkout 5xx above 5%" || inc["summary"] != "line 1\nline 2" {
				t.Fatalf("title %q, summary %q", inc["title"], inc["summary"])
			}
			if fmt.Sprint(inc["services"]) != "[checkout]" || inc["details"].(map[string]any)["labels"].(map[string]any)["alertname"] != "CheckoutErrors" {
				t.Fatalf("services %v, labels %v", inc["services"], inc["details"].(map[string]any)["labels"])
			}
			evs, err := a.API.Store.ListEvents(t.Context(), 1, id, 0)
			if err != nil {
				t.Fatal(err)
			}
			alert := evs[len(evs)-1].Payload
			labels := fmt.Sprint(alert["labels"])
			if alert["fingerprint"] != "fp-1" || alert["alertname"] != "CheckoutErrors" || labels != "map[alertname:CheckoutErrors pod:p-1 service:checkout severity:critical]" {
				t.Fatalf("alert event %v", alert)
			}
			// The cleaned group key and fingerprint dedup as before.
			if r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", body); r.Status != http.StatusOK || r.JSON(t)["recorded"] != float64(0) {
				t.Fatalf("repeat: %d %s", r.Status, r.Body)
			}
		})
	}
}

// A notification at the alert count limit fits the webhook's body limit
// when its alerts are what Grafana sends (about 4 KiB each with a long
// description); one whose alerts are near their per-field limits cannot, and
// is refused with a message that names both limits.
func TestAlertBodyLimitTakesAFullNotification(t *testing.T) {
	a := apitest.New(t)
	full := apitest.BigAlertNotification("full", api.MaxAlerts, func(i int, al map[string]any) {
		al["annotations"].(map[string]string)["description"] = strings.Repeat("Runbook step. ", 220) // ~3 KiB
	})
	if n := len(full); n < api.MaxAlertBody*3/4 || n > api.MaxAlertBody {
		t.Fatalf("the full notification is %d bytes; the test wants one near the %d byte limit", n, api.MaxAlertBody)
	}
	r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", full)
	if r.Status != http.StatusCreated || r.JSON(t)["recorded"] != float64(api.MaxAlerts) {
		t.Fatalf("%d alerts of ~4 KiB: %d %.300s", api.MaxAlerts, r.Status, r.Body)
	}
	maximal := apitest.BigAlertNotification("maximal", api.MaxAlerts, func(i int, al map[string]any) {
		al["annotations"].(map[string]string)["description"] = strings.Repeat("d", api.MaxAlertAnnotationValue)
	})
	r = a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", maximal)
	if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "body_too_large" {
		t.Fatalf("maximal alerts: %d %.300s", r.Status, r.Body)
	}
	msg := r.JSON(t)["error"].(map[string]any)["message"].(string)
	if !strings.Contains(msg, fmt.Sprintf("over %d MiB", api.MaxAlertBody>>20)) || !strings.Contains(msg, fmt.Sprintf("at most %d alerts", api.MaxAlerts)) {
		t.Fatalf("the refusal does not name the limits: %s", msg)
	}
	// Other routes keep the 1 MiB limit.
	r = a.Call(t, apitest.Editor, "POST", "/incidents", `{"title":"`+strings.Repeat("x", 1<<20)+`"}`)
	if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "body_too_large" {
		t.Fatalf("a 1 MiB declare: %d %.200s", r.Status, r.Body)
	}
}

// An incident's alert events are bounded: past alertintake.MaxAlertEvents a
// notification adds one summary saying how many alerts it brought; the
// intake says how many were not recorded, and alerts already on the
// timeline still add nothing.
func TestAlertEventsPerIncidentAreBounded(t *testing.T) {
	a := apitest.New(t)
	fill := func(from, n int) string {
		return apitest.BigAlertNotification("noisy", n, func(i int, al map[string]any) { al["fingerprint"] = fmt.Sprintf("fp-%05d", from+i) })
	}
	var id string
	for from := 0; from < alertintake.MaxAlertEvents; from += api.MaxAlerts {
		r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", fill(from, api.MaxAlerts))
		if m := r.JSON(t); r.Status >= 300 || m["recorded"] != float64(api.MaxAlerts) || m["notRecorded"] != nil {
			t.Fatalf("filling from %d: %d %.300s", from, r.Status, r.Body)
		}
		id = r.JSON(t)["incidentId"].(string)
	}
	// Full: a repeat adds nothing; 7 new alerts are summarised once.
	if r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", fill(0, 10)); r.JSON(t)["recorded"] != float64(0) || r.JSON(t)["notRecorded"] != nil {
		t.Fatalf("a repeat of recorded alerts at the limit: %s", r.Body)
	}
	r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", fill(alertintake.MaxAlertEvents-3, 10))
	if m := r.JSON(t); r.Status != http.StatusOK || m["recorded"] != float64(0) || m["notRecorded"] != float64(7) {
		t.Fatalf("new alerts past the limit: %d %s", r.Status, r.Body)
	}
	summaries := func() []map[string]any {
		evs, err := a.API.Store.ListEvents(t.Context(), 1, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []map[string]any
		alerts := 0
		for _, e := range evs {
			if e.Kind == incident.EventAlertFiring || e.Kind == incident.EventAlertResolved {
				if _, ok := e.Payload["notRecorded"]; ok {
					out = append(out, e.Payload)
				} else {
					alerts++
				}
			}
		}
		if alerts != alertintake.MaxAlertEvents {
			t.Fatalf("%d alert events, want the limit %d", alerts, alertintake.MaxAlertEvents)
		}
		return out
	}
	s := summaries()
	if len(s) != 1 || !strings.Contains(s[0]["summary"].(string), "7 more alerts not recorded") || s[0]["alertname"] != "CheckoutErrors" {
		t.Fatalf("summaries %v", s)
	}
	// The bound on summaries is the pure rule's (pkg/api alertEvents tests).
}
