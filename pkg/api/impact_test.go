package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// The declare's evidence onset is the impact start; a person corrects it
// with a reason, also once the incident is resolved, and the timeline
// records it.
func TestImpactStartFromTheDeclareAndEditedWithAReason(t *testing.T) {
	a := apitest.New(t)
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	a.API.Now = func() time.Time { return now }
	declare := func(onset string) apitest.Response {
		return a.Call(t, apitest.Editor, "POST", "/incidents", `{"title":"t","severity":"P2","services":["s"],`+
			`"evidence":{"suggested":"P2","reasons":["r"],"onset":"`+onset+`"}}`)
	}
	if r := declare("2026-11-29T10:05:00Z"); r.Status != http.StatusBadRequest || r.FieldPaths(t)[0] != "evidence.onset" {
		t.Fatalf("an onset after the declaration: %d %s", r.Status, r.Body)
	}
	r := declare("2026-11-29T09:48:00+00:00")
	if r.Status != http.StatusCreated {
		t.Fatalf("declare: %d %s", r.Status, r.Body)
	}
	inc := r.JSON(t)
	id := inc["id"].(string)
	impact := inc["details"].(map[string]any)["impact"].(map[string]any)
	if impact["start"] != "2026-11-29T09:48:00Z" || impact["from"] != "metrics" {
		t.Fatalf("impact %v", impact)
	}

	patch := func(body string) apitest.Response {
		v := a.Call(t, apitest.Editor, "GET", "/incidents/"+id, "").JSON(t)["version"]
		return a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%v,%s}`, v, body))
	}
	if r := patch(`"status":"resolved","reason":"fixed"`); r.Status != http.StatusOK {
		t.Fatalf("resolve: %d %s", r.Status, r.Body)
	}
	if r := patch(`"impactStart":"2026-11-29T09:30:00Z"`); r.Status != http.StatusBadRequest || r.FieldPaths(t)[0] != "reason" {
		t.Fatalf("without a reason: %d %s", r.Status, r.Body)
	}
	if r := patch(`"impactStart":"2026-11-29T09:30:00Z","severity":"P1","reason":"x"`); r.Status != http.StatusConflict || r.ErrorCode(t) != "incident_resolved" {
		t.Fatalf("with another change on a resolved incident: %d %s", r.Status, r.Body)
	}
	r = patch(`"impactStart":"2026-11-29T09:30:00Z","reason":"the checkout graph shows 09:30"`)
	if r.Status != http.StatusOK || r.JSON(t)["status"] != "resolved" {
		t.Fatalf("retrospective edit: %d %s", r.Status, r.Body)
	}
	impact = r.JSON(t)["details"].(map[string]any)["impact"].(map[string]any)
	if impact["start"] != "2026-11-29T09:30:00Z" || impact["from"] != "edited" {
		t.Fatalf("edited impact %v", impact)
	}
	events := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/events", "").JSON(t)["items"].([]any)
	last := events[len(events)-1].(map[string]any)
	p := last["payload"].(map[string]any)
	if last["kind"] != "impact_changed" || p["from"] != "2026-11-29T09:48:00Z" || p["to"] != "2026-11-29T09:30:00Z" || p["reason"] != "the checkout graph shows 09:30" {
		t.Fatalf("timeline %v", last)
	}
}
