package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// testApp is a real App on a real SQLite file in a temp dir.
func testApp(t *testing.T) *App {
	t.Helper()
	jd, _ := json.Marshal(map[string]string{"dataDir": t.TempDir()})
	inst, err := NewApp(context.Background(), backend.AppInstanceSettings{JSONData: jd})
	if err != nil {
		t.Fatal(err)
	}
	a := inst.(*App)
	t.Cleanup(a.Dispose)
	return a
}

// The plugin's tests call as apitest's callers and read apitest's
// responses; here the calls go through CallResource, as Grafana sends them.
type (
	caller   = apitest.Caller
	response = apitest.Response
)

var (
	nobody = apitest.Nobody
	viewer = apitest.Viewer
	editor = apitest.Editor
	admin  = apitest.Admin
)

// call sends one request through CallResource, as Grafana does.
func call(t *testing.T, a *App, who caller, method, path, body string) response {
	t.Helper()
	return callContext(t, a, who.Context(), method, path, body)
}

// callContext is call with a plugin context built by the test itself.
func callContext(t *testing.T, a *App, pc backend.PluginContext, method, path, body string) response {
	t.Helper()
	req := &backend.CallResourceRequest{PluginContext: pc, Method: method, Path: strings.TrimPrefix(strings.SplitN(path, "?", 2)[0], "/"),
		URL: path, Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(body)}
	out, err := send(a, req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return out
}

// send hands req to CallResource and collects the answer.
func send(a *App, req *backend.CallResourceRequest) (response, error) {
	var out response
	err := a.CallResource(backend.WithPluginContext(context.Background(), req.PluginContext), req, backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
		if out.Status == 0 {
			out.Status, out.Header = r.Status, r.Headers
		}
		out.Body = append(out.Body, r.Body...)
		return nil
	}))
	return out, err
}

// declare creates an incident and returns its id and version.
func declare(t *testing.T, a *App, who caller, title string) (string, int64) {
	t.Helper()
	r := call(t, a, who, "POST", "/incidents", `{"title":"`+title+`","severity":"P2","services":["checkout-api"]}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("declare: %d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	return m["id"].(string), int64(m["version"].(float64))
}

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

var checkoutCatalog = map[string]any{"services": []map[string]string{{"name": "checkout", "selector": `service="checkout"`}}}

// eventKinds are the kinds of the incident's first page of events.
func eventKinds(t *testing.T, a *App, who caller, id string) []string {
	t.Helper()
	return apitest.EventKinds(t, call(t, a, who, "GET", "/incidents/"+id+"/events", "").Body)
}
