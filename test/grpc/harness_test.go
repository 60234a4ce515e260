// Package grpc is the gRPC contract test of the Warroom back end: it starts
// the real gpx_ binary the way Grafana does (testbed/grafanahost) and checks
// the resource API, its identity rules and its durability across a crash.
package grpc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// binary is the plugin under test: $WARROOM_PLUGIN_BINARY (CI points it at
// dist/) or a fresh build of ./pkg.
var binary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// Stop the PostgreSQL cluster testpg may have started for the PG crash test.
	defer testpg.Stop()
	if b := os.Getenv("WARROOM_PLUGIN_BINARY"); b != "" {
		abs, err := filepath.Abs(b)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		binary = abs
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "warroom-grpc-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := grafanahost.ModuleRoot(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// Same name as the SDK's mage build puts in dist/.
	if binary, err = grafanahost.Build(root, "./pkg", dir, "gpx_warroom"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// instance is one org's stored app settings, as the test bed server keeps
// them: a Postgres DSN in secureJsonData selects the PostgreSQL store.
type instance struct {
	dataDir string
	secure  map[string]string
	updated time.Time
}

func newInstance(t *testing.T, secure map[string]string) *instance {
	t.Helper()
	return &instance{dataDir: t.TempDir(), secure: secure, updated: time.UnixMilli(1_750_000_000_000)}
}

// launch starts the binary with Grafana's environment: [plugin.warroom-incident-app]
// data_dir as GF_PLUGIN_DATA_DIR, nothing of this process's environment.
func (in *instance) launch(t *testing.T) *grafanahost.Plugin {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, err := grafanahost.Launch(ctx, binary, grafanahost.Env(grafanahost.DataDir(in.dataDir), "", ""), grafanahost.WithLogger(testLogger(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// as is the plugin context of a user of org with role; login "" means a
// call without a signed-in user.
func (in *instance) as(org int64, role, login string) backend.PluginContext {
	c := grafanahost.Context{OrgID: org, DecryptedSecureJSONData: in.secure, Updated: in.updated, AppURL: "http://127.0.0.1:3000/"}
	if login != "" {
		c.User = grafanahost.NewUser(login, login, login+"@example.com", role)
	}
	return c.PluginContext()
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type incident struct {
	OrgID     int64  `json:"orgId"`
	ID        string `json:"id"`
	Title     string `json:"title"`
	CreatedBy string `json:"createdBy"`
	Version   int64  `json:"version"`
}

// call performs one resource call and fails the test on transport errors.
func call(t *testing.T, p *grafanahost.Plugin, pc backend.PluginContext, method, path, body string) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var b []byte
	h := http.Header{"Accept": {"application/json"}}
	if body != "" {
		b = []byte(body)
		h.Set("Content-Type", "application/json")
	}
	code, _, out, err := p.CallResource(ctx, pc, method, path, h, b)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return code, out
}

func decodeAs[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

func wantError(t *testing.T, code int, body []byte, wantCode int, wantErr string) {
	t.Helper()
	if code != wantCode {
		t.Fatalf("status %d, want %d; body %s", code, wantCode, body)
	}
	e := decodeAs[apiError](t, body)
	if e.Error.Code != wantErr || e.Error.Message == "" {
		t.Fatalf("error body %s, want {error:{code:%q,message:…}}", body, wantErr)
	}
}

const declareBody = `{"title":"Checkout API returns 502","severity":"P2","services":["checkout-api"],"summary":"from the gRPC contract test"}`
