package postmortem

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func paths(errs []incident.FieldError) map[string]string {
	m := map[string]string{}
	for _, e := range errs {
		m[e.Path] = e.Message
	}
	return m
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestLimitsAcceptAFullDocument(t *testing.T) {
	d := Doc{Reporter: strings.Repeat("r", MaxName), Summary: strings.Repeat("s", 1000),
		Whys: repeat(strings.Repeat("w", 200), MaxWhys), Links: repeat("https://grafana.example/d/abc?viewPanel=2", MaxLinks),
		ActionItems: []ActionItem{{Action: strings.Repeat("a", MaxItemText), Owner: strings.Repeat("o", MaxName), Priority: "High", Due: "2026-12-01"}}}
	if errs := d.Validate(); len(errs) != 0 {
		t.Fatalf("a document at the limits is refused: %+v", errs)
	}
}

func TestLimitsNameEachField(t *testing.T) {
	d := Doc{
		Reporter:     strings.Repeat("r", MaxName+1),
		Reviewers:    repeat("x", MaxReviewers+1),
		WhatHappened: strings.Repeat("é", MaxLongText+1), // characters, not bytes
		Whys:         []string{"ok", strings.Repeat("w", MaxItemText+1)},
		Features:     repeat("f", MaxListItems+1),
		ActionItems:  make([]ActionItem, MaxActionItems+1),
		Links:        []string{"https://ok.example", "two links here", strings.Repeat("l", MaxLink+1)},
	}
	got := paths(d.checkLimits())
	for _, want := range []string{"reporter", "reviewers", "whatHappened", "whys[1]", "featuresAffected", "actionItems", "links[1]", "links[2]"} {
		if got[want] == "" {
			t.Errorf("no error at %s; got %v", want, got)
		}
	}
	if len(got) != 8 {
		t.Errorf("unexpected errors: %v", got)
	}
	// Validate does not list the per-item problems of a list over its count.
	if n := len(d.Validate()); n > 20 {
		t.Errorf("Validate lists %d errors for an oversized list", n)
	}
}

func TestLimitsTotalSize(t *testing.T) {
	// Every field within its own limit, the whole over 64 KiB.
	d := Doc{Summary: strings.Repeat("s", MaxLongText), WhatHappened: strings.Repeat("w", MaxLongText),
		Detection: strings.Repeat("d", MaxLongText), DataImpact: strings.Repeat("i", MaxLongText),
		WentWell: repeat(strings.Repeat("g", MaxItemText), MaxListItems)}
	errs := d.checkLimits()
	if len(errs) != 1 || errs[0].Path != "" || !strings.Contains(errs[0].Message, "64 KiB") {
		t.Fatalf("errors = %+v", errs)
	}
}

func TestMarkdownTimelineRowsAreBounded(t *testing.T) {
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	inc := incident.Incident{ID: "INC-2026-12-01-001", Title: "t", Severity: incident.P2, CreatedAt: at}
	events := make([]incident.Event, MaxTimelineRows+7)
	for i := range events {
		events[i] = incident.Event{Kind: incident.EventNote, At: at, Payload: map[string]any{"text": "n"}}
	}
	md := Markdown(inc, events, Doc{}, "P", at)
	if n := strings.Count(md, "| 2026-12-01 08:00 |"); n != MaxTimelineRows {
		t.Errorf("%d timeline rows, want %d", n, MaxTimelineRows)
	}
	if !strings.Contains(md, "7 more events") {
		t.Error("the rows left out are not counted")
	}
}
