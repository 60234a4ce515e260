package diagnostics

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// granted reports whether a ticket may run, without waiting.
func granted(t *Ticket) bool {
	select {
	case <-t.granted:
		return true
	default:
		return false
	}
}

func enter(t *testing.T, l *Limiter, org int64) *Ticket {
	t.Helper()
	tk, err := l.Enter(org)
	if err != nil {
		t.Fatalf("enter org %d: %v", org, err)
	}
	return tk
}

// More runs than slots, as the API starts them: each waits its turn, then
// runs a check that blocks until the test lets it go. Never more than
// MaxRuns checks are in flight, and every run completes.
func TestLimiterBoundsRunsAndAllComplete(t *testing.T) {
	l := &Limiter{MaxRuns: 3, MaxWaiting: 20}
	const runs = 10
	var inFlight, peak atomic.Int32
	started := make(chan string, runs)
	release := make(chan struct{}) // one token lets one check finish
	check := NewCheck("blocking", "Blocking", "svc", func(ctx context.Context, f *Finding) error {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		started <- f.Check
		defer inFlight.Add(-1)
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	var wg sync.WaitGroup
	summaries := make([]Summary, runs)
	for i := range runs {
		tk := enter(t, l, 1)
		wg.Go(func() {
			defer tk.Done()
			if err := tk.Wait(t.Context()); err != nil {
				t.Error(err)
				return
			}
			summaries[i] = Run(t.Context(), []Check{check}, RunOptions{}, nil)
		})
	}
	for range 3 {
		<-started
	}
	if s := l.Stats(); s.Running != 3 || s.Waiting != runs-3 {
		t.Fatalf("with every slot held: %+v, want 3 running and %d waiting", s, runs-3)
	}
	// Each finished check lets exactly one waiting run start.
	for i := 3; i < runs; i++ {
		release <- struct{}{}
		<-started
	}
	for range 3 {
		release <- struct{}{}
	}
	wg.Wait()
	if p := peak.Load(); p != 3 {
		t.Fatalf("peak %d checks at once, want 3", p)
	}
	for i, s := range summaries {
		if s.Status != StatusOK || len(s.Findings) != 1 {
			t.Fatalf("run %d: %+v", i, s)
		}
	}
	if s := l.Stats(); s.Running != 0 || s.Waiting != 0 {
		t.Fatalf("after every run: %+v", s)
	}
}

// Orgs take turns for free slots: org 2's one run starts after at most one
// more of org 1's, however many org 1 queued before it; within an org the
// first to come is the first served.
func TestLimiterTurnsBetweenOrgs(t *testing.T) {
	l := &Limiter{MaxRuns: 2, MaxWaiting: 8}
	running := []*Ticket{enter(t, l, 1), enter(t, l, 1)}
	var org1 []*Ticket
	for range 6 {
		org1 = append(org1, enter(t, l, 1))
	}
	org2 := enter(t, l, 2)
	if !granted(running[0]) || !granted(running[1]) || granted(org1[0]) || granted(org2) {
		t.Fatal("the first two should run, the rest wait")
	}
	running[0].Done()
	if !granted(org1[0]) || granted(org2) {
		t.Fatal("the first free slot goes to org 1's first waiting run")
	}
	running[1].Done()
	if !granted(org2) || granted(org1[1]) {
		t.Fatal("the second free slot goes to org 2, ahead of org 1's five others")
	}
	org2.Done()
	if !granted(org1[1]) || granted(org1[2]) {
		t.Fatal("org 1 is served again in its own order")
	}
}

// Each org's line is bounded: beyond MaxWaiting, Enter says ErrBusy,
// while other orgs still get in line. A run that gives up waiting leaves
// the line and its place is free again.
func TestLimiterRefusesBeyondTheLineAndLeaves(t *testing.T) {
	l := &Limiter{MaxRuns: 1, MaxWaiting: 2}
	first := enter(t, l, 1)
	a, b := enter(t, l, 1), enter(t, l, 1)
	if _, err := l.Enter(1); !errors.Is(err, ErrBusy) {
		t.Fatalf("a third waiting run of org 1: %v, want ErrBusy", err)
	}
	other := enter(t, l, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait with a cancelled context: %v", err)
	}
	a.Done()
	a.Done() // twice is harmless
	if s := l.Stats(); s.Running != 1 || s.Waiting != 2 {
		t.Fatalf("after a waiting run left: %+v", s)
	}
	c := enter(t, l, 1) // a's place
	first.Done()
	if !granted(b) || granted(other) || granted(c) {
		t.Fatal("org 1's line kept its order after a run left it")
	}
	b.Done()
	if !granted(other) {
		t.Fatal("org 2's turn")
	}
	other.Done()
	if !granted(c) {
		t.Fatal("org 1's last run")
	}
	c.Done()
	if s := l.Stats(); s.Running != 0 || s.Waiting != 0 {
		t.Fatalf("at the end: %+v", s)
	}
}
