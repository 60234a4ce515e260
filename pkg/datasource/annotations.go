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
//
// It reads the payload's keys directly rather than through
// incident.DecodePayload (a JSON round trip): a query titles up to Limit
// events, twice (to count rows, then to draw them).
// TestEventTitleReadsThePayloadTypes keeps the keys those of the types.
func EventTitle(e incident.Event) string {
	switch e.Kind {
	case incident.EventDeclared:
		return "Declared"
	case incident.EventSeverityChanged:
		return fmt.Sprintf("Severity %s → %s", payloadText(e, "from"), payloadText(e, "to"))
	case incident.EventStatusUpdate:
		if s := payloadText(e, "subject"); s != "" {
			return "Status update: " + s
		}
		return "Status update"
	case incident.EventStatusChanged:
		if payloadText(e, "to") == string(incident.Resolved) {
			return "Resolved"
		}
	case incident.EventStepCompleted:
		switch payloadText(e, "step") {
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

// payloadText is the payload's text at key, "" when absent or not text.
func payloadText(e incident.Event, key string) string {
	s, _ := e.Payload[key].(string)
	return s
}

// AnnotationKinds are the kinds EventTitle may name: the only events an
// annotation query reads from the store.
var AnnotationKinds = []incident.EventKind{incident.EventDeclared, incident.EventSeverityChanged,
	incident.EventStatusUpdate, incident.EventStatusChanged, incident.EventStepCompleted, incident.EventDiagnosticsRun}

// annotationColumns are the annotation frame's fields, filled a row at a
// time: data.Frame.AppendRow converts every value by reflection, too slow
// for a frame of Limit rows.
type annotationColumns struct {
	time, timeEnd                       []time.Time
	title, text, tags, incidentID, kind []string
}

func (c *annotationColumns) add(start, end time.Time, title, text, tags, incidentID, kind string) {
	c.time, c.timeEnd = append(c.time, start.UTC()), append(c.timeEnd, end.UTC())
	c.title, c.text, c.tags = append(c.title, title), append(c.text, text), append(c.tags, tags)
	c.incidentID, c.kind = append(c.incidentID, incidentID), append(c.kind, kind)
}

// AnnotationFrame turns timelines into Grafana's annotation frame: one
// region per incident (declared → resolved; an open incident ends at the
// earlier of now and the range's end) and one point per event of
// EventTitle inside the range. Field names are those Grafana's
// standard annotation support maps (time, timeEnd, title, text, tags);
// tags are comma-separated, which Grafana splits. What a row records is in
// incidentId and kind; its tags are only what a person reads (IncidentTags).
func AnnotationFrame(refID string, items []Timeline, q Query, r Range, now time.Time) *data.Frame {
	c := annotationColumns{time: []time.Time{}, timeEnd: []time.Time{}, title: []string{}, text: []string{},
		tags: []string{}, incidentID: []string{}, kind: []string{}}
	for _, it := range items {
		inc := it.Incident
		if !q.Matches(inc) || !r.overlaps(inc) {
			continue
		}
		tags := strings.Join(IncidentTags(inc), ",")
		end := r.To
		if now.Before(end) {
			end = now
		}
		state := "open"
		if inc.ResolvedAt != nil {
			end, state = *inc.ResolvedAt, "resolved"
		}
		c.add(inc.CreatedAt, end, fmt.Sprintf("%s %s: %s", inc.ID, inc.Severity, inc.Title),
			fmt.Sprintf("%s incident, %s (%s)", inc.Severity, state, strings.Join(inc.Services, ", ")), tags, inc.ID, "duration")
		for _, e := range it.Events {
			if title := r.marker(e); title != "" {
				c.add(e.At, e.At, inc.ID+" "+title, eventText(e), tags, inc.ID, string(e.Kind))
			}
		}
	}
	frame := data.NewFrame("incidents",
		data.NewField("time", nil, c.time),
		data.NewField("timeEnd", nil, c.timeEnd),
		data.NewField("title", nil, c.title),
		data.NewField("text", nil, c.text),
		data.NewField("tags", nil, c.tags),
		data.NewField("incidentId", nil, c.incidentID),
		data.NewField("kind", nil, c.kind),
	)
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
// payload (the reason of a change such as incident.SeverityChangedPayload,
// the body of an incident.StatusUpdatePayload).
func eventText(e incident.Event) string {
	parts := []string{}
	if e.Author != "" {
		parts = append(parts, "by "+e.Author)
	}
	for _, key := range []string{"reason", "body"} {
		if s := payloadText(e, key); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " — ")
}
