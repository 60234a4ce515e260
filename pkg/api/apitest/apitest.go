// Package apitest serves pkg/api over a real SQLite store in a test's
// temporary directory and sends it requests as a given Grafana user, the
// way the plugin's resource adapter hands them over: identity in the
// plugin context, never in headers.
package apitest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

// Server is one API with its own store. Tests may change API's fields
// (Now, Store, Metrics…) between requests: handlers read them per request.
type Server struct {
	API     *api.API
	handler http.Handler
}

// Engine is a store implementation the API is tested over.
type Engine struct {
	Name string
	open func(t testing.TB) store.Store
}

// Engines are both store implementations: a test of behaviour the stores
// must give alike (races, text, locking) runs on each. PostgreSQL comes
// from internal/testenv/testpg; a package using it stops the cluster in TestMain
// (testpg.Main).
var Engines = []Engine{
	{"sqlite", func(t testing.TB) store.Store { return testsqlite.Open(t) }},
	{"postgres", func(t testing.TB) store.Store {
		st, err := postgres.Open(context.Background(), testpg.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return st
	}},
}

// New builds the API over a new SQLite store, closed when t ends. Options
// set API fields (settings a test needs) before the router is built.
func New(t testing.TB, options ...func(*api.API)) *Server {
	t.Helper()
	return NewOn(t, Engines[0], options...)
}

// NewOn is New over the engine's store.
func NewOn(t testing.TB, e Engine, options ...func(*api.API)) *Server {
	t.Helper()
	st := e.open(t)
	a := &api.API{Store: st, Now: time.Now}
	for _, o := range options {
		o(a)
	}
	return &Server{API: a, handler: a.Handler()}
}

// Caller is a Grafana user as the plugin context names it. An empty Role
// is a context without a user.
type Caller struct {
	OrgID int64
	Login string
	Role  string
}

// The callers most tests need, all of org 1.
var (
	Nobody = Caller{OrgID: 1}
	Viewer = Caller{1, "vera", "Viewer"}
	Editor = Caller{1, "eddie", "Editor"}
	Admin  = Caller{1, "ada", "Admin"}
)

// Context is the plugin context Grafana sends for the caller.
func (c Caller) Context() backend.PluginContext {
	pc := backend.PluginContext{OrgID: c.OrgID, PluginID: "warroom-incident-app"}
	if c.Role != "" {
		pc.User = &backend.User{Login: c.Login, Name: c.Login, Role: c.Role}
	}
	return pc
}

// Response is what the API answered.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON is the body as a JSON object, failing the test otherwise.
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

// Error is the stable error shape's error object.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fields  []struct {
		Path    string `json:"path"`
		Message string `json:"message"`
	} `json:"fields"`
}

// Error decodes the stable error shape, failing the test when the body is
// not one (no error object, or one without a code or message).
func (r Response) Error(t testing.TB) Error {
	t.Helper()
	var body struct {
		Error *Error `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Error == nil || body.Error.Code == "" || body.Error.Message == "" {
		t.Fatalf("not the error shape (%v): %s", err, r.Body)
	}
	return *body.Error
}

// ErrorCode is error.code of the stable error shape.
func (r Response) ErrorCode(t testing.TB) string {
	t.Helper()
	return r.Error(t).Code
}

// FieldPaths are the paths of error.fields, in order.
func (r Response) FieldPaths(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, f := range r.Error(t).Fields {
		out = append(out, f.Path)
	}
	return out
}

// Call sends one request as who; body "" sends none. path may carry a
// query.
func (s *Server) Call(t testing.TB, who Caller, method, path, body string) Response {
	t.Helper()
	return s.CallContext(t, who.Context(), method, path, body, nil)
}

// CallContext is Call with a plugin context and request headers built by
// the test itself.
func (s *Server) CallContext(t testing.TB, pc backend.PluginContext, method, path, body string, headers map[string]string) Response {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body)).WithContext(backend.WithPluginContext(context.Background(), pc))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, req)
	return Response{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// Declare creates an incident as who and returns its id and version.
func (s *Server) Declare(t testing.TB, who Caller, title string) (string, int64) {
	t.Helper()
	r := s.Call(t, who, "POST", "/incidents", `{"title":`+quote(title)+`,"severity":"P2","services":["checkout-api"]}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("declare: %d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	return m["id"].(string), int64(m["version"].(float64))
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Anonymous is Grafana's anonymous user ([auth.anonymous] enabled) with
// role: no login, name or email, only the anonymous org's id and the
// configured org_role (grafana pkg/services/authn/clients/anonymous.go; the
// plugin context copies it in pkg/services/pluginsintegration/adapters
// BackendUserFromSignedInUser).
func Anonymous(role string) Caller { return Caller{OrgID: 1, Role: role} }

// Over builds the API over a store the test owns (the HA scenarios' shared
// PostgreSQL).
func Over(st store.Store, options ...func(*api.API)) *Server {
	a := &api.API{Store: st, Now: time.Now}
	for _, o := range options {
		o(a)
	}
	return &Server{API: a, handler: a.Handler()}
}
