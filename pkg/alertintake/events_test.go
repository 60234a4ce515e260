package alertintake

import (
	"fmt"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// alertEvents bounds what alerts add to one timeline: individual events up
// to MaxAlertEvents, then one summary per notification up to
// MaxAlertSummaries, then nothing (counted as not recorded).
func TestAlertEventsStopAtTheLimitsAndSummarise(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	starts := at.Format(time.RFC3339Nano)
	note := func(fps ...string) Notification {
		n := Notification{CommonLabels: map[string]string{"alertname": "Noisy"}}
		for _, fp := range fps {
			n.Alerts = append(n.Alerts, Alert{Status: "firing", Fingerprint: fp, StartsAt: at, Labels: map[string]string{"alertname": "Noisy"}})
		}
		return n
	}
	var timeline []incident.Event
	add := func(evs []incident.Event) {
		timeline = append(timeline, evs...)
	}
	// The timeline one alert short of the limit.
	for i := range MaxAlertEvents - 1 {
		add([]incident.Event{{Kind: incident.EventAlertFiring, Payload: map[string]any{"fingerprint": fmt.Sprint("old-", i), "startsAt": starts}}})
	}
	evs, dropped := alertEvents(note("old-0", "new-1", "new-2", "new-3"), timeline, "sa", at)
	if len(evs) != 2 || dropped != 2 || evs[0].Payload["fingerprint"] != "new-1" || evs[1].Payload["notRecorded"] != 2 {
		t.Fatalf("at the limit: %d events %v, dropped %d", len(evs), evs, dropped)
	}
	if want := "2 more alerts not recorded: this incident holds 2000 alert events, the most Warroom keeps per incident"; evs[1].Payload["summary"] != want || evs[1].Payload["alertname"] != "Noisy" {
		t.Fatalf("summary %v", evs[1].Payload)
	}
	for _, e := range evs {
		add([]incident.Event{{Kind: e.Kind, Payload: e.Payload}})
	}
	// Recorded alerts still add nothing, and are not counted as dropped.
	if evs, dropped := alertEvents(note("old-5", "new-1"), timeline, "sa", at); len(evs) != 0 || dropped != 0 {
		t.Fatalf("a repeat at the limit: %v, dropped %d", evs, dropped)
	}
	// Summaries stop at MaxAlertSummaries (one is on the timeline).
	for i := 1; i < MaxAlertSummaries; i++ {
		evs, dropped := alertEvents(note(fmt.Sprint("more-", i)), timeline, "sa", at)
		if len(evs) != 1 || dropped != 1 {
			t.Fatalf("summary %d: %v, dropped %d", i+1, evs, dropped)
		}
		add([]incident.Event{{Kind: evs[0].Kind, Payload: evs[0].Payload}})
	}
	if evs, dropped := alertEvents(note("last"), timeline, "sa", at); len(evs) != 0 || dropped != 1 {
		t.Fatalf("past the summaries: %v, dropped %d", evs, dropped)
	}
}
