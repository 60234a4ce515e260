package grpc

import (
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestCheckHealthReportsTheStore(t *testing.T) {
	in := newInstance(t, nil)
	p := in.launch(t)
	res, err := p.CheckHealth(t.Context(), in.as(1, "Admin", "admin"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != backend.HealthStatusOk || !strings.Contains(strings.ToLower(res.Message), "store") {
		t.Fatalf("CheckHealth = %s %q, want OK naming the store", res.Status, res.Message)
	}
}

func TestMeComesFromThePluginContext(t *testing.T) {
	in := newInstance(t, nil)
	p := in.launch(t)
	code, body := call(t, p, in.as(1, "Viewer", "vera"), "GET", "me", "")
	if code != http.StatusOK {
		t.Fatalf("GET /me: %d %s", code, body)
	}
	me := decodeAs[struct {
		Login string `json:"login"`
		Role  string `json:"role"`
		OrgID int64  `json:"orgId"`
	}](t, body)
	if me.Login != "vera" || me.Role != "Viewer" || me.OrgID != 1 {
		t.Fatalf("GET /me = %s", body)
	}
}

func TestNoUserIsUnauthenticated(t *testing.T) {
	in := newInstance(t, nil)
	p := in.launch(t)
	code, body := call(t, p, in.as(1, "", ""), "GET", "me", "")
	wantError(t, code, body, http.StatusUnauthorized, "unauthenticated")
}

func TestDeclareNeedsEditorAndIsOrgScoped(t *testing.T) {
	in := newInstance(t, nil)
	p := in.launch(t)
	code, body := call(t, p, in.as(1, "Viewer", "vera"), "POST", "incidents", declareBody)
	wantError(t, code, body, http.StatusForbidden, "forbidden")

	code, body = call(t, p, in.as(1, "Editor", "ed"), "POST", "incidents", declareBody)
	if code != http.StatusCreated {
		t.Fatalf("POST /incidents as Editor: %d %s", code, body)
	}
	inc := decodeAs[incident](t, body)
	if !strings.HasPrefix(inc.ID, "INC-") || inc.OrgID != 1 || inc.CreatedBy != "ed" {
		t.Fatalf("declared %s", body)
	}

	code, body = call(t, p, in.as(1, "Viewer", "vera"), "GET", "incidents/"+inc.ID, "")
	if code != http.StatusOK || decodeAs[incident](t, body).ID != inc.ID {
		t.Fatalf("GET in org 1: %d %s", code, body)
	}
	// Org 2 has its own instance and data: the same id does not exist there.
	code, body = call(t, p, in.as(2, "Admin", "admin"), "GET", "incidents/"+inc.ID, "")
	wantError(t, code, body, http.StatusNotFound, "not_found")
}

func TestMalformedJSONIsInvalidRequest(t *testing.T) {
	in := newInstance(t, nil)
	p := in.launch(t)
	for _, body := range []string{`{"title":`, `not json`, `{"title":"x","severity":"P2","services":["a"],"bogus":1}`} {
		code, out := call(t, p, in.as(1, "Editor", "ed"), "POST", "incidents", body)
		wantError(t, code, out, http.StatusBadRequest, "invalid_request")
	}
}
