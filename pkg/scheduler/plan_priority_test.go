package scheduler_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Pages (tiers, rules) are queued to go before reminders, whichever was
// planned or enqueued first.
func TestPlanQueuesPagesBeforeReminders(t *testing.T) {
	oi := p3(t0)
	oi.Incident.Severity = incident.P1 // tiers at 5m and 15m, an update every 15m
	effects := scheduler.Plan(scheduler.Input{Open: oi, Policy: policy.Default(), Now: t0.Add(50 * time.Minute),
		Routes: []notify.Channel{{Name: "ops", Kind: notify.KindWebhook}}})
	var pages, reminders int
	for _, e := range effects {
		for _, o := range e.Outbox {
			switch {
			case strings.HasPrefix(e.Key, "update:") && o.Priority == store.PriorityReminder:
				reminders++
			case (strings.HasPrefix(e.Key, "tier:") || strings.HasPrefix(e.Key, "rule:")) && o.Priority == store.PriorityPage:
				pages++
			default:
				t.Errorf("%s queued with priority %d", e.Key, o.Priority)
			}
		}
	}
	if pages == 0 || reminders != 1 {
		t.Fatalf("pages %d, reminders %d: want tier pages and one reminder", pages, reminders)
	}
}
