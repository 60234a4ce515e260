package alertintake

import (
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// Bounds of what alerts add to one incident's timeline. Alert events are
// recorded once per (fingerprint, status, startsAt), so repeated
// notifications add nothing, but a flapping alert (a new startsAt each time)
// or a group of ever new pods would grow the timeline, and every attach,
// page and tick reads it, without end. Past MaxAlertEvents the timeline
// keeps what it has and each notification adds at most one summary
// ("N more alerts not recorded"), up to MaxAlertSummaries of them; after
// that notifications are answered and counted as dropped, and the incident
// already says, many times over, that its group is still noisy.
const (
	MaxAlertEvents    = 2000 // alert_firing and alert_resolved events per incident
	MaxAlertSummaries = 100  // summary events once MaxAlertEvents is reached
)

// alertEvents are the timeline entries of n that existing does not hold:
// one per (fingerprint, status, startsAt), so re-sent notifications add
// nothing; bounded per incident (MaxAlertEvents, MaxAlertSummaries).
// dropped counts the new alerts that are not recorded one by one.
func alertEvents(n Notification, existing []incident.Event, author string, at time.Time) (out []store.NewEvent, dropped int) {
	seen := map[string]bool{}
	recorded, summaries := 0, 0
	for _, e := range existing {
		if e.Kind == incident.EventAlertFiring || e.Kind == incident.EventAlertResolved {
			p := incident.DecodePayload[incident.AlertPayload](e)
			if p.NotRecorded > 0 {
				summaries++
				continue
			}
			recorded++
			seen[string(e.Kind)+"|"+p.Fingerprint+"|"+p.StartsAt] = true
		}
	}
	for _, al := range n.Alerts {
		kind := incident.EventAlertFiring
		if al.Status == "resolved" {
			kind = incident.EventAlertResolved
		}
		starts := al.StartsAt.UTC().Format(time.RFC3339Nano)
		id := string(kind) + "|" + al.Fingerprint + "|" + starts
		if seen[id] {
			continue
		}
		seen[id] = true
		if recorded >= MaxAlertEvents {
			dropped++
			continue
		}
		recorded++
		payload := incident.AlertPayload{
			Fingerprint: al.Fingerprint, StartsAt: starts,
			AlertName: timeline.Clip(al.Labels["alertname"], incident.MaxLabelPart),
			Summary:   timeline.Clip(al.Annotations["summary"], incident.MaxLabelPart),
			Labels:    clipLabels(al.Labels),
			Values:    al.Values,
		}
		if kind == incident.EventAlertResolved && !al.EndsAt.IsZero() {
			payload.EndsAt = al.EndsAt.UTC().Format(time.RFC3339Nano)
		}
		out = append(out, store.NewEvent{Kind: kind, Author: author, At: at, Payload: incident.PayloadMap(payload)})
	}
	if dropped > 0 && summaries < MaxAlertSummaries {
		// One entry says what this notification brought beyond the limit,
		// as a firing alert so every timeline view shows it.
		out = append(out, store.NewEvent{Kind: incident.EventAlertFiring, Author: author, At: at, Payload: incident.PayloadMap(incident.AlertPayload{
			AlertName: timeline.Clip(n.labels()["alertname"], incident.MaxLabelPart),
			Summary: fmt.Sprintf("%d more alerts not recorded: this incident holds %d alert events, the most Warroom keeps per incident",
				dropped, MaxAlertEvents),
			NotRecorded: dropped,
		})})
	}
	return out, dropped
}

func clipLabels(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if len(out) == incident.MaxLabels {
			break
		}
		out[timeline.Clip(k, incident.MaxLabelPart)] = timeline.Clip(v, incident.MaxLabelPart)
	}
	return out
}
