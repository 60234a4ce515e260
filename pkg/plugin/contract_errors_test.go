package plugin

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/api"
)

var updateErrors = flag.Bool("update", false, "rewrite "+errorsFixture)

// errorsFixture holds real answers of the error shape for the front end's
// errors test (src/api/errors.test.ts), which parses them as the client
// receives them. Refresh: go test ./pkg/plugin -run TestServerErrorAnswers -update
const errorsFixture = "../../src/api/testdata/server-errors.json"

type errorAnswer struct {
	Name   string          `json:"name"`
	Status int             `json:"status"`
	Body   json.RawMessage `json:"body"`
}

// TestServerErrorAnswers sends requests that fail, one per error code a
// test can provoke without waiting on a clock, through CallResource as
// Grafana does, and keeps the answers in the fixture.
func TestServerErrorAnswers(t *testing.T) {
	a := testApp(t)
	id, version := declare(t, a, editor, "Checkout down")
	path := "/incidents/" + id
	var answers []errorAnswer
	add := func(name string, r response) {
		answers = append(answers, errorAnswer{name, r.Status, json.RawMessage(bytes.TrimSpace(r.Body))})
	}
	add("invalid_request", call(t, a, editor, "POST", "/incidents", `{"title":"","severity":"P9","services":[""]}`))
	add("body_too_large", call(t, a, editor, "POST", path+"/events", `{"text":"`+strings.Repeat("x", 1<<20)+`"}`))
	add("unauthenticated", call(t, a, nobody, "GET", "/incidents", ""))
	add("forbidden", call(t, a, viewer, "POST", "/incidents", `{}`))
	add("remediation_disabled", call(t, a, admin, "POST", path+"/remediations",
		`{"action":"terminate-idle-backends","service":"checkout-api","confirm":"main"}`))
	add("not_found", call(t, a, viewer, "GET", "/incidents/INC-2000-01-01-001", ""))
	add("method_not_allowed", call(t, a, viewer, "DELETE", "/incidents", ""))
	add("conflict", call(t, a, editor, "PATCH", path, `{"version":`+strconv.FormatInt(version+7, 10)+`,"title":"Checkout errors"}`))
	add("diagnostics_unavailable", call(t, a, editor, "POST", path+"/diagnostics", ""))
	if r := call(t, a, editor, "PATCH", path, `{"version":`+strconv.FormatInt(version, 10)+`,"status":"resolved"}`); r.Status != 200 {
		t.Fatalf("resolve: %d %s", r.Status, r.Body)
	}
	add("incident_resolved", call(t, a, editor, "POST", path+"/events", `{"text":"rolled back"}`))
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	add("store_unavailable", unavailableAnswer(t, map[string]string{"dataDir": filepath.Join(notADir, "warroom")}))
	add("settings_invalid", unavailableAnswer(t, map[string]string{"dataDir": t.TempDir(), "severityLabels": "SEVERITY"}))

	codes := map[string]int{}
	for _, c := range api.ErrorCodes {
		codes[c.Code] = c.Status
	}
	for _, ans := range answers {
		var body struct {
			Error api.Error `json:"error"`
		}
		if err := json.Unmarshal(ans.Body, &body); err != nil || body.Error.Code != ans.Name || codes[ans.Name] != ans.Status {
			t.Errorf("%s: got %d %s (ErrorCodes says %d)", ans.Name, ans.Status, ans.Body, codes[ans.Name])
		}
	}
	got, _ := json.MarshalIndent(answers, "", "  ")
	got = append(got, '\n')
	if *updateErrors {
		if err := os.WriteFile(errorsFixture, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(errorsFixture); err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s is stale (%v): go test ./pkg/plugin -run TestServerErrorAnswers -update", errorsFixture, err)
	}
}

// unavailableAnswer is a call to an org whose instance cannot be made from
// jsonData.
func unavailableAnswer(t *testing.T, jsonData map[string]string) response {
	jd, _ := json.Marshal(jsonData)
	pc := backend.PluginContext{OrgID: 1, PluginID: ID, User: &backend.User{Login: "vera", Role: "Viewer"},
		AppInstanceSettings: &backend.AppInstanceSettings{JSONData: jd}}
	var out response
	err := newDispatch().CallResource(t.Context(), &backend.CallResourceRequest{PluginContext: pc, Method: "GET", Path: "me", URL: "me"},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
			out.Status, out.Body = r.Status, append(out.Body, r.Body...)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
