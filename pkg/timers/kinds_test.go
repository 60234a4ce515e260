package timers

import (
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// TestOnlyEventKindsCount: the stores hand the scheduler, GET /timers and
// the data source only EventKinds, so every other kind must change nothing,
// wherever it sits and however it is dated.
func TestOnlyEventKindsCount(t *testing.T) {
	others := []incident.EventKind{incident.EventDeclared, incident.EventNote, incident.EventTitleChanged,
		incident.EventStepCompleted, incident.EventChecklist, incident.EventRolesChanged, incident.EventAlertFiring,
		incident.EventAlertResolved, incident.EventSeveritySuggested, incident.EventEscalation, incident.EventUpdateDue,
		incident.EventNotificationDelivered, incident.EventNotificationFailed, incident.EventDiagnosticsRun,
		incident.EventRemediationRun, incident.EventImpactChanged}
	for _, k := range others {
		if slices.Contains(EventKinds, k) {
			t.Fatalf("%s is listed both ways", k)
		}
	}
	scenarios := map[string]func(t *testing.T) *sim{
		"P1 worked": func(t *testing.T) *sim {
			return declare(t, incident.P1).steps(mins, "acknowledge").update(20*mins).sev(30*mins, incident.P2)
		},
		"reports and flags": func(t *testing.T) *sim {
			return declare(t, incident.P2).reports(10*mins, 60).integrity(12*mins, true)
		},
		"resolved and reopened": func(t *testing.T) *sim {
			return declare(t, incident.P2).status(40*mins, incident.Resolved).status(50*mins, incident.Investigating)
		},
	}
	for name, build := range scenarios {
		t.Run(name, func(t *testing.T) {
			lean := build(t)
			noisy := build(t)
			// A note (or delivery record) from an instance whose clock runs an
			// hour ahead after every fact: before, it would have pushed the
			// next fact's effective time.
			var evs []incident.Event
			for i, e := range noisy.evs {
				evs = append(evs, e)
				evs = append(evs, incident.Event{Kind: others[i%len(others)], At: e.At.Add(time.Hour), Payload: map[string]any{"from": "P4", "to": "resolved"}})
			}
			noisy.evs = nil
			noisy.add(evs...)
			for _, now := range []time.Duration{5 * mins, 25 * mins, 45 * mins, 3 * hrs} {
				if a, b := snapshot(lean.at(now)), snapshot(noisy.at(now)); a != b {
					t.Errorf("at t0+%v other kinds changed the answer:\n%s\n%s", now, a, b)
				}
			}
		})
	}
}
