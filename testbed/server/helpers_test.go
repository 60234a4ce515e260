package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

const testPluginJSON = `{
  "id": "warroom-incident-app", "type": "app", "name": "Warroom", "executable": "gpx_warroom",
  "preload": true,
  "info": {"version": "1.2.3", "author": {"name": "Warroom"}},
  "includes": [{"type": "page", "name": "Incidents", "path": "/a/warroom-incident-app/incidents", "role": "Viewer", "addToNav": true, "defaultNav": true}],
  "dependencies": {"grafanaDependency": ">=12.0.0", "plugins": []},
  "extensions": {"addedLinks": [{"targets": ["grafana/dashboard/panel/menu"], "title": "Declare incident"}]}
}`

var (
	echoOnce sync.Once
	echoPath string
	echoErr  error
)

// echoBinary builds the grafanahost echo plugin once per test run.
func echoBinary(t *testing.T) string {
	t.Helper()
	echoOnce.Do(func() {
		root, err := grafanahost.ModuleRoot(".")
		if err != nil {
			echoErr = err
			return
		}
		dir, err := os.MkdirTemp("", "testbed-server-echo")
		if err != nil {
			echoErr = err
			return
		}
		echoPath, echoErr = grafanahost.Build(root, "./testbed/grafanahost/internal/echoplugin", dir, "gpx_echo")
	})
	if echoErr != nil {
		t.Fatal(echoErr)
	}
	return echoPath
}

type fixedPlugin struct{ p *grafanahost.Plugin }

func (f fixedPlugin) Plugin() *grafanahost.Plugin {
	if f.p == nil || f.p.Exited() {
		return nil
	}
	return f.p
}

type testBed struct {
	s     *server
	srv   *httptest.Server
	dist  string
	host  string
	state string
}

// newTestBed lays out dist/ and the host build in temp dirs; withPlugin
// starts the echo plugin behind the resources route.
func newTestBed(t *testing.T, withPlugin bool, promURL string) *testBed {
	t.Helper()
	tb := &testBed{dist: t.TempDir(), host: t.TempDir(), state: t.TempDir()}
	write(t, filepath.Join(tb.dist, "plugin.json"), testPluginJSON)
	write(t, filepath.Join(tb.dist, "module.js"), "define([], function(){ return {}; });")
	write(t, filepath.Join(tb.dist, "gpx_warroom_linux_amd64"), "binary")
	write(t, filepath.Join(tb.host, "index.html"), `<html><script>window.grafanaBootData = /*BOOTDATA*/;</script></html>`)
	write(t, filepath.Join(tb.host, "bootdata.json"), `{"user": {"theme": "dark"}, "settings": {"appSubUrl": "", "datasources": {}}}`)
	cfg := config{dist: tb.dist, hostDir: tb.host, state: tb.state, prometheusURL: promURL}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := newServer(cfg, log, "http://127.0.0.1:3000/")
	if err != nil {
		t.Fatal(err)
	}
	tb.s = s
	if withPlugin {
		// Build before the launch deadline starts: a cold build cache makes
		// the compile alone take longer than launching ever should.
		binary := echoBinary(t)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		p, err := grafanahost.Launch(ctx, binary, grafanahost.Env(grafanahost.DataDir(s.pluginDataDir()), "1.2.3", s.appURL),
			grafanahost.WithLogger(grafanahost.QuietLogger()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		s.plugin = fixedPlugin{p}
	}
	tb.srv = httptest.NewServer(s.routes())
	t.Cleanup(tb.srv.Close)
	return tb
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// do sends a request as identity ("" = no cookie) and returns status and body.
func (tb *testBed) do(t *testing.T, ident, method, path, body string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, tb.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if ident != "" {
		req.AddCookie(&http.Cookie{Name: identityCookie, Value: ident})
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

func wantStatus(t *testing.T, resp *http.Response, body []byte, code int) {
	t.Helper()
	if resp.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d; body %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, code, body)
	}
}
