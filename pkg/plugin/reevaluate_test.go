package plugin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
)

// Open incidents are re-evaluated against a real Prometheus scraping the
// synthetic fleet: an upgrade the policy auto-applies is applied and
// recorded once; a suggestion the policy does not auto-apply is only
// recorded.
func TestReevaluationRecordsSuggestionsOnceAndAppliesOnlyAutoApplyRules(t *testing.T) {
	exp := synthetic.New()
	if err := exp.SetProfile("checkout", synthetic.Profile{RPS: 20, ErrorRatio: 0.2, Latency: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if err := exp.SetProfile("cart", synthetic.Profile{RPS: 20, Latency: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	target := httptest.NewServer(exp)
	t.Cleanup(target.Close)
	prom := testprom.Start(t, target.URL)

	a := testAppWith(t, map[string]any{
		"services": []map[string]string{
			{"name": "checkout", "selector": `service="checkout"`},
			{"name": "cart", "selector": `service="cart"`},
		},
		"queries":         map[string]string{"rateWindow": "5s"},
		"prometheus":      map[string]string{"url": prom},
		"reevaluateEvery": "off",
	}, nil)

	// A short test policy whose P3→P2 error-rate rule applies itself.
	var pol map[string]any
	_ = json.Unmarshal(call(t, a, admin, "GET", "/policy", "").Body, &pol)
	pol["signals"].(map[string]any)["sustainedFor"] = "10s"
	for _, r := range pol["rules"].([]any) {
		if rule := r.(map[string]any); rule["id"] == "p3-error-rate" {
			rule["autoApply"] = true
		}
	}
	body, _ := json.Marshal(pol)
	if r := call(t, a, admin, "PUT", "/policy", string(body)); r.Status != http.StatusOK {
		t.Fatalf("policy: %d %s", r.Status, r.Body)
	}
	checkout := mustDeclare(t, a, "checkout errors", "P3", "checkout")
	cart := mustDeclare(t, a, "cart worry", "P1", "cart")

	testprom.WaitForSamples(t, prom, `sum(rate(http_requests_total{service="checkout",status=~"5.."}[5s]))`, 15)
	n, err := a.reevaluator.Run(t.Context(), 1)
	if err != nil || n != 2 {
		t.Fatalf("first re-evaluation: %d incidents recorded (%v), want 2", n, err)
	}
	inc := call(t, a, viewer, "GET", "/incidents/"+checkout, "").JSON(t)
	if inc["severity"] != "P2" {
		t.Fatalf("checkout: severity %v, want P2 applied by p3-error-rate", inc["severity"])
	}
	if got := fmt.Sprint(eventKinds(t, a, viewer, checkout)); got != "[declared severity_suggested severity_changed]" {
		t.Fatalf("checkout timeline: %s", got)
	}
	if events := string(call(t, a, viewer, "GET", "/incidents/"+checkout+"/events", "").Body); !strings.Contains(events, `"onset":"`) {
		t.Fatalf("the suggestion records the sustained breach's onset: %s", events)
	}
	if inc := call(t, a, viewer, "GET", "/incidents/"+cart, "").JSON(t); inc["severity"] != "P1" {
		t.Fatalf("cart: a downgrade is never applied, got %v", inc["severity"])
	}
	events := string(call(t, a, viewer, "GET", "/incidents/"+cart+"/events", "").Body)
	if !strings.Contains(events, `"direction":"recovered"`) || !strings.Contains(events, `"applied":false`) {
		t.Fatalf("cart suggestion: %s", events)
	}

	// Nothing changed: nothing new is recorded.
	if n, err := a.reevaluator.Run(t.Context(), 1); err != nil || n != 0 {
		t.Fatalf("second re-evaluation: %d (%v), want 0", n, err)
	}
}

func mustDeclare(t *testing.T, a *App, title, severity, service string) string {
	t.Helper()
	r := call(t, a, editor, "POST", "/incidents", fmt.Sprintf(`{"title":%q,"severity":%q,"services":[%q]}`, title, severity, service))
	if r.Status != http.StatusCreated {
		t.Fatalf("declare: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)["id"].(string)
}
