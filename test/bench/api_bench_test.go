// Package bench measures Warroom's API against the raw store call it wraps,
// in the same process, so the ratio shows what the HTTP layer costs.
// Run: bash test/bench/run.sh (figures go to docs/benchmarks.md).
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/plugin"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

func TestMain(m *testing.M) { testpg.Main(m) }

const seeded = 10_000

// env is one store reached both ways: through the plugin (app) and
// directly (raw). target is the SQLite file or the PostgreSQL DSN.
type env struct {
	app    *plugin.App
	raw    store.Store
	pc     backend.PluginContext
	id     string
	kind   string
	target string
}

// setup is an env with 10,000 incidents declared through the store.
func setup(b *testing.B, kind string) *env {
	b.Helper()
	e := newEnv(b, kind)
	start := time.Now().Add(-seeded * time.Second)
	for i := 0; i < seeded; i++ {
		inc, err := e.raw.CreateIncident(context.Background(), 1, newIncident(i, start.Add(time.Duration(i)*time.Second)), nil)
		if err != nil {
			b.Fatal(err)
		}
		e.id = inc.ID
	}
	return e
}

// newEnv starts the plugin on an empty store of kind.
func newEnv(b *testing.B, kind string) *env {
	b.Helper()
	settings := backend.AppInstanceSettings{}
	cfg := store.Config{}
	target := ""
	if kind == "postgres" {
		cfg.PostgresDSN = testpg.DSN(b)
		settings.DecryptedSecureJSONData = map[string]string{"postgresDsn": cfg.PostgresDSN}
		target = cfg.PostgresDSN
	} else {
		dir := b.TempDir()
		cfg.SQLitePath = dir + "/warroom.db"
		settings.JSONData, _ = json.Marshal(map[string]string{"dataDir": dir})
		target = cfg.SQLitePath
	}
	inst, err := plugin.NewApp(context.Background(), settings)
	if err != nil {
		b.Fatal(err)
	}
	app := inst.(*plugin.App)
	b.Cleanup(app.Dispose)
	raw, release, err := stores.Acquire(context.Background(), cfg) // the same shared store the app uses
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(release)
	return &env{app: app, raw: raw, kind: kind, target: target, pc: backend.PluginContext{OrgID: 1, PluginID: plugin.ID,
		User: &backend.User{Login: "bench", Role: "Editor"}, AppInstanceSettings: &settings}}
}

func newIncident(i int, at time.Time) store.NewIncident {
	sev := incident.Severities[i%4]
	return store.NewIncident{Title: fmt.Sprintf("incident %d", i), Severity: sev, Status: incident.Statuses[i%4],
		Services: []string{fmt.Sprintf("svc-%d", i%20)}, Author: "bench", At: at, Details: incident.Details{}.Normalize()}
}

// call sends one resource request through the SDK adapter, as Grafana does.
func (e *env) call(b *testing.B, method, path string, body []byte, want int) {
	route, _, _ := strings.Cut(path, "?")
	req := &backend.CallResourceRequest{PluginContext: e.pc, Method: method, Path: route, URL: path, Body: body,
		Headers: map[string][]string{"Content-Type": {"application/json"}}}
	status := 0
	err := e.app.CallResource(backend.WithPluginContext(context.Background(), e.pc), req,
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
			if status == 0 {
				status = r.Status
			}
			return nil
		}))
	if err != nil || status != want {
		b.Fatalf("%s %s: status %d, err %v", method, path, status, err)
	}
}

// pair times the raw store call and the API call alternately on every
// iteration and reports both percentiles and their ratio.
func pair(b *testing.B, raw, api func()) {
	rawT, apiT := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		raw()
		t1 := time.Now()
		api()
		rawT, apiT = append(rawT, t1.Sub(t0)), append(apiT, time.Since(t1))
	}
	b.StopTimer()
	rp50, rp99, ap50, ap99 := pct(rawT, 50), pct(rawT, 99), pct(apiT, 50), pct(apiT, 99)
	b.ReportMetric(us(rp50), "raw-p50-µs")
	b.ReportMetric(us(rp99), "raw-p99-µs")
	b.ReportMetric(us(ap50), "api-p50-µs")
	b.ReportMetric(us(ap99), "api-p99-µs")
	b.ReportMetric(float64(ap50)/float64(rp50), "p50-ratio")
	b.ReportMetric(float64(ap99)/float64(rp99), "p99-ratio")
}

func pct(d []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)*p/100]
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func BenchmarkAPIvsStore(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			e := setup(b, kind)
			ctx := context.Background()
			body := []byte(`{"title":"bench","severity":"P2","services":["svc-1"]}`)
			b.Run("create", func(b *testing.B) {
				pair(b, func() {
					if _, err := e.raw.CreateIncident(ctx, 1, newIncident(0, time.Now()), nil); err != nil {
						b.Fatal(err)
					}
				}, func() { e.call(b, "POST", "incidents", body, 201) })
			})
			b.Run("get", func(b *testing.B) {
				pair(b, func() {
					if _, err := e.raw.GetIncident(ctx, 1, e.id); err != nil {
						b.Fatal(err)
					}
				}, func() { e.call(b, "GET", "incidents/"+e.id, nil, 200) })
			})
			b.Run("list-10k", func(b *testing.B) {
				pair(b, func() {
					if _, err := e.raw.ListIncidents(ctx, 1, store.Filter{Sort: store.SortCreated, Desc: true, Limit: 50}); err != nil {
						b.Fatal(err)
					}
				}, func() { e.call(b, "GET", "incidents", nil, 200) })
			})
		})
	}
}
