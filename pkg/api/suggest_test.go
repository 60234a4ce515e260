package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// The metrics routes check their input; without Prometheus the graphs
// say why (the reason the plugin gives, pkg/plugin metrics.go).
func TestMetricsRoutesValidateInput(t *testing.T) {
	a := apitest.New(t, withCheckoutCatalog, func(a *api.API) { a.Metrics.Unconfigured = "Prometheus is not configured" })
	for _, c := range []struct{ body, field string }{
		{`{"from":"yesterday"}`, "from"},
		{`{"from":"now","to":"now-1h"}`, "from"},
		{`{"services":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"]}`, "services"},
		{`{"exprs":"not a list"}`, "exprs"},
	} {
		r := a.Call(t, apitest.Editor, "POST", "/signals/evaluate", c.body)
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `"path":"`+c.field) {
			t.Errorf("%s: %d %s, want 400 at %s", c.body, r.Status, r.Body, c.field)
		}
	}
	if r := a.Call(t, apitest.Viewer, "POST", "/signals/evaluate", `{}`); r.Status != http.StatusForbidden {
		t.Errorf("viewer evaluate: %d", r.Status)
	}
	id, _ := a.Declare(t, apitest.Editor, "graphs")
	m := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/metrics", "").JSON(t)
	if !strings.Contains(m["reason"].(string), "not configured") || len(m["uncatalogued"].([]any)) != 1 {
		t.Fatalf("metrics without Prometheus: %v", m)
	}
}
