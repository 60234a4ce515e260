package diagnostics

import (
	"context"
	"errors"
	"sync"
)

// Defaults of the process-wide run bound (Process).
const (
	// DefaultMaxRuns runs at once in the whole process, all orgs. With
	// RunOptions.Concurrency checks each, at most 16 checks are in flight.
	DefaultMaxRuns = 4
	// DefaultMaxWaiting runs of one org waiting for a slot. Since a second
	// start on an incident joins its run, that is eight incidents of one
	// org queued behind the running ones.
	DefaultMaxWaiting = 8
)

// ErrBusy is Enter's answer when the org already has MaxWaiting runs
// waiting: the caller is told to come back rather than queued unboundedly.
var ErrBusy = errors.New("diagnostics: too many runs waiting")

// Limiter bounds how many runs execute at once across every org of the
// process. A run beyond the bound waits its turn: FIFO within an org, and
// orgs take turns (round-robin), so one org's many incidents never starve
// another org's. Zero fields take the defaults.
type Limiter struct {
	MaxRuns    int
	MaxWaiting int

	mu      sync.Mutex
	running int
	waiting map[int64][]*Ticket
	turns   []int64 // orgs with waiting tickets, in the order they are served
}

var process = &Limiter{}

// Process is the limiter every plugin instance (one per org) shares.
func Process() *Limiter { return process }

// Ticket is a run's place: granted at once, or waiting in line.
type Ticket struct {
	l       *Limiter
	org     int64
	granted chan struct{} // closed when the run may start
	done    bool          // guarded by l.mu
}

// Enter takes a slot if one is free and nobody waits, or a place in the
// org's line; ErrBusy when the org's line is full. Every ticket must be
// ended with Done.
func (l *Limiter) Enter(org int64) (*Ticket, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := &Ticket{l: l, org: org, granted: make(chan struct{})}
	if l.running < l.maxRuns() && len(l.turns) == 0 {
		l.running++
		close(t.granted)
		return t, nil
	}
	if l.waiting == nil {
		l.waiting = map[int64][]*Ticket{}
	}
	if len(l.waiting[org]) >= l.maxWaiting() {
		return nil, ErrBusy
	}
	if len(l.waiting[org]) == 0 {
		l.turns = append(l.turns, org)
	}
	l.waiting[org] = append(l.waiting[org], t)
	return t, nil
}

// Wait blocks until the ticket is granted or ctx ends (the ticket then
// leaves the line; Done is still called).
func (t *Ticket) Wait(ctx context.Context) error {
	select {
	case <-t.granted:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Done gives the slot back, or leaves the line; it may be called more than
// once.
func (t *Ticket) Done() {
	l := t.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.done {
		return
	}
	t.done = true
	select {
	case <-t.granted:
		l.running--
		l.grant()
	default:
		l.leave(t)
	}
}

// grant hands free slots to the next orgs in turn, first come first
// served within each org. An org with more waiting goes to the back.
func (l *Limiter) grant() {
	for l.running < l.maxRuns() && len(l.turns) > 0 {
		org := l.turns[0]
		l.turns = l.turns[1:]
		line := l.waiting[org]
		t := line[0]
		if line = line[1:]; len(line) > 0 {
			l.waiting[org] = line
			l.turns = append(l.turns, org)
		} else {
			delete(l.waiting, org)
		}
		l.running++
		close(t.granted)
	}
}

func (l *Limiter) leave(t *Ticket) {
	line := l.waiting[t.org]
	for i, w := range line {
		if w == t {
			line = append(line[:i:i], line[i+1:]...)
			break
		}
	}
	if len(line) > 0 {
		l.waiting[t.org] = line
		return
	}
	delete(l.waiting, t.org)
	for i, o := range l.turns {
		if o == t.org {
			l.turns = append(l.turns[:i:i], l.turns[i+1:]...)
			break
		}
	}
}

// Stats is what the limiter holds now.
type Stats struct {
	Running int
	Waiting int
}

// Stats reports running and waiting runs (for tests and logs).
func (l *Limiter) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := Stats{Running: l.running}
	for _, line := range l.waiting {
		s.Waiting += len(line)
	}
	return s
}

// MaxRunsOrDefault is the bound on runs at once in effect.
func (l *Limiter) MaxRunsOrDefault() int { return l.maxRuns() }

// MaxWaitingOrDefault is the bound on one org's waiting runs in effect.
func (l *Limiter) MaxWaitingOrDefault() int { return l.maxWaiting() }

func (l *Limiter) maxRuns() int {
	if l.MaxRuns > 0 {
		return l.MaxRuns
	}
	return DefaultMaxRuns
}

func (l *Limiter) maxWaiting() int {
	if l.MaxWaiting > 0 {
		return l.MaxWaiting
	}
	return DefaultMaxWaiting
}
