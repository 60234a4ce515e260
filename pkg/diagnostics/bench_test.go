package diagnostics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// BenchmarkFullRun runs every check of one seeded service (11 AWS checks on
// moto, 5 PostgreSQL checks on a real server, 1 HTTP health check with
// 150 ms of latency) the way the incident page does, and the same checks
// one after the other, and reports:
//
//	parallel-ms     a full run with the default concurrency (4)
//	sequential-ms   the same checks with concurrency 1
//	slowest-ms      the slowest single check of the parallel run
//	x-slowest       parallel / slowest: 1.0 would be perfect overlap
//	speedup         sequential / parallel
//
// go test -run '^$' -bench FullRun -benchtime 5x ./pkg/diagnostics/
func BenchmarkFullRun(b *testing.B) {
	moto := testmoto.Start(b, "MOTO_ECS_SERVICE_RUNNING=1")
	endpoint := testmoto.Proxy(b, moto, nil)
	ctx := context.Background()
	world, err := testmoto.Seed(ctx, testmoto.Config(endpoint), "bench")
	if err != nil {
		b.Fatal(err)
	}
	p, err := aws.New(aws.Settings{AuthType: aws.AuthKeys, AccessKey: "a", SecretKey: "b", Endpoint: endpoint,
		DefaultRegion: testmoto.Region}, aws.Options{CloudWatchJSON: true})
	if err != nil {
		b.Fatal(err)
	}
	health := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond) // a real endpoint across a network, not loopback
		if _, err := w.Write([]byte(`{"status":"ok"}`)); err != nil {
			b.Error(err)
		}
	}))
	defer health.Close()
	target := diagnostics.Target{Service: "bench", HealthURL: health.URL + "/api/v1/health", AWS: &world.Target,
		Postgres: &diagnostics.PostgresTarget{Name: "main", DSN: testpg.DSN(b)}}
	checks := diagnostics.ChecksFor(target, diagnostics.Deps{
		HTTP: httpcheck.Deps(httpcheck.DefaultOptions()), AWS: p.Checks, Postgres: postgres.Deps(postgres.Options{})})
	if len(checks) != 17 {
		b.Fatalf("%d checks, want 17", len(checks))
	}
	// Warm the AWS config cache and the connections' first use.
	diagnostics.Run(ctx, checks, diagnostics.RunOptions{}, nil)

	var par, seq, slowest time.Duration
	for b.Loop() {
		s := diagnostics.Run(ctx, checks, diagnostics.RunOptions{}, nil)
		for _, f := range s.Findings {
			if f.Status == diagnostics.StatusError {
				b.Fatalf("%s failed: %s", f.Check, f.Error)
			}
			slowest = max(slowest, f.Took)
		}
		par += s.Took
		seq += diagnostics.Run(ctx, checks, diagnostics.RunOptions{Concurrency: 1}, nil).Took
	}
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	b.ReportMetric(ms(par), "parallel-ms")
	b.ReportMetric(ms(seq), "sequential-ms")
	b.ReportMetric(float64(slowest.Microseconds())/1000, "slowest-ms")
	b.ReportMetric(ms(par)/(float64(slowest.Microseconds())/1000), "x-slowest")
	b.ReportMetric(float64(seq)/float64(par), "speedup")
}
