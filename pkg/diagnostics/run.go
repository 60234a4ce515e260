package diagnostics

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// Defaults of RunOptions.
const (
	DefaultConcurrency  = 4
	DefaultCheckTimeout = 15 * time.Second
)

// RunOptions bound a run. Zero values take the defaults.
type RunOptions struct {
	Concurrency  int           // checks in flight at once
	CheckTimeout time.Duration // per check, from the moment it starts
}

// Summary is the outcome of a whole run. Findings are in the order of the
// checks given, whatever order they finished in, so evidence reads the same
// on every replay.
type Summary struct {
	Status   Status         `json:"status"`
	Counts   map[Status]int `json:"counts"`
	Findings []Finding      `json:"findings"`
	Took     time.Duration  `json:"took"`
}

// Run runs checks in parallel and calls emit (never concurrently) as each one
// finishes, so a UI can show partial results. A check that overruns its
// timeout is reported as StatusError at the deadline and its slot is given
// back: a stuck call cannot hold the run, although its goroutine lives until
// the check notices its cancelled context. A panicking check becomes a
// StatusError finding instead of taking the plugin down.
func Run(ctx context.Context, checks []Check, opts RunOptions, emit func(Finding)) Summary {
	start := time.Now()
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.CheckTimeout <= 0 {
		opts.CheckTimeout = DefaultCheckTimeout
	}
	findings := make([]Finding, len(checks))
	var (
		emitMu sync.Mutex
		wg     sync.WaitGroup
		slots  = make(chan struct{}, opts.Concurrency)
	)
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				findings[i] = failed(c, time.Now(), fmt.Errorf("not started: %w", ctx.Err()))
				emitLocked(&emitMu, emit, findings[i])
				return
			}
			f := runOne(ctx, c, opts.CheckTimeout)
			<-slots
			findings[i] = f
			emitLocked(&emitMu, emit, f)
		}()
	}
	wg.Wait()
	s := Summary{Status: StatusOK, Counts: map[Status]int{}, Findings: findings, Took: time.Since(start)}
	for _, f := range findings {
		s.Counts[f.Status]++
		s.Status = Worse(s.Status, f.Status)
	}
	return s
}

func emitLocked(mu *sync.Mutex, emit func(Finding), f Finding) {
	if emit == nil {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	emit(f)
}

// runOne runs a check in its own goroutine so that the deadline is enforced
// here even when the check ignores its context.
func runOne(parent context.Context, c Check, timeout time.Duration) Finding {
	started := time.Now()
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	done := make(chan Finding, 1) // buffered: a late check must not block forever
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- failed(c, started, fmt.Errorf("check panicked: %v\n%s", r, firstLines(debug.Stack(), 12)))
			}
		}()
		done <- c.Run(ctx)
	}()
	select {
	case f := <-done:
		fill(&f, c, started)
		// A check that returns a context error after the deadline failed
		// because of the deadline: say so instead of echoing the SDK.
		if f.Status == StatusError && ctx.Err() == context.DeadlineExceeded && parent.Err() == nil {
			f.Error = fmt.Sprintf("timed out after %s: %s", timeout, f.Error)
			f.Summary = fmt.Sprintf("The check did not finish within %s.", timeout)
		}
		return f
	case <-ctx.Done():
		err := fmt.Errorf("timed out after %s", timeout)
		if parent.Err() != nil {
			err = fmt.Errorf("run cancelled: %w", parent.Err())
		}
		return failed(c, started, err)
	}
}

// fill sets the fields a check may have left empty.
func fill(f *Finding, c Check, started time.Time) {
	if f.Check == "" {
		f.Check = c.ID()
	}
	if f.Title == "" {
		f.Title = c.Title()
	}
	if f.Status == "" {
		f.Status = StatusOK
	}
	if f.Started.IsZero() {
		f.Started = started
	}
	if f.Took == 0 {
		f.Took = time.Since(started)
	}
}

func failed(c Check, started time.Time, err error) Finding {
	f := Finding{Check: c.ID(), Title: c.Title(), Started: started}
	if s, ok := c.(interface{ Service() string }); ok {
		f.Service = s.Service()
	}
	f.Fail(err)
	f.Took = time.Since(started)
	return f
}

func firstLines(b []byte, n int) string {
	for i, c := range b {
		if c == '\n' {
			if n--; n == 0 {
				return string(b[:i])
			}
		}
	}
	return string(b)
}
