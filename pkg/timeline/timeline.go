// Package timeline is what the back end writes on incident timelines by
// itself or for a user: store events from the domain's events (payloads
// are incident's typed structs, incident.PayloadMap), and text clipped to
// the incident's limits so that verbose input (an alert, a metrics finding) still records.
package timeline

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// SystemAuthor is who the timeline says acted when the back end did by
// itself (a metrics re-evaluation).
const SystemAuthor = "warroom"

// NewEvents are the store's new events for the domain's events.
func NewEvents(events []incident.Event) []store.NewEvent {
	out := make([]store.NewEvent, len(events))
	for i, e := range events {
		out[i] = store.NewEvent{Kind: e.Kind, Author: e.Author, At: e.At, Payload: e.Payload}
	}
	return out
}

// Clip shortens text to max characters, marking the cut with an ellipsis.
func Clip(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// ClipReasons bounds the evidence reasons of a suggestion: at most
// incident.MaxReasons of them, each clipped.
func ClipReasons(reasons []string) []string {
	if len(reasons) > incident.MaxReasons {
		reasons = reasons[:incident.MaxReasons]
	}
	out := make([]string, len(reasons))
	for i, r := range reasons {
		out[i] = Clip(r, incident.MaxReasonLen)
	}
	return out
}

// AppendToOpen adds ev to the timeline of an incident that is not resolved
// (incident.ErrResolved otherwise) and returns it as stored.
func AppendToOpen(ctx context.Context, st store.Store, orgID int64, incID string, ev incident.Event) (incident.Event, error) {
	inc, err := st.GetIncident(ctx, orgID, incID)
	if err != nil {
		return incident.Event{}, err
	}
	if inc.Status == incident.Resolved {
		return incident.Event{}, incident.ErrResolved
	}
	saved, err := st.AppendEvents(ctx, orgID, incID, NewEvents([]incident.Event{ev}))
	if err != nil {
		return incident.Event{}, err
	}
	return saved[0], nil
}
