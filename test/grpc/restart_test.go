package grpc

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	inc "github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// A P1 is open, Grafana restarts, nobody opens the app: the escalation
// tier that comes due must still page. Run 1 creates each org's instance
// with one call (its webhook channel's URL and HMAC key in secure JSON);
// while no process runs, a P1 declared two hours ago is stored for each
// org; run 2 gets no request at all, and each org's receiver must get its
// escalation, signed with the org's key, and the timeline must record the
// firing.
func TestRestartPagesWithoutARequestSQLite(t *testing.T) {
	dir := t.TempDir()
	restartPages(t, grafanahost.DataDir(dir), store.Config{SQLitePath: filepath.Join(dir, "warroom.db")})
	if fi, err := os.Stat(filepath.Join(dir, "warroom.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the snapshot key file beside the database: %v %v", fi, err)
	}
}

func TestRestartPagesWithoutARequestPostgres(t *testing.T) {
	dsn := testpg.DSN(t)
	restartPages(t, grafanahost.Ini{"postgres_dsn": dsn, "secret_key": "restart-test-secret-key"}, store.Config{PostgresDSN: dsn})
}

// PostgreSQL without secret_key keeps no secrets: after the restart the
// escalation still fires and is recorded, and the org's notification waits
// in the outbox until the org's own instance (its first request) delivers it.
func TestRestartWithoutSecretKeyFiresAndNotifiesOnTheFirstRequest(t *testing.T) {
	dsn := testpg.DSN(t)
	restartPages(t, grafanahost.Ini{"postgres_dsn": dsn}, store.Config{PostgresDSN: dsn})
}

// webhookPayload is the part of the webhook body (docs/api.md) checked here.
type webhookPayload struct {
	Kind     string `json:"kind"`
	Incident struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	} `json:"incident"`
}

// receiver is one org's webhook endpoint.
type receiver struct {
	srv    *httptest.Server
	secret string
	got    chan webhookPayload
}

