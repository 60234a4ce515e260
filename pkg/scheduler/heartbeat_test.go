package scheduler

import (
	"testing"
	"time"
)

func TestHeartbeatStalenessWithAnInjectedClock(t *testing.T) {
	var h Heartbeat
	t0 := time.Date(2026, 12, 5, 2, 55, 0, 0, time.UTC)
	period := 10 * time.Second
	if s := h.Status(t0, period); s.State != StateOff || s.String() != "scheduler: off in this process" {
		t.Fatalf("never started: %+v %q", s, s)
	}
	h.Start(t0)
	if s := h.Status(t0.Add(25*time.Second), period); s.State != StateStarting {
		t.Fatalf("25 s after start, no tick: %+v", s)
	}
	if s := h.Status(t0.Add(31*time.Second), period); s.State != StateStale || s.String() != "scheduler: no tick in the 31 s since it started" {
		t.Fatalf("31 s after start, no tick: %+v %q", s, s)
	}
	h.Beat(t0.Add(40 * time.Second))
	if s := h.Status(t0.Add(52*time.Second), period); s.State != StateOK || s.String() != "scheduler: last tick 12 s ago" || !s.LastTick.Equal(t0.Add(40*time.Second)) {
		t.Fatalf("12 s after a tick: %+v %q", s, s)
	}
	// Exactly three periods is still fine; beyond is stale.
	if s := h.Status(t0.Add(70*time.Second), period); s.State != StateOK {
		t.Fatalf("30 s after a tick: %+v", s)
	}
	if s := h.Status(t0.Add(71*time.Second), period); s.State != StateStale || s.String() != "scheduler: last tick 31 s ago (stale)" {
		t.Fatalf("31 s after a tick: %+v %q", s, s)
	}
	// A one-second period still allows a long tick.
	if s := h.Status(t0.Add(60*time.Second), time.Second); s.State != StateOK {
		t.Fatalf("20 s after a tick at a 1 s period: %+v", s)
	}
	if s := h.Status(t0.Add(71*time.Second), time.Second); s.State != StateStale {
		t.Fatalf("31 s after a tick at a 1 s period: %+v", s)
	}
}
