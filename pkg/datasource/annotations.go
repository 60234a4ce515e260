package datasource

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Timeline is one incident with its events, as the store returns them.
type Timeline struct {
	Incident incident.Incident
	Events   []incident.Event
}

// Range is a query's time range; To is inclusive, as Grafana's is.
type Range struct {
	From, To time.Time
}

// overlaps reports whether the incident was open at some moment of r.
func (r Range) overlaps(inc incident.Incident) bool {
	if inc.CreatedAt.After(r.To) {
		return false
	}
	return inc.ResolvedAt == nil || !inc.ResolvedAt.Before(r.From)
}

// EventTitle names the events that become annotations, and says why an
// event is left out ("" for an event that is not one of them): notes,
// checklist ticks and role edits would bury the graph in markers.
func EventTitle(e incident.Event) string {
	switch e.Kind {
	case incident.EventDeclared:
		return "Declared"
	case incident.EventSeverityChanged:
		p := incident.DecodePayload[incident.SeverityChangedPayload](e)
		return fmt.Sprintf("Severity %s → %s", p.From, p.To)
	case incident.EventStatusUpdate:
		if s := incident.DecodePayload[incident.StatusUpdatePayload](e).Subject; s != "" {
			return "Status update: " + s
		}
		return "Status update"
	case incident.EventStatusChanged:
		if incident.DecodePayload[incident.StatusChangedPayload](e).To == incident.Resolved {
			return "Resolved"
		}
	case incident.EventStepCompleted:
		switch incident.DecodePayload[incident.StepCompletedPayload](e).Step {
		case "acknowledge":
			return "Acknowledged"
		case "mitigate":
			return "Mitigated"
		}
	case incident.EventDiagnosticsRun:
		return "Diagnostics run"
	}
	return ""
}

// AnnotationKinds are the kinds EventTitle may name: the only events an
// annotation query reads from the store.
var AnnotationKinds = []incident.EventKind{incident.EventDeclared, incident.EventSeverityChanged,
	incident.EventStatusUpdate, incident.EventStatusChanged, incident.EventStepCompleted, incident.EventDiagnosticsRun}

// annotationRow is one row of the annotation frame.
type annotationRow struct {
	time, timeEnd time.Time
	title, text   string
	tags          []string
	incidentID    string
	kind          string
}

// AnnotationFrame turns timelines into Grafana's annotation frame: one
// region per incident (declared → resolved; an open incident ends at the
// earlier of now and the range's end) and one point per event of
// EventTitle inside the range. Field names are those Grafana's
// standard annotation support maps (time, timeEnd, title, text, tags);
// tags are comma-separated, which Grafana splits. What a row records is in
// incidentId and kind; its tags are only what a person reads (IncidentTags).
func AnnotationFrame(refID string, items []Timeline, q Query, r Range, now time.Time) *data.Frame {
	rows := []annotationRow{}
	for _, it := range items {
		inc := it.Incident
		if !q.Matches(inc) || !r.overlaps(inc) {
			continue
		}
		tags := IncidentTags(inc)
		end := r.To
		if now.Before(end) {
			end = now
		}
		state := "open"
		if inc.ResolvedAt != nil {
			end, state = *inc.ResolvedAt, "resolved"
		}
		rows = append(rows, annotationRow{time: inc.CreatedAt, timeEnd: end, incidentID: inc.ID, kind: "duration",
			title: fmt.Sprintf("%s %s: %s", inc.ID, inc.Severity, inc.Title),
			text:  fmt.Sprintf("%s incident, %s (%s)", inc.Severity, state, strings.Join(inc.Services, ", ")),
			tags:  tags})
		for _, e := range it.Events {
			title := r.marker(e)
			if title == "" {
				continue
			}
			rows = append(rows, annotationRow{time: e.At, timeEnd: e.At, incidentID: inc.ID, kind: string(e.Kind),
				title: inc.ID + " " + title, text: eventText(e), tags: tags})
		}
	}
	frame := data.NewFrame("incidents",
		data.NewField("time", nil, []time.Time{}),
		data.NewField("timeEnd", nil, []time.Time{}),
		data.NewField("title", nil, []string{}),
		data.NewField("text", nil, []string{}),
		data.NewField("tags", nil, []string{}),
		data.NewField("incidentId", nil, []string{}),
		data.NewField("kind", nil, []string{}),
	)
	for _, row := range rows {
		frame.AppendRow(row.time.UTC(), row.timeEnd.UTC(), row.title, row.text, strings.Join(row.tags, ","), row.incidentID, row.kind)
	}
	frame.RefID = refID
	return frame
}

// marker is the title of e's point annotation, "" when e has none or falls
// outside r.
func (r Range) marker(e incident.Event) string {
	if e.At.Before(r.From) || e.At.After(r.To) {
		return ""
	}
	return EventTitle(e)
}

// annotationRows is how many rows AnnotationFrame draws for an incident open
// during r: its region and a point per marked event.
func annotationRows(it Timeline, r Range) int {
	n := 1
	for _, e := range it.Events {
		if r.marker(e) != "" {
			n++
		}
	}
	return n
}

// eventText is the annotation's body: who did it, and the note-like
// payload (a status update's body, a severity change's reason).
func eventText(e incident.Event) string {
	parts := []string{}
	if e.Author != "" {
		parts = append(parts, "by "+e.Author)
	}
	p := incident.DecodePayload[annotatedText](e)
	for _, s := range []string{p.Reason, p.Body} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " — ")
}

// annotatedText is the text the annotated kinds' payloads may carry: the
// reason of a change (incident.SeverityChangedPayload…), the body of an
// incident.StatusUpdatePayload.
type annotatedText struct {
	Reason string `json:"reason"`
	Body   string `json:"body"`
}
