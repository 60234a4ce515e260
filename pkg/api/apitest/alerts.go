package apitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// AlertsSA is the service account Grafana's webhook contact point signs in
// as (docs/alerts.md): an Editor.
var AlertsSA = Caller{1, "sa-1-grafana-alerts", "Editor"}

// AlertNotification is a Grafana webhook contact point body (version 1) of
// the group, one alert per fingerprint, all with status.
func AlertNotification(group, status string, alerts ...string) string {
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

// OpenByAlert delivers a notification as AlertsSA that must open an
// incident (201 Created), and returns that incident's id.
func (s *Server) OpenByAlert(t testing.TB, body string) string {
	t.Helper()
	r := s.Call(t, AlertsSA, "POST", "/alerts/webhook", body)
	if r.Status != http.StatusCreated {
		t.Fatalf("a notification that opens an incident: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)["incidentId"].(string)
}

// BigAlertNotification is a Grafana notification of n firing alerts with
// realistic labels, annotations and values; mutate changes alert i.
func BigAlertNotification(group string, n int, mutate func(i int, al map[string]any)) string {
	alerts := make([]map[string]any, n)
	for i := range alerts {
		alerts[i] = map[string]any{"status": "firing", "startsAt": "2026-11-29T10:00:00Z", "fingerprint": fmt.Sprintf("%016x", i),
			"labels": map[string]string{"alertname": "CheckoutErrors", "service": "checkout", "pod": fmt.Sprintf("checkout-%d", i),
				"namespace": "shop", "cluster": "eu-1", "severity": "critical", "instance": fmt.Sprintf("10.0.%d.%d:8080", i/250, i%250)},
			"annotations":  map[string]string{"summary": "Checkout 5xx above 5%", "description": strings.Repeat("More than 5% of requests fail. ", 20)},
			"values":       map[string]float64{"A": 0.08, "B": 0.08, "C": 1},
			"generatorURL": "http://grafana/alerting/grafana/rule-uid-1/view?orgId=1", "dashboardURL": "http://grafana/d/dash-1?orgId=1"}
		if mutate != nil {
			mutate(i, alerts[i])
		}
	}
	b, _ := json.Marshal(map[string]any{"receiver": "warroom", "status": "firing", "groupKey": group, "alerts": alerts,
		"commonLabels": map[string]string{"alertname": "CheckoutErrors", "service": "checkout"}, "version": "1"})
	return string(b)
}

// EventKinds are the kinds of the events in a GET /incidents/{id}/events
// answer, in order.
func EventKinds(t testing.TB, body []byte) []string {
	t.Helper()
	var page struct {
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatalf("events: %v %s", err, body)
	}
	var kinds []string
	for _, e := range page.Items {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// EventKinds are the kinds of the incident's first page of events, as who
// reads them.
func (s *Server) EventKinds(t testing.TB, who Caller, id string) []string {
	t.Helper()
	return EventKinds(t, s.Call(t, who, "GET", "/incidents/"+id+"/events", "").Body)
}
