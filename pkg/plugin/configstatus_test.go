package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/internal/testenv"
)

// The status lines come from the settings the instance runs with: the
// store it opened, its Prometheus client, the catalog's targets and the
// secrets, each worded for the admin.
func TestConfigStatusFromTheSettings(t *testing.T) {
	jd, _ := json.Marshal(map[string]any{
		"dataDir":    t.TempDir(),
		"prometheus": map[string]string{"url": "http://" + testenv.ClosedAddr(t)},
		"services": []map[string]any{{"name": "orders", "selector": `service="orders"`, "postgres": "orders",
			"aws": map[string]string{"autoScalingGroup": "orders-asg"}}},
	})
	inst, err := NewApp(context.Background(), backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{
		"postgres.orders":    "postgres://warroom:pw-1234@" + testenv.ClosedAddr(t) + "/orders?connect_timeout=2",
		"alertWebhookSecret": "whsec-1234",
	}})
	if err != nil {
		t.Fatal(err)
	}
	a := inst.(*App)
	t.Cleanup(a.Dispose)

	if r := call(t, a, editor, "GET", "/config/status", ""); r.Status != http.StatusForbidden {
		t.Fatalf("an Editor: %d %s", r.Status, r.Body)
	}
	r := call(t, a, admin, "GET", "/config/status", "")
	var got struct {
		Sections []struct{ Key, State, Message string }
	}
	if err := json.Unmarshal(r.Body, &got); err != nil || r.Status != http.StatusOK {
		t.Fatalf("%d %s %v", r.Status, r.Body, err)
	}
	want := map[string][2]string{
		"storage":       {"connected", "the SQLite store answers"},
		"aws":           {"not_configured", "no catalogued service has AWS resources with a region (or a default region)"},
		"postgres":      {"error", "orders: could not connect to PostgreSQL: connection refused"},
		"notifications": {"not_configured", "no notification channels: escalations and reminders stay on the incident page"},
		"alerts":        {"connected", "webhook secret set: alert notifications must be signed"},
	}
	for _, s := range got.Sections {
		if s.Key == "prometheus" {
			if s.State != "error" || !containsAll(s.Message, "unreachable", "connection refused") {
				t.Errorf("prometheus: %s %q", s.State, s.Message)
			}
			continue
		}
		if w := want[s.Key]; s.State != w[0] || s.Message != w[1] {
			t.Errorf("%s: %s %q, want %s %q", s.Key, s.State, s.Message, w[0], w[1])
		}
	}
	if len(got.Sections) != 6 {
		t.Fatalf("sections %+v", got.Sections)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
