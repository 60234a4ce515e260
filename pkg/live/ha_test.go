package live_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/live"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// member is one Grafana instance of an HA pair as the store sees it: its
// own pool and, for the watcher, its own listening session.
func member(t *testing.T, dsn string) store.Store {
	t.Helper()
	st, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// watch runs a watcher on st whose periods end when clock sends.
func watch(t *testing.T, st store.Store, clock <-chan time.Time) *live.Watcher {
	w := &live.Watcher{Source: st, After: func(time.Duration) <-chan time.Time { return clock }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return w
}

func note(text string) []store.NewEvent {
	return []store.NewEvent{{Kind: incident.EventNote, Author: "eddie", At: time.Now().UTC(), Payload: map[string]any{"text": text}}}
}

// await waits for the subscription to reach the mark.
func await(t *testing.T, sub *live.Subscription, want store.Mark) {
	t.Helper()
	bound := time.After(10 * time.Second) // a failure bound, not a wait
	for {
		select {
		case got := <-sub.C:
			if got == want {
				return
			}
			if want.Behind(got) {
				t.Fatalf("got %+v past %+v", got, want)
			}
		case <-bound:
			t.Fatalf("%+v did not arrive", want)
		}
	}
}

// A change written through one member reaches a subscriber of the other
// through LISTEN/NOTIFY alone: the watcher's clock never moves, so it
// never polls after the one poll when its feed came up. The delay from each
// write call to the subscriber is logged; BenchmarkLiveAcrossMembers in
// test/bench reports it.
func TestChangeReachesTheOtherMemberWithoutPolling(t *testing.T) {
	dsn := testpg.DSN(t)
	writer, reader := member(t, dsn), member(t, dsn)
	w := watch(t, reader, nil) // a clock that never moves

	const incidents, changes = 20, 200
	subs := make([]*live.Subscription, incidents)
	marks := make([]store.Mark, incidents)
	for i := range incidents {
		inc, err := writer.CreateIncident(t.Context(), 1, store.NewIncident{Title: fmt.Sprint("watched ", i), Severity: incident.P2,
			Status: incident.Investigating, Author: "eddie", At: time.Now().UTC()}, note("declared"))
		if err != nil {
			t.Fatal(err)
		}
		subs[i] = w.Watch(1, inc.ID)
		marks[i] = store.Mark{OrgID: 1, ID: inc.ID, Version: inc.Version, LastSeq: 1}
	}
	// The first change also tells us the feed is up: it arrives either by
	// NOTIFY or by the poll the watcher runs once LISTEN took effect.
	lags := make([]time.Duration, 0, changes)
	for n := range changes {
		i := n % incidents
		start := time.Now()
		evs, err := writer.AppendEvents(t.Context(), 1, marks[i].ID, note(fmt.Sprint("change ", n)))
		if err != nil {
			t.Fatal(err)
		}
		marks[i].LastSeq = evs[0].Seq
		await(t, subs[i], marks[i])
		lags = append(lags, time.Since(start))
	}
	slices.Sort(lags)
	t.Logf("write call to subscriber on the other member, %d changes: p50 %s, p95 %s, max %s", changes,
		lags[changes/2], lags[changes*95/100], lags[changes-1])
}

// When the listening session dies (the server restarted it, the network
// dropped it) changes still arrive: the watcher polls each period while it
// is down, and listens again.
func TestListenerLossFallsBackToPolling(t *testing.T) {
	dsn := testpg.DSN(t)
	writer, reader := member(t, dsn), member(t, dsn)
	// The watcher's periods pass every 10 ms: its fallback polls are what
	// bring the changes while it listens again.
	clock := time.NewTicker(10 * time.Millisecond)
	defer clock.Stop()
	w := watch(t, reader, clock.C)
	inc, err := writer.CreateIncident(t.Context(), 1, store.NewIncident{Title: "watched", Severity: incident.P2,
		Status: incident.Investigating, Author: "eddie", At: time.Now().UTC()}, note("declared"))
	if err != nil {
		t.Fatal(err)
	}
	sub := w.Watch(1, inc.ID)
	want := store.Mark{OrgID: 1, ID: inc.ID, Version: 1, LastSeq: 1}
	for seq := int64(2); seq <= 4; seq++ {
		testpg.WaitForActivity(t, dsn, `SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database()`, 1)
		conn, err := pgx.Connect(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(t.Context(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database()`); err != nil {
			t.Fatal(err)
		}
		conn.Close(t.Context())
		if _, err := writer.AppendEvents(t.Context(), 1, inc.ID, note("while nobody listens")); err != nil {
			t.Fatal(err)
		}
		want.LastSeq = seq
		await(t, sub, want)
	}
}
