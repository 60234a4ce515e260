package scheduler

import (
	"fmt"
	"sync"
	"time"
)

// Heartbeat records the scheduler's successful ticks so health checks and
// the config page can tell a scheduler that runs from one that is stuck.
type Heartbeat struct {
	mu      sync.Mutex
	started time.Time
	last    time.Time
}

// Start records when the scheduler started (before its first tick).
func (h *Heartbeat) Start(at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.started, h.last = at, time.Time{}
}

// Beat records a completed tick.
func (h *Heartbeat) Beat(at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = at
}

// Heartbeat states.
const (
	StateOK       = "ok"       // ticked within StaleAfter
	StateStarting = "starting" // started within StaleAfter, no tick yet
	StateStale    = "stale"    // no tick for StaleAfter (or none since start)
	StateOff      = "off"      // not running in this process
)

// StaleTicks is how many tick periods without a tick make the scheduler
// stale, and StaleAfterAtLeast the least time: with a one-second period, one
// long tick (the first after an upgrade computes every open incident) is
// not a stuck scheduler.
const (
	StaleTicks        = 3
	StaleAfterAtLeast = 30 * time.Second
)

// Status is the heartbeat seen at one instant.
type Status struct {
	State string
	// LastTick is zero before the first tick.
	LastTick time.Time
	// Age is now - LastTick (or now - start before the first tick).
	Age time.Duration
}

// Status reads the heartbeat at now: stale after StaleTicks periods
// without a tick (StaleAfterAtLeast at least).
func (h *Heartbeat) Status(now time.Time, period time.Duration) Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.started.IsZero() {
		return Status{State: StateOff}
	}
	limit := max(StaleTicks*period, StaleAfterAtLeast)
	if h.last.IsZero() {
		age := now.Sub(h.started)
		if age > limit {
			return Status{State: StateStale, Age: age}
		}
		return Status{State: StateStarting, Age: age}
	}
	age := now.Sub(h.last)
	if age > limit {
		return Status{State: StateStale, LastTick: h.last, Age: age}
	}
	return Status{State: StateOK, LastTick: h.last, Age: age}
}

// String is the one line health checks and the config page show.
func (s Status) String() string {
	secs := int64(s.Age.Round(time.Second) / time.Second)
	switch s.State {
	case StateOff:
		return "scheduler: off in this process"
	case StateStarting:
		return fmt.Sprintf("scheduler: started %d s ago, no tick yet", secs)
	case StateStale:
		if s.LastTick.IsZero() {
			return fmt.Sprintf("scheduler: no tick in the %d s since it started", secs)
		}
		return fmt.Sprintf("scheduler: last tick %d s ago (stale)", secs)
	}
	return fmt.Sprintf("scheduler: last tick %d s ago", secs)
}
