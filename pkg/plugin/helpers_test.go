package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
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

type caller struct {
	OrgID int64
	Login string
	Role  string // "" means no user in the plugin context
}

var (
	nobody = caller{OrgID: 1}
	viewer = caller{1, "vera", "Viewer"}
	editor = caller{1, "eddie", "Editor"}
	admin  = caller{1, "ada", "Admin"}
)

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

// errorCode returns error.code of the stable error shape, failing otherwise.
func (r response) errorCode(t *testing.T) string {
	t.Helper()
	e, ok := r.json(t)["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object in %s", r.Body)
	}
	if _, ok := e["message"].(string); !ok {
		t.Fatalf("error without message: %s", r.Body)
	}
	return e["code"].(string)
}

// call sends one request through CallResource, as Grafana does.
func call(t *testing.T, a *App, who caller, method, path, body string) response {
	t.Helper()
	return callContext(t, a, who.context(), method, path, body)
}

// context is the plugin context Grafana sends for the caller.
func (who caller) context() backend.PluginContext {
	pc := backend.PluginContext{OrgID: who.OrgID, PluginID: ID}
	if who.Role != "" {
		pc.User = &backend.User{Login: who.Login, Name: who.Login, Role: who.Role}
	}
	return pc
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
	m := r.json(t)
	return m["id"].(string), int64(m["version"].(float64))
}
