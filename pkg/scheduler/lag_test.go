package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

// lagOpen is the number of open incidents the lag test runs among.
const lagOpen = 10000

// With 10,000 open incidents of 10 orgs, declared over the last hour at
// P2, P3 and P4, a scheduler ticking every DefaultTickEvery of an injected
// clock fires every escalation, tier and reminder in the first tick at or
// after its due time: never a tick late, though each tick reads only what
// is due. The first tick computes every incident (as after the upgrade
// that adds the projection) and fires what was owed before it; the
// ticks after it are the steady state.
func TestFiringsComeInTheFirstTickAtOrAfterTheirDueTime(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 10,000 incidents per store")
	}
	for _, eng := range []struct {
		name string
		open func(t *testing.T) store.Store
	}{
		{"sqlite", func(t *testing.T) store.Store { return openStore(t, filepath.Join(t.TempDir(), "warroom.db")) }},
		{"postgres", func(t *testing.T) store.Store {
			// Durability is not what this test is about: seed fast.
			st, err := postgres.Open(t.Context(), testpg.DSN(t)+"&synchronous_commit=off")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}},
	} {
		t.Run(eng.name, func(t *testing.T) {
			ctx := t.Context()
			start := t0.Add(2 * time.Hour)
			log := &firedLog{Store: eng.open(t)}
			seedOpen(t, log.Store, lagOpen, start)
			s := &scheduler.Scheduler{Store: log}
			period := scheduler.DefaultTickEvery

			first, err := s.Tick(ctx, start)
			if err != nil || first.Incidents != lagOpen || first.Saved != lagOpen {
				t.Fatalf("first tick: %+v %v, want every open incident computed and saved", first, err)
			}
			log.reset()
			prev, read := start, 0
			for now := start.Add(period); !now.After(start.Add(8 * time.Minute)); now = now.Add(period) {
				st, err := s.Tick(ctx, now)
				if err != nil || len(st.Skipped) > 0 {
					t.Fatalf("tick at %v: %+v %v", now.Sub(start), st, err)
				}
				read += st.Incidents
				for _, f := range log.reset() {
					if !f.due.After(prev) || f.due.After(now) {
						t.Fatalf("%s of %s, due at %v, fired in the tick at %v (the one before ran at %v)",
							f.key, f.id, f.due.Sub(start), now.Sub(start), prev.Sub(start))
					}
					log.count++
				}
				prev = now
			}
			ticks := int((8 * time.Minute) / period)
			t.Logf("%d firings in %d ticks; %d incidents read, %.1f a tick", log.count, ticks, read, float64(read)/float64(ticks))
			if log.count < 100 {
				t.Fatalf("only %d firings fell due: the test proves little", log.count)
			}
			if read > lagOpen {
				t.Errorf("the ticks after the first read %d incidents, more than are open: they read what is not due", read)
			}
		})
	}
}

// firedLog records the firings a store committed, with their due times.
type firedLog struct {
	store.Store
	mu    sync.Mutex
	fired []fired
	count int
}

type fired struct {
	id, key string
	due     time.Time
}

func (l *firedLog) Commit(ctx context.Context, e store.Effects) (store.Committed, error) {
	c, err := l.Store.Commit(ctx, e)
	// Reminders claimed silently (owed together with a newer one) carry no
	// event; the newest says when it was due.
	if err == nil && c.Fired && len(e.Events) > 0 {
		l.mu.Lock()
		l.fired = append(l.fired, fired{id: e.IncidentID, key: e.Key, due: dueAt(e.Events[len(e.Events)-1].Payload["dueAt"])})
		l.mu.Unlock()
	}
	return c, err
}

func (l *firedLog) reset() []fired {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.fired
	l.fired = nil
	return out
}

func dueAt(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		at, _ := time.Parse(time.RFC3339Nano, t)
		return at
	}
	return time.Time{}
}

// seedOpen declares n open incidents of 10 orgs, P2, P3 and P4 in turn,
// one every 360 ms of the hour before start, from 8 writers.
func seedOpen(t *testing.T, st store.Store, n int, start time.Time) {
	t.Helper()
	sevs := []incident.Severity{incident.P2, incident.P3, incident.P4}
	step := time.Hour / time.Duration(n)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += len(errs) {
				at := start.Add(-time.Hour + time.Duration(i)*step)
				_, errs[w] = st.CreateIncident(t.Context(), int64(1+i%10), store.NewIncident{Title: fmt.Sprint("open ", i), Severity: sevs[i%3],
					Status: incident.Investigating, Services: []string{"api"}, Author: "ada", At: at, Details: incident.Details{}.Normalize()},
					[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: at}})
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("seed: %v", err)
	}
}
