package timers

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func (s *sim) markAt(name incident.StepName, when time.Time, by string) *sim {
	s.inc.Details.Steps = map[incident.StepName]incident.StepMark{name: {At: when, By: by}}
	return s
}

func TestClockSkew(t *testing.T) {
	t.Run("an acknowledgement a few seconds ahead counts now", func(t *testing.T) {
		out := declare(t, incident.P2).markAt("acknowledge", at(10*mins+5*sec), "bob").at(10 * mins)
		expect(t, out, KindRespond, Met, 30*mins)
		if d := timer(t, out, KindRespond).Detail; strings.Contains(d, "-") || !strings.Contains(d, "early") {
			t.Errorf("detail %q", d)
		}
	})
	t.Run("an acknowledgement far ahead is not met early", func(t *testing.T) {
		s := declare(t, incident.P2).markAt("acknowledge", at(70*mins), "bob")
		expect(t, s.at(10*mins), KindRespond, OK, 30*mins)
		expect(t, s.at(40*mins), KindRespond, Breached, 30*mins)
		expect(t, s.at(69*mins), KindRespond, Missed, 30*mins)
		if out := s.at(66 * mins); out.NextChange == nil || !out.NextChange.Equal(at(69*mins)) {
			t.Errorf("must wake when the acknowledgement counts: %v", out.NextChange)
		}
	})
	t.Run("an acknowledgement dated before the declaration", func(t *testing.T) {
		out := declare(t, incident.P2).markAt("acknowledge", at(-30*sec), "bob").at(mins)
		expect(t, out, KindRespond, Met, 30*mins)
		if d := timer(t, out, KindRespond).Detail; d != "acknowledged 30m early by bob" {
			t.Errorf("detail %q", d)
		}
	})
	t.Run("now before the declaration", func(t *testing.T) {
		out := declare(t, incident.P1).at(-10 * mins)
		for _, tm := range out.Timers {
			if tm.State != OK {
				t.Errorf("%s is %s before the incident exists", tm.Kind, tm.State)
			}
		}
		if len(out.Firings) != 0 || out.CurrentTier.Who != "On-call engineer" {
			t.Errorf("firings %s tier %+v", keys(out), out.CurrentTier)
		}
		if out.NextChange == nil || !out.NextChange.Equal(at(12*mins)) {
			t.Errorf("next change %v, want the first warnings at t0+12m", out.NextChange)
		}
	})
	t.Run("a status update slightly ahead counts", func(t *testing.T) {
		out := declare(t, incident.P1).steps(mins, "acknowledge").update(16*mins + 10*sec).at(16 * mins)
		expect(t, out, KindUpdate, OK, 31*mins+10*sec)
		if got := keys(only(out, FiringUpdate)); got != "" {
			t.Errorf("the update covers the missed period: %s", got)
		}
	})
	t.Run("an event stored after a later-dated one keeps the order", func(t *testing.T) {
		s := declare(t, incident.P3).reports(10*mins, 1)
		to := incident.P2
		s.add(incident.Event{Kind: incident.EventSeverityChanged, At: at(5 * mins), Payload: map[string]any{"from": "P3", "to": string(to)}})
		s.inc.Severity = to
		expect(t, s.at(11*mins), KindRespond, OK, 40*mins)
	})
}

// TestNextChangeIsExact walks each scenario from NextChange to NextChange:
// between two wake-ups nothing may change, and at each one something must,
// or the scheduler would sleep through a breach or wake for nothing.
func TestNextChangeIsExact(t *testing.T) {
	scenarios := map[string]func(t *testing.T) *sim{
		"P2 untouched": func(t *testing.T) *sim { return declare(t, incident.P2) },
		"P1 worked":    func(t *testing.T) *sim { return declare(t, incident.P1).steps(5*mins, "acknowledge").update(20 * mins) },
		"P3 upgraded":  func(t *testing.T) *sim { return declare(t, incident.P3).sev(40*mins, incident.P2) },
		"resolved": func(t *testing.T) *sim {
			return declare(t, incident.P2).steps(5*mins, "acknowledge").status(3*hrs, incident.Resolved)
		},
		"future ack": func(t *testing.T) *sim { return declare(t, incident.P4).markAt("acknowledge", at(3*hrs), "bob") },
	}
	for name, build := range scenarios {
		t.Run(name, func(t *testing.T) {
			s := build(t)
			now := -5 * mins
			// Live incidents owe reminders forever; 12 hours covers every target.
			for now < 12*hrs {
				out := s.at(now)
				if out.NextChange == nil {
					return
				}
				next := out.NextChange.Sub(t0)
				if next <= now {
					t.Fatalf("at %v: next change %v is not in the future", now, next)
				}
				for _, probe := range []time.Duration{now + (next-now)/2, next - time.Nanosecond} {
					if a, b := snapshot(out), snapshot(s.at(probe)); a != b {
						t.Fatalf("changed at %v before the announced %v:\n%s\n%s", probe, next, a, b)
					}
				}
				if snapshot(out) == snapshot(s.at(next)) {
					t.Fatalf("woke at %v (from %v) and nothing changed: %s", next, now, snapshot(out))
				}
				now = next
			}
		})
	}
}

func snapshot(o Output) string {
	o.NextChange = nil
	b, _ := json.Marshal(o)
	return string(b)
}
