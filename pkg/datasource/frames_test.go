package datasource

import (
	"encoding/json"
	"flag"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var t0 = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func ptr[T any](v T) *T { return &v }

// sample is two incidents: INC-1 (P2, api) declared at +0, acknowledged,
// escalated to P1, mitigated, resolved at +50; INC-2 (P3, web) declared at
// +40 and still open.
func sample() []Timeline {
	inc1 := incident.Incident{OrgID: 1, ID: "INC-2026-11-29-001", Title: "API 502s", Severity: incident.P1,
		Status: incident.Resolved, Services: []string{"api"}, CreatedBy: "alice", CreatedAt: at(0), ResolvedAt: ptr(at(50)),
		Details: incident.Details{Links: incident.Links{DashboardUID: "svc", PanelID: 2}}}
	inc2 := incident.Incident{OrgID: 1, ID: "INC-2026-11-29-002", Title: "Slow pages", Severity: incident.P3,
		Status: incident.Investigating, Services: []string{"web"}, CreatedBy: "bob", CreatedAt: at(40)}
	ev := func(id string, seq int64, kind incident.EventKind, min int, payload map[string]any) incident.Event {
		return incident.Event{OrgID: 1, IncidentID: id, Seq: seq, Kind: kind, Author: "alice", At: at(min), Payload: payload}
	}
	return []Timeline{
		{Incident: inc2, Events: []incident.Event{
			ev(inc2.ID, 1, incident.EventDeclared, 40, nil),
			ev(inc2.ID, 2, incident.EventNote, 41, map[string]any{"text": "looking"}),
		}},
		{Incident: inc1, Events: []incident.Event{
			ev(inc1.ID, 1, incident.EventDeclared, 0, nil),
			ev(inc1.ID, 2, incident.EventStepCompleted, 5, map[string]any{"step": "acknowledge"}),
			ev(inc1.ID, 3, incident.EventSeverityChanged, 10, map[string]any{"from": "P2", "to": "P1", "reason": "two services down"}),
			ev(inc1.ID, 4, incident.EventStatusUpdate, 15, map[string]any{"subject": "Investigating", "body": "We see 502s."}),
			ev(inc1.ID, 5, incident.EventDiagnosticsRun, 20, nil),
			ev(inc1.ID, 6, incident.EventStepCompleted, 30, map[string]any{"step": "mitigate"}),
			ev(inc1.ID, 7, incident.EventChecklist, 31, map[string]any{"id": "ticket"}),
			ev(inc1.ID, 8, incident.EventStatusChanged, 50, map[string]any{"from": "monitoring", "to": "resolved"}),
		}},
	}
}

func TestAnnotationFrameGolden(t *testing.T) {
	f := AnnotationFrame("A", sample(), Query{QueryType: QueryAnnotations}, Range{From: at(-60), To: at(120)}, at(60))
	experimental.CheckGoldenJSONFrame(t, "testdata", "annotations", f, *update)
}

func TestIncidentsFrameGolden(t *testing.T) {
	f := IncidentsFrame("A", sample(), Query{QueryType: QueryIncidents}, Range{From: at(-60), To: at(120)})
	experimental.CheckGoldenJSONFrame(t, "testdata", "incidents", f, *update)
}

func TestTimersFrameGolden(t *testing.T) {
	f := TimersFrame("A", sample(), Query{QueryType: QueryTimers}, at(60), func(incident.Incident) policy.Policy { return policy.Default() })
	experimental.CheckGoldenJSONFrame(t, "testdata", "timers", f, *update)
}

// TestOnCallFrameGolden: someone on by an override with the next person,
// nobody on with someone due, an unreadable document and an id not found.
func TestOnCallFrameGolden(t *testing.T) {
	rotation := `{"participants":["alice","bob"],"every":1,"unit":"days","start":"2026-11-01T09:00"}`
	recs := []store.ScheduleRecord{
		{ID: "broken", Name: "Broken", Body: []byte(`not json`)},
		{ID: "primary", Name: "Primary", Body: []byte(`{"id":"primary","name":"Primary","timeZone":"UTC","layers":[{"name":"daily","rotation":` +
			rotation + `}],"overrides":[{"id":"o1","user":"carol","start":"2026-11-29T08:30:00Z","end":"2026-11-29T11:00:00Z"}]}`)},
		{ID: "later", Name: "Later", Body: []byte(`{"id":"later","name":"Later","timeZone":"UTC","layers":[{"name":"daily","rotation":` +
			strings.Replace(rotation, "2026-11-01", "2026-12-01", 1) + `}]}`)},
		{ID: "other", Name: "Other", Body: []byte(`{}`)},
	}
	f := OnCallFrame("A", recs, Query{QueryType: QueryOnCall, Schedules: []string{"primary", "later", "broken", "gone"}}, at(60))
	experimental.CheckGoldenJSONFrame(t, "testdata", "oncall", f, *update)
}

func TestAnnotationRows(t *testing.T) {
	cases := []struct {
		name    string
		q       Query
		r       Range
		now     time.Time
		titles  []string
		regions map[string]time.Time // incident id → region end
	}{
		{name: "every marked event and both regions; the open one ends now",
			q: Query{}, r: Range{From: at(-60), To: at(120)}, now: at(60),
			titles: []string{"INC-2026-11-29-002 P3: Slow pages", "INC-2026-11-29-002 Declared",
				"INC-2026-11-29-001 P1: API 502s", "INC-2026-11-29-001 Declared", "INC-2026-11-29-001 Acknowledged",
				"INC-2026-11-29-001 Severity P2 → P1", "INC-2026-11-29-001 Status update: Investigating",
				"INC-2026-11-29-001 Diagnostics run", "INC-2026-11-29-001 Mitigated", "INC-2026-11-29-001 Resolved"},
			regions: map[string]time.Time{"INC-2026-11-29-001": at(50), "INC-2026-11-29-002": at(60)}},
		{name: "an open incident ends at the range end when now is later",
			q: Query{Service: "web"}, r: Range{From: at(30), To: at(45)}, now: at(600),
			titles:  []string{"INC-2026-11-29-002 P3: Slow pages", "INC-2026-11-29-002 Declared"},
			regions: map[string]time.Time{"INC-2026-11-29-002": at(45)}},
		{name: "events outside the range are left out, the overlapping region stays",
			q: Query{}, r: Range{From: at(12), To: at(25)}, now: at(60),
			titles: []string{"INC-2026-11-29-001 P1: API 502s", "INC-2026-11-29-001 Status update: Investigating",
				"INC-2026-11-29-001 Diagnostics run"},
			regions: map[string]time.Time{"INC-2026-11-29-001": at(50)}},
		{name: "a range after the resolution shows nothing of it",
			q: Query{Service: "api"}, r: Range{From: at(51), To: at(120)}, now: at(130), titles: []string{}},
		{name: "severity filter", q: Query{Severity: "P3"}, r: Range{From: at(-60), To: at(120)}, now: at(60),
			titles:  []string{"INC-2026-11-29-002 P3: Slow pages", "INC-2026-11-29-002 Declared"},
			regions: map[string]time.Time{"INC-2026-11-29-002": at(60)}},
		{name: "tag filter by incident id", q: Query{Tag: "INC-2026-11-29-001"}, r: Range{From: at(40), To: at(45)}, now: at(60),
			titles:  []string{"INC-2026-11-29-001 P1: API 502s"},
			regions: map[string]time.Time{"INC-2026-11-29-001": at(50)}},
		{name: "unknown tag matches nothing", q: Query{Tag: "nope"}, r: Range{From: at(-60), To: at(120)}, now: at(60), titles: []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := AnnotationFrame("A", sample(), c.q, c.r, c.now)
			titles := []string{}
			for i := 0; i < f.Rows(); i++ {
				title := f.Fields[2].At(i).(string)
				titles = append(titles, title)
				kind := f.Fields[6].At(i).(string)
				start, end := f.Fields[0].At(i).(time.Time), f.Fields[1].At(i).(time.Time)
				if kind == "duration" {
					id := f.Fields[5].At(i).(string)
					if want := c.regions[id]; !end.Equal(want) {
						t.Errorf("region of %s ends %v, want %v", id, end, want)
					}
				} else if !start.Equal(end) {
					t.Errorf("event %q is a region (%v..%v), want a point", title, start, end)
				}
			}
			if len(titles) != len(c.titles) {
				t.Fatalf("titles = %q, want %q", titles, c.titles)
			}
			for i := range titles {
				if titles[i] != c.titles[i] {
					t.Fatalf("titles = %q, want %q", titles, c.titles)
				}
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	cases := []struct {
		raw, qt string
		want    Query
		err     bool
	}{
		{raw: `{}`, want: Query{QueryType: QueryAnnotations}},
		{raw: `{"refId":"A","queryType":"incidents","service":" api ","severity":"p2"}`, want: Query{QueryType: QueryIncidents, Service: "api", Severity: "P2"}},
		{raw: `{"tag":"INC-1"}`, qt: "timers", want: Query{QueryType: QueryTimers, Tag: "INC-1"}},
		{raw: `{"queryType":"logs"}`, err: true},
		{raw: `{"severity":"P9"}`, err: true},
		{raw: `not json`, err: true},
		{raw: `{"queryType":"oncall"}`, want: Query{QueryType: QueryOnCall}},
		{raw: `{"schedules":["primary"]}`, qt: "oncall", want: Query{QueryType: QueryOnCall, Schedules: []string{"primary"}}},
		{raw: `{"queryType":"oncall","schedules":[" primary ","weekend","primary"]}`,
			want: Query{QueryType: QueryOnCall, Schedules: []string{"primary", "weekend"}}},
		{raw: `{"queryType":"oncall","schedules":[]}`, want: Query{QueryType: QueryOnCall}},
		{raw: `{"queryType":"oncall","schedules":["` + strings.Repeat("é", 64) + `"]}`,
			want: Query{QueryType: QueryOnCall, Schedules: []string{strings.Repeat("é", 64)}}},
		{raw: `{"queryType":"oncall","schedules":["` + strings.Repeat("a", 65) + `"]}`, err: true},
		{raw: `{"queryType":"oncall","schedules":["primary",""]}`, err: true},
		{raw: `{"queryType":"oncall","schedules":["  "]}`, err: true},
		{raw: `{"queryType":"oncall","schedules":[1]}`, err: true},
		{raw: `{"queryType":"oncall","schedules":"primary"}`, err: true},
		{raw: `{"queryType":"oncall","schedules":` + asJSON(scheduleIDs(50)) + `}`, want: Query{QueryType: QueryOnCall, Schedules: scheduleIDs(50)}},
		{raw: `{"queryType":"oncall","schedules":` + asJSON(scheduleIDs(51)) + `}`, err: true},
		{raw: `{"queryType":"on-call"}`, err: true},
	}
	for _, c := range cases {
		got, err := ParseQuery([]byte(c.raw), c.qt)
		if (err != nil) != c.err || (!c.err && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("ParseQuery(%s, %q) = %+v, %v; want %+v, error %v", c.raw, c.qt, got, err, c.want, c.err)
		}
	}
}

// scheduleIDs are n distinct schedule ids.
func scheduleIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("s%d", i)
	}
	return ids
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestEventTitleReadsThePayloadTypes: EventTitle and eventText read payload
// keys by name; these are the JSON names of pkg/incident's payload types.
func TestEventTitleReadsThePayloadTypes(t *testing.T) {
	event := func(kind incident.EventKind, payload any) incident.Event {
		b, _ := json.Marshal(payload)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return incident.Event{Kind: kind, Author: "alice", Payload: m}
	}
	cases := []struct {
		e           incident.Event
		title, text string
	}{
		{event(incident.EventSeverityChanged, incident.SeverityChangedPayload{From: incident.P2, To: incident.P1, Reason: "spreading"}),
			"Severity P2 → P1", "by alice — spreading"},
		{event(incident.EventStatusUpdate, incident.StatusUpdatePayload{Subject: "Identified", Body: "bad deploy"}),
			"Status update: Identified", "by alice — bad deploy"},
		{event(incident.EventStatusChanged, incident.StatusChangedPayload{From: incident.Monitoring, To: incident.Resolved}), "Resolved", "by alice"},
		{event(incident.EventStatusChanged, incident.StatusChangedPayload{From: incident.Investigating, To: incident.Identified}), "", "by alice"},
		{event(incident.EventStepCompleted, incident.StepCompletedPayload{Step: "acknowledge"}), "Acknowledged", "by alice"},
		{event(incident.EventStepCompleted, incident.StepCompletedPayload{Step: "mitigate", Reason: "rolled back"}), "Mitigated", "by alice — rolled back"},
	}
	for _, c := range cases {
		if got := EventTitle(c.e); got != c.title {
			t.Errorf("%s %v: title %q, want %q", c.e.Kind, c.e.Payload, got, c.title)
		}
		if got := eventText(c.e); got != c.text {
			t.Errorf("%s %v: text %q, want %q", c.e.Kind, c.e.Payload, got, c.text)
		}
	}
}
