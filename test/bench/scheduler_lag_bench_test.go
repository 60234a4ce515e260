package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// lagTargets is how many escalations fall due during the lag window.
const lagTargets = 200

// BenchmarkSchedulerLag runs the scheduler service as the plugin does
// (scheduler.Service: real clock, DefaultTickEvery) over 10,000 open
// incidents for a window (LAG_WINDOW, default 60s) in which 200 P3
// incidents' escalation rule p3-persists (and their tech-lead tier) fall
// due, spread evenly from 10 s into the window to its end. It reports the
// lag of each firing's commit behind its due time, wall clock, and the part
// of it spent waiting for the tick that read the incident (wait; the rest
// is the tick's reading, computing and committing).
func BenchmarkSchedulerLag(b *testing.B) {
	window := envDuration(b, "LAG_WINDOW", time.Minute)
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				lags, waits := runLag(b, kind, window)
				b.ReportMetric(ms(pct(lags, 50)), "lag-p50-ms")
				b.ReportMetric(ms(pct(lags, 99)), "lag-p99-ms")
				b.ReportMetric(ms(pct(lags, 100)), "lag-max-ms")
				b.ReportMetric(ms(pct(waits, 99)), "wait-p99-ms")
			}
		})
	}
}

func runLag(b *testing.B, kind string, window time.Duration) (lags, waits []time.Duration) {
	env := tickEnv(b, kind) // 10,000 P2 declared in the 10 minutes before tickNow
	// The background incidents' first change (p2-no-mitigation, 15 minutes)
	// is 5 minutes after the window starts at the earliest: shift the
	// clock so tickNow is "now" when the window opens.
	shift := time.Since(tickNow)
	base := time.Now()
	step := (window - 10*time.Second) / lagTargets
	for i := range lagTargets {
		due := base.Add(10*time.Second + time.Duration(i)*step)
		at := due.Add(-30 * time.Minute).Add(-shift) // p3-persists: 30 minutes at P3
		if _, err := env.st.CreateIncident(context.Background(), int64(1+i%10), store.NewIncident{Title: fmt.Sprint("lag ", i), Severity: incident.P3,
			Status: incident.Investigating, Services: []string{"api"}, Author: "bench", At: at, Details: incident.Details{}.Normalize()},
			[]store.NewEvent{{Kind: incident.EventDeclared, Author: "bench", At: at}}); err != nil {
			b.Fatal(err)
		}
	}
	rec := &commitClock{Store: env.st, shift: shift}
	ctx, cancel := context.WithTimeout(context.Background(), window+5*time.Second)
	defer cancel()
	svc := &scheduler.Service{
		Scheduler: &scheduler.Scheduler{Store: rec},
		Worker:    &outbox.Worker{Store: env.st, Directory: &outbox.Directory{}, Owner: "bench"},
		Now:       func() time.Time { return time.Now().Add(-shift) },
		Logger:    log.NewNullLogger(),
	}
	svc.Run(ctx)
	lags, waits = rec.lags()
	if len(lags) != 2*lagTargets {
		b.Fatalf("%d firings in the window, want %d (a rule and a tier each)", len(lags), 2*lagTargets)
	}
	return lags, waits
}

// commitClock records, for each firing committed, how long after its due
// time (payload dueAt, on the shifted clock) the commit returned, and how
// much of that was the wait for the tick that read it (its DueIncidents
// call began).
type commitClock struct {
	store.Store
	shift time.Duration
	mu    sync.Mutex
	read  time.Time // when the running tick's current page was asked for
	lag   []time.Duration
	wait  []time.Duration
}

func (c *commitClock) DueIncidents(ctx context.Context, now time.Time, after store.Cursor, limit int) ([]store.DueIncident, error) {
	c.mu.Lock()
	c.read = time.Now()
	c.mu.Unlock()
	return c.Store.DueIncidents(ctx, now, after, limit)
}

func (c *commitClock) Commit(ctx context.Context, e store.Effects) (store.Committed, error) {
	done, err := c.Store.Commit(ctx, e)
	if err == nil && done.Fired && len(e.Events) > 0 {
		if due, ok := e.Events[len(e.Events)-1].Payload["dueAt"].(time.Time); ok {
			c.mu.Lock()
			c.lag = append(c.lag, time.Now().Add(-c.shift).Sub(due))
			c.wait = append(c.wait, c.read.Add(-c.shift).Sub(due))
			c.mu.Unlock()
		}
	}
	return done, err
}

func (c *commitClock) lags() (lag, wait []time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.lag...), append([]time.Duration(nil), c.wait...)
}

// BenchmarkSchedulerRSS reports this benchmark process's resident memory
// (/proc/self/status) across 10 ticks over 10,000 open incidents: the
// first computes and saves every incident (the worst tick), the others
// read what is due. The peak (VmHWM) is reset after seeding (clear_refs),
// so it is the ticks' peak on top of the process: the Go runtime, the
// store's pools and the benchmark's own connections.
func BenchmarkSchedulerRSS(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			env := tickEnv(b, kind)
			s := &scheduler.Scheduler{Store: env.st}
			for b.Loop() {
				env.dirtyAll()
				runtime.GC()
				debug.FreeOSMemory()
				if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o600); err != nil {
					b.Fatal(err)
				}
				before := procStatusMB(b, "VmRSS")
				now := tickNow
				for range 10 {
					if _, err := s.Tick(context.Background(), now); err != nil {
						b.Fatal(err)
					}
					now = now.Add(scheduler.DefaultTickEvery)
				}
				b.ReportMetric(before, "rss-before-MB")
				b.ReportMetric(procStatusMB(b, "VmRSS"), "rss-after-MB")
				peak := procStatusMB(b, "VmHWM")
				b.ReportMetric(peak, "rss-peak-MB")
				if peak > rssCeilingMB {
					b.Errorf("peak RSS %.0f MB across 10 ticks, above the ceiling of %d MB (docs/benchmarks.md)", peak, rssCeilingMB)
				}
			}
		})
	}
}

// rssCeilingMB is the stated ceiling of BenchmarkSchedulerRSS's peak: 1.5
// times the 92-97 MB measured on both stores (2026-12-05).
const rssCeilingMB = 150

func procStatusMB(b *testing.B, field string) float64 {
	return float64(testenv.ProcStatusKB(b, os.Getpid(), field)) / 1024
}
