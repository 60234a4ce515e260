package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/runner"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// captureLogger keeps every line the code logs, flattened to text.
type captureLogger struct {
	mu    *sync.Mutex
	lines *[]string
	with  []any
}

func (l captureLogger) add(level, msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*l.lines = append(*l.lines, level+" "+msg+" "+fmt.Sprint(append(append([]any{}, l.with...), args...)...))
}
func (l captureLogger) Debug(msg string, args ...any) { l.add("debug", msg, args...) }
func (l captureLogger) Info(msg string, args ...any)  { l.add("info", msg, args...) }
func (l captureLogger) Warn(msg string, args ...any)  { l.add("warn", msg, args...) }
func (l captureLogger) Error(msg string, args ...any) { l.add("error", msg, args...) }
func (l captureLogger) With(args ...any) log.Logger {
	return captureLogger{mu: l.mu, lines: l.lines, with: append(append([]any{}, l.with...), args...)}
}
func (l captureLogger) Level() log.Level                       { return log.Debug }
func (l captureLogger) FromContext(context.Context) log.Logger { return l }
func (l captureLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(*l.lines, "\n")
}

func captureLogs(t *testing.T) captureLogger {
	l := captureLogger{mu: &sync.Mutex{}, lines: &[]string{}}
	old := log.DefaultLogger
	log.DefaultLogger = l
	t.Cleanup(func() { log.DefaultLogger = old })
	return l
}

const secretDSN = "postgres://orders_rw_secret:hunter2@db-secret-host:5432/orders_secret_db"

func remediationAPI(t *testing.T, run func(ctx context.Context) (remediate.Result, error)) (*API, string) {
	t.Helper()
	ctx := context.Background()
	st := testsqlite.Open(t)
	inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "orders down", Severity: "P1", Status: incident.Investigating,
		Services: []string{"orders"}, Author: "eddie", At: time.Now().UTC()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &API{Store: st, Now: time.Now,
		Metrics: servicemetrics.Sources{Catalog: catalog.Catalog{Services: []catalog.Service{{Name: "orders", Selector: `job="orders"`, Postgres: "main"}}}},
		Diagnostics: runner.Config{PostgresDSNs: map[string]string{"main": secretDSN},
			Enabled: map[remediate.Action]bool{remediate.TerminateIdleBackends: true},
			Remediate: func(ctx context.Context, act remediate.Action, tg diagnostics.Target) (remediate.Result, error) {
				return run(ctx)
			}}}
	return a, inc.ID
}

func postRemediation(ctx context.Context, a *API, incID string) *httptest.ResponseRecorder {
	pc := backend.PluginContext{OrgID: 1, User: &backend.User{Login: "ada", Role: "Admin"}}
	req := httptest.NewRequest("POST", "/incidents/"+incID+"/remediations",
		strings.NewReader(`{"action":"terminate-idle-backends","service":"orders","confirm":"main"}`)).
		WithContext(backend.WithPluginContext(ctx, pc))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	a.Handler().ServeHTTP(w, req)
	return w
}

// The admin's tab closes while the action runs: the action keeps its own
// context, its timeline event is still written, and the log says who ran
// what on which resource, without the DSN.
func TestRemediationEventOutlivesTheRequest(t *testing.T) {
	logs := captureLogs(t)
	reqCtx, disconnect := context.WithCancel(context.Background())
	var actionCtxErr error
	a, incID := remediationAPI(t, func(ctx context.Context) (remediate.Result, error) {
		disconnect() // the client goes away mid-action
		actionCtxErr = ctx.Err()
		return remediate.Result{Action: remediate.TerminateIdleBackends, Service: "orders", Count: 2,
			Terminated: []remediate.Backend{{PID: 11}, {PID: 12}}, Summary: "Terminated 2 backends"}, nil
	})
	postRemediation(reqCtx, a, incID)
	if actionCtxErr != nil {
		t.Fatalf("the action's context ended with the request: %v", actionCtxErr)
	}
	events, err := a.Store.ListEvents(context.Background(), 1, incID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []incident.Event
	for _, e := range events {
		if e.Kind == incident.EventRemediationRun {
			got = append(got, e)
		}
	}
	if len(got) != 1 || got[0].Author != "ada" || got[0].Payload["ok"] != true {
		t.Fatalf("remediation events %+v", got)
	}
	text := logs.text()
	for _, want := range []string{"remediation ran", "ada", "terminate-idle-backends", "orders", "main", incID} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "hunter2") || strings.Contains(text, "db-secret-host") {
		t.Errorf("the DSN reached the log:\n%s", text)
	}
}

// A failed action: the answer, the timeline and the log carry the safe
// sentence; an error that is not known to be safe is not echoed at all.
func TestRemediationErrorsAreSafe(t *testing.T) {
	for name, c := range map[string]struct {
		err  error
		want string
	}{
		"postgres": {postgres.Safe(errors.New("failed to connect to `user=orders_rw_secret database=orders_secret_db`: db-secret-host:5432")),
			"PostgreSQL target main: the PostgreSQL request failed"},
		"unknown": {errors.New("dial tcp db-secret-host:5432 user=orders_rw_secret"),
			"the remediation failed; the error could not be shown safely"},
		"timeout": {context.DeadlineExceeded, "the remediation did not finish within 1m0s"},
	} {
		t.Run(name, func(t *testing.T) {
			logs := captureLogs(t)
			a, incID := remediationAPI(t, func(context.Context) (remediate.Result, error) { return remediate.Result{}, c.err })
			w := postRemediation(context.Background(), a, incID)
			events, _ := a.Store.ListEvents(context.Background(), 1, incID, 0)
			all := w.Body.String() + fmt.Sprint(events) + logs.text()
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), c.want) {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			for _, s := range []string{"orders_rw_secret", "orders_secret_db", "db-secret-host", "5432"} {
				if strings.Contains(all, s) {
					t.Errorf("%q reached the answer, the timeline or the log:\n%s", s, all)
				}
			}
		})
	}
}
