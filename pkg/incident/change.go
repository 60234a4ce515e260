package incident

import (
	"strings"
	"time"
)

// Update is a user's change to an incident. Nil fields are left alone.
// Version is the version the user saw; the store rejects a stale one.
type Update struct {
	Version  int64     `json:"version"`
	Title    *string   `json:"title"`
	Severity *Severity `json:"severity"`
	Status   *Status   `json:"status"`
	Reason   string    `json:"reason"`
}

// Apply computes the incident after u and the timeline events that record it.
// It is pure: the caller persists the result. A change that alters nothing is
// an error, so the timeline never holds empty entries.
func Apply(inc Incident, u Update, author string, now time.Time) (Incident, []Event, []FieldError) {
	reason := strings.TrimSpace(u.Reason)
	if errs := validateUpdate(u, reason); len(errs) > 0 {
		return inc, nil, errs
	}
	next := inc
	var events []Event
	record := func(kind EventKind, from, to any) {
		p := map[string]any{"from": from, "to": to}
		if reason != "" {
			p["reason"] = reason
		}
		events = append(events, Event{Kind: kind, Author: author, At: now, Payload: p})
	}
	if u.Title != nil {
		if t := strings.TrimSpace(*u.Title); t != inc.Title {
			next.Title = t
			record(EventTitleChanged, inc.Title, t)
		}
	}
	if u.Severity != nil && *u.Severity != inc.Severity {
		next.Severity = *u.Severity
		record(EventSeverityChanged, inc.Severity, *u.Severity)
	}
	if u.Status != nil && *u.Status != inc.Status {
		next.Status = *u.Status
		record(EventStatusChanged, inc.Status, *u.Status)
		switch {
		case *u.Status == Resolved:
			at := now
			next.ResolvedAt = &at
		case inc.Status == Resolved:
			next.ResolvedAt = nil // reopened: the incident is running again
		}
	}
	if len(events) == 0 {
		return inc, nil, []FieldError{{"", "the update changes nothing"}}
	}
	next.UpdatedAt = now
	next.Version = u.Version
	return next, events, nil
}

func validateUpdate(u Update, reason string) []FieldError {
	var errs []FieldError
	if u.Version < 1 {
		errs = append(errs, FieldError{"version", "is required: send the version you are changing"})
	}
	if u.Title != nil {
		errs = append(errs, checkText("title", strings.TrimSpace(*u.Title), 1, MaxTitle)...)
	}
	if u.Severity != nil && !u.Severity.Valid() {
		errs = append(errs, FieldError{"severity", "must be one of P1, P2, P3, P4"})
	}
	if u.Status != nil && !u.Status.Valid() {
		errs = append(errs, FieldError{"status", "must be one of investigating, identified, monitoring, resolved"})
	}
	errs = append(errs, checkText("reason", reason, 0, MaxText)...)
	return errs
}

// Note is a free-text timeline entry.
type Note struct {
	Text string `json:"text"`
}

// NoteEvent validates n and returns the event recording it.
func NoteEvent(n Note, author string, now time.Time) (Event, []FieldError) {
	text := strings.TrimSpace(n.Text)
	if errs := checkText("text", text, 1, MaxText); len(errs) > 0 {
		return Event{}, errs
	}
	return Event{Kind: EventNote, Author: author, At: now, Payload: map[string]any{"text": text}}, nil
}
