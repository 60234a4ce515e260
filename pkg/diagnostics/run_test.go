package diagnostics

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func sleepy(id string, d time.Duration, st Status) Check {
	return NewCheck(id, id, "svc", func(ctx context.Context, f *Finding) error {
		select {
		case <-time.After(d):
			f.Status = st
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
}

// stuck ignores its context entirely, like a client without timeouts.
type stuck struct{ release chan struct{} }

func (s stuck) ID() string    { return "stuck" }
func (s stuck) Title() string { return "Stuck" }
func (s stuck) Run(context.Context) Finding {
	<-s.release
	return Finding{Status: StatusOK}
}

func TestRunBoundsConcurrencyAndKeepsOrder(t *testing.T) {
	var inFlight, peak atomic.Int32
	// Every check holds its slot until three are running at once, then all are let go: the peak
	// is 3 because of the bound, not because of how fast this machine schedules goroutines.
	reached, release := make(chan struct{}), make(chan struct{})
	var reachedOnce sync.Once
	var checks []Check
	for i := range 8 {
		id := string(rune('a' + i))
		checks = append(checks, NewCheck(id, id, "svc", func(ctx context.Context, f *Finding) error {
			n := inFlight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			if n == 3 {
				reachedOnce.Do(func() { close(reached) })
			}
			<-release
			inFlight.Add(-1)
			return nil
		}))
	}
	var emitted []string
	result := make(chan Summary, 1)
	go func() {
		result <- Run(context.Background(), checks, RunOptions{Concurrency: 3}, func(f Finding) { emitted = append(emitted, f.Check) })
	}()
	select {
	case <-reached:
	case <-time.After(time.Minute):
		t.Fatalf("three checks never ran at once (peak %d)", peak.Load())
	}
	close(release)
	s := <-result
	if got := peak.Load(); got != 3 {
		t.Fatalf("peak concurrency %d, want 3", got)
	}
	if len(emitted) != 8 || len(s.Findings) != 8 {
		t.Fatalf("emitted %d, findings %d; want 8", len(emitted), len(s.Findings))
	}
	for i, f := range s.Findings {
		if f.Check != checks[i].ID() || f.Status != StatusOK || f.Service != "svc" || f.Took <= 0 {
			t.Fatalf("finding %d = %+v", i, f)
		}
	}
	if s.Status != StatusOK || s.Counts[StatusOK] != 8 {
		t.Fatalf("summary %+v", s)
	}
}

func TestRunTimesOutStuckCheckAndRecoversPanics(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	checks := []Check{
		stuck{release},
		NewCheck("boom", "Boom", "svc", func(context.Context, *Finding) error { panic("nil map") }),
		sleepy("slow-but-honest", time.Hour, StatusOK),
		sleepy("crit", 10*time.Millisecond, StatusCritical),
		NewCheck("denied", "Denied", "svc", func(context.Context, *Finding) error { return errors.New("AccessDenied") }),
	}
	// A run that ignored the timeout would wait for the stuck check (released
	// only when the test ends) and the hour-long one: returning at all, with
	// "timed out" findings, is the proof; no wall-clock bound to break on a
	// busy machine.
	s := Run(context.Background(), checks, RunOptions{CheckTimeout: 200 * time.Millisecond}, nil)
	want := []Status{StatusError, StatusError, StatusError, StatusCritical, StatusError}
	for i, f := range s.Findings {
		if f.Status != want[i] {
			t.Errorf("%s: status %s, want %s (%s)", f.Check, f.Status, want[i], f.Error)
		}
	}
	if e := s.Findings[0].Error; e != "timed out after 200ms" {
		t.Errorf("stuck check error %q", e)
	}
	if e := s.Findings[1].Error; len(e) < 20 || e[:20] != "check panicked: nil " {
		t.Errorf("panic error %q", e)
	}
	if s.Findings[1].Service != "svc" {
		t.Errorf("panic finding lost its service: %+v", s.Findings[1])
	}
	if s.Status != StatusCritical || s.Counts[StatusError] != 4 || s.Counts[StatusCritical] != 1 {
		t.Fatalf("summary status %s counts %v", s.Status, s.Counts)
	}
}

func TestRunCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := Run(ctx, []Check{sleepy("a", time.Hour, StatusOK)}, RunOptions{}, nil)
	if s.Findings[0].Status != StatusError {
		t.Fatalf("%+v", s.Findings[0])
	}
}

func TestWorseAndChecksFor(t *testing.T) {
	if Worse(StatusWarning, StatusError) != StatusError || Worse(StatusCritical, StatusError) != StatusCritical ||
		Worse(StatusOK, StatusWarning) != StatusWarning {
		t.Fatal("status ranking")
	}
	deps := Deps{
		HTTP: func(svc, url string) Check { return sleepy(CheckHTTPHealth, 0, StatusOK) },
		AWS: func(svc string, a AWSTarget) []Check {
			return []Check{sleepy(CheckAWSECSService, 0, StatusOK)}
		},
	}
	got := ChecksFor(Target{Service: "api", HealthURL: "http://x", AWS: &AWSTarget{}, Postgres: &PostgresTarget{DSN: "x"}}, deps)
	if len(got) != 2 || got[0].ID() != CheckHTTPHealth || got[1].ID() != CheckAWSECSService {
		t.Fatalf("ChecksFor = %v", got)
	}
	if n := len(ChecksFor(Target{Service: "api"}, deps)); n != 0 {
		t.Fatalf("empty target gave %d checks", n)
	}
}
