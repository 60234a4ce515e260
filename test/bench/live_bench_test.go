package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/live"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
)

const (
	liveSubscribers = 500
	liveIncidents   = 50
	// liveChanges is how many notes per second the other member writes,
	// round robin over the incidents, so the streams have news to send.
	liveChanges = 10
)

// BenchmarkLiveStreams runs 500 incident streams on 50 incidents for a
// window (LIVE_WINDOW, default 10s) while another member (SQLite: the
// same process) writes 10 notes a second, and reports the store reads per
// second of this member and the delay from each write call to each
// subscriber. "polling" is RunStream before issue 18 (each stream read the
// incident's mark every second); "watcher" is RunStream now (one
// live.Watcher per store fans NOTIFY / in-process announcements out).
// Reads when a stream starts (2 per stream, both designs) fall before the
// window and are not counted.
func BenchmarkLiveStreams(b *testing.B) {
	window := envDuration(b, "LIVE_WINDOW", 10*time.Second)
	for _, kind := range []string{"sqlite", "postgres"} {
		for _, design := range []string{"polling", "watcher"} {
			b.Run(kind+"/"+design, func(b *testing.B) {
				for b.Loop() {
					qps, lags := runStreams(b, kind, design, window)
					b.ReportMetric(qps, "reads/s")
					b.ReportMetric(ms(pct(lags, 50)), "lag-p50-ms")
					b.ReportMetric(ms(pct(lags, 95)), "lag-p95-ms")
				}
			})
		}
	}
}

// envDuration is the duration the variable name sets, or def.
func envDuration(b *testing.B, name string, def time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	return d
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// counting counts the reads the live stream makes: GetIncident and
// LastSeq (its starting mark; the polling design's every poll) and Marks
// (the watcher's poll). Each is one query.
type counting struct {
	store.Store
	reads atomic.Int64
}

func (c *counting) GetIncident(ctx context.Context, org int64, id string) (incident.Incident, error) {
	c.reads.Add(1)
	return c.Store.GetIncident(ctx, org, id)
}

func (c *counting) LastSeq(ctx context.Context, org int64, id string) (int64, error) {
	c.reads.Add(1)
	return c.Store.LastSeq(ctx, org, id)
}

func (c *counting) Marks(ctx context.Context, keys []store.Cursor) (map[store.Cursor]store.Mark, error) {
	c.reads.Add(1)
	return c.Store.Marks(ctx, keys)
}

// liveMembers opens the member that serves the streams and the one that
// writes: two stores on one PostgreSQL database, or one SQLite store (its
// file has one owning process).
func liveMembers(b *testing.B, kind string) (reader, writer store.Store) {
	ctx := context.Background()
	if kind == "sqlite" {
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "warroom.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st, st
	}
	dsn := testpg.DSN(b)
	open := func() store.Store {
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	}
	return open(), open()
}

func runStreams(b *testing.B, kind, design string, window time.Duration) (float64, []time.Duration) {
	reader, writer := liveMembers(b, kind)
	st := &counting{Store: reader}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ids := make([]string, liveIncidents)
	for i := range ids {
		inc, err := writer.CreateIncident(ctx, 1, store.NewIncident{Title: fmt.Sprint("live ", i), Severity: incident.P2,
			Status: incident.Investigating, Author: "bench", At: time.Now().UTC()}, nil)
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = inc.ID
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	var w *live.Watcher
	if design == "watcher" {
		w = &live.Watcher{Source: st}
		wg.Go(func() { w.Run(ctx) })
	}
	// written[id][seq] is when the write of that event was called.
	var mu sync.Mutex
	written := map[string]map[int64]time.Time{}
	var lags []time.Duration
	seen := func(id string, m store.Mark) {
		mu.Lock()
		defer mu.Unlock()
		if at, ok := written[id][m.LastSeq]; ok {
			lags = append(lags, time.Since(at))
		}
	}
	var started sync.WaitGroup
	for n := range liveSubscribers {
		id := ids[n%liveIncidents]
		started.Add(1)
		wg.Go(func() {
			if w != nil {
				watchingStream(ctx, st, w, id, started.Done, seen)
			} else {
				pollingStream(ctx, st, id, started.Done, seen)
			}
		})
	}
	started.Wait()
	before := st.reads.Load()
	begin := time.Now()
	tick := time.NewTicker(time.Second / liveChanges)
	for n := 0; time.Since(begin) < window; n++ {
		<-tick.C
		id := ids[n%liveIncidents]
		at := time.Now()
		evs, err := writer.AppendEvents(ctx, 1, id, []store.NewEvent{{Kind: incident.EventNote, Author: "bench", At: at.UTC(),
			Payload: map[string]any{"text": "change"}}})
		if err != nil {
			b.Fatal(err)
		}
		mu.Lock()
		if written[id] == nil {
			written[id] = map[int64]time.Time{}
		}
		written[id][evs[0].Seq] = at
		mu.Unlock()
	}
	tick.Stop()
	qps := float64(st.reads.Load()-before) / time.Since(begin).Seconds()
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return qps, lags
}

// readMark is the stream's starting mark: the incident's version and last
// seq, two reads.
func readMark(ctx context.Context, st store.Store, id string) (store.Mark, error) {
	inc, err := st.GetIncident(ctx, 1, id)
	if err != nil {
		return store.Mark{}, err
	}
	last, err := st.LastSeq(ctx, 1, id)
	return store.Mark{OrgID: 1, ID: id, Version: inc.Version, LastSeq: last}, err
}

// pollingStream is RunStream before issue 18: it read the incident's mark
// every second.
func pollingStream(ctx context.Context, st store.Store, id string, started func(), seen func(string, store.Mark)) {
	last, err := readMark(ctx, st, id)
	started()
	if err != nil {
		return
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		m, err := readMark(ctx, st, id)
		if err == nil && m != last {
			last = m
			seen(id, m)
		}
	}
}

// watchingStream is RunStream now (pkg/plugin/stream.go).
func watchingStream(ctx context.Context, st store.Store, w *live.Watcher, id string, started func(), seen func(string, store.Mark)) {
	sub := w.Watch(1, id)
	defer sub.Close()
	last, err := readMark(ctx, st, id)
	started()
	if err != nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-sub.C:
			if m != last && !m.Behind(last) {
				last = m
				seen(id, m)
			}
		}
	}
}