func newReceiver(t *testing.T, secret string) *receiver {
	r := &receiver{secret: secret, got: make(chan webhookPayload, 64)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		if err := notify.Verify(secret, req.Header.Get("X-Warroom-Timestamp"), body, req.Header.Get("X-Warroom-Signature"), time.Now(), time.Minute); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p webhookPayload
		_ = json.Unmarshal(body, &p)
		select {
		case r.got <- p:
		default:
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func restartPages(t *testing.T, ini grafanahost.Ini, loc store.Config) {
	orgIDs := []int64{1, 2}
	recv := map[int64]*receiver{}
	for _, org := range orgIDs {
		recv[org] = newReceiver(t, "hmac-key-of-org-"+string(rune('0'+org)))
	}
	launch := func() *grafanahost.Plugin {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		p, err := grafanahost.Launch(ctx, binary, grafanahost.Env(ini, "", ""), grafanahost.WithLogger(testLogger(t)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return p
	}
	orgCtx := func(org int64) backend.PluginContext {
		jd, _ := json.Marshal(map[string]any{"notifications": map[string]any{"channels": []map[string]any{{"name": "ops", "kind": "webhook"}}}})
		return grafanahost.Context{OrgID: org, JSONData: jd, Updated: time.UnixMilli(1_750_000_000_000), AppURL: "http://127.0.0.1:3000/",
			DecryptedSecureJSONData: map[string]string{"notifyUrl_ops": recv[org].srv.URL, "notifySecret_ops": recv[org].secret},
			User:                    grafanahost.NewUser("vera", "vera", "vera@example.com", "Viewer")}.PluginContext()
	}

	// Run 1: one call per org creates its instance (and its snapshot).
	p1 := launch()
	for _, org := range orgIDs {
		if code, body := call(t, p1, orgCtx(org), "GET", "notifications/channels", ""); code != http.StatusOK || !strings.Contains(string(body), `"ops"`) {
			t.Fatalf("org %d channels: %d %s", org, code, body)
		}
	}
	p1.Close()

	// Between runs: a P1 declared two hours ago per org, through the store.
	ctx := t.Context()
	st, err := stores.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().UTC().Add(-2 * time.Hour)
	ids := map[int64]string{}
	for _, org := range orgIDs {
		created, err := st.CreateIncident(ctx, org, store.NewIncident{Title: "Checkout down", Severity: inc.P1, Status: inc.Investigating,
			Services: []string{"checkout"}, Author: "ada", At: at, Details: inc.Details{}.Normalize()},
			[]store.NewEvent{{Kind: inc.EventDeclared, Author: "ada", At: at}})
		if err != nil {
			t.Fatal(err)
		}
		ids[org] = created.ID
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	// Run 2: no request at all.
	p2 := launch()
	deadline := time.NewTimer(90 * time.Second)
	defer deadline.Stop()
	if ini["postgres_dsn"] != "" && ini["secret_key"] == "" {
		waitForTierFiring(t, loc, orgIDs, ids, deadline.C)
		for _, org := range orgIDs {
			select {
			case p := <-recv[org].got:
				t.Fatalf("org %d was notified without its secrets: %+v", org, p)
			default:
			}
		}
		// The org's first request creates its instance, which delivers.
		res, err := p2.CheckHealth(t.Context(), orgCtx(1))
		if err != nil || !strings.Contains(res.Message, "secret_key") {
			t.Fatalf("CheckHealth %+v %v: want the missing secret_key named", res, err)
		}
		orgIDs = []int64{1}
	}
	for _, org := range orgIDs {
		for paged := false; !paged; {
			select {
			case p := <-recv[org].got:
				paged = p.Kind == "escalation" && p.Incident.ID == ids[org]
				// The link uses Grafana's app URL from the org's snapshot.
				if paged && !strings.HasPrefix(p.Incident.URL, "http://127.0.0.1:3000/") {
					t.Fatalf("org %d: incident link %q", org, p.Incident.URL)
				}
			case <-deadline.C:
				t.Fatalf("org %d was not paged after the restart", org)
			}
		}
	}
	waitForTierFiring(t, loc, orgIDs, ids, deadline.C)
	res, err := p2.CheckHealth(t.Context(), orgCtx(orgIDs[0]))
	if err != nil || res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "scheduler: last tick") {
		t.Fatalf("CheckHealth %+v %v: want the scheduler's heartbeat", res, err)
	}
}

// waitForTierFiring waits until each org's incident has a tier escalation
// on its timeline (the scheduler commits it before the notification).
func waitForTierFiring(t *testing.T, loc store.Config, orgIDs []int64, ids map[int64]string, deadline <-chan time.Time) {
	t.Helper()
	ctx := t.Context()
	st, err := stores.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	poll := time.NewTicker(100 * time.Millisecond)
	defer poll.Stop()
	for _, org := range orgIDs {
		for fired := false; !fired; {
			evs, err := st.ListEvents(ctx, org, ids[org], 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				fired = fired || (e.Kind == inc.EventEscalation && e.Payload["firing"] == "tier")
			}
			if fired {
				break
			}
			select {
			case <-poll.C:
			case <-deadline:
				t.Fatalf("org %d: no tier firing on the timeline: %+v", org, evs)
			}
		}
	}
}

// Without data_dir, the database goes to <plugins dir>/../plugins-data/warroom,
// derived from where the binary is (here a copy laid out like Grafana's
// tarball: <root>/data/plugins/warroom-incident-app/gpx_warroom_linux_amd64).
func TestDefaultDataDirBesideThePluginsDirectory(t *testing.T) {
	root := t.TempDir()
	pluginDir := filepath.Join(root, "data", "plugins", "warroom-incident-app")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(pluginDir, filepath.Base(binary))
	b, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, b, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, err := grafanahost.Launch(ctx, exe, grafanahost.Env(nil, "", ""), grafanahost.WithLogger(testLogger(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	res, err := p.CheckHealth(t.Context(), grafanahost.Context{OrgID: 1}.PluginContext())
	if err != nil || res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "SQLite") || strings.Contains(res.Message, "Warning") {
		t.Fatalf("CheckHealth %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(root, "data", "plugins-data", "warroom", "warroom.db")); err != nil {
		t.Fatalf("no database in the default directory: %v", err)
	}
}
