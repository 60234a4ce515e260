package incident

import (
	"strings"
	"testing"
	"time"
)

func TestFormatIDUsesUTCDayAndThreeDigits(t *testing.T) {
	la := time.FixedZone("PST", -8*3600)
	at := time.Date(2026, 11, 28, 20, 0, 0, 0, la) // already 29 Nov in UTC
	if got := FormatID(at, 7); got != "INC-2026-11-29-007" {
		t.Fatalf("got %s", got)
	}
	if got := FormatID(at, 1234); got != "INC-2026-11-29-1234" {
		t.Fatalf("a busy day must not wrap: %s", got)
	}
}

func TestDeclareNormalizeAndValidate(t *testing.T) {
	d := Declare{Title: "  API down ", Severity: P1, Services: []string{" api ", "api", "db"}}.Normalize()
	if d.Title != "API down" || strings.Join(d.Services, ",") != "api,db" {
		t.Fatalf("normalize: %+v", d)
	}
	if errs := d.Validate(); len(errs) != 0 {
		t.Fatalf("valid declare rejected: %v", errs)
	}
	bad := Declare{Title: strings.Repeat("é", MaxTitle+1), Severity: "SEV1", Services: make([]string, MaxServices+1), Links: Links{PanelID: -1}}.Normalize()
	paths := map[string]bool{}
	for _, e := range bad.Validate() {
		paths[e.Path] = true
	}
	for _, want := range []string{"title", "severity", "links.panelId"} {
		if !paths[want] {
			t.Errorf("missing error for %s in %v", want, paths)
		}
	}
	// Characters, not bytes: 200 two-byte characters are allowed.
	if errs := (Declare{Title: strings.Repeat("é", MaxTitle), Severity: P4, Services: []string{"s"}}).Validate(); len(errs) != 0 {
		t.Fatalf("200 characters rejected: %v", errs)
	}
}

func TestApplyRecordsEveryChangeWithReason(t *testing.T) {
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	inc := Incident{ID: "INC-2026-11-29-001", Title: "t", Severity: P3, Status: Investigating, Version: 4}
	sev, st := P2, Resolved
	next, events, errs := Apply(inc, Update{Version: 4, Severity: &sev, Status: &st, Reason: " error rate > 5% "}, "eddie", now)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if next.Severity != P2 || next.Status != Resolved || next.ResolvedAt == nil || !next.ResolvedAt.Equal(now) || !next.UpdatedAt.Equal(now) {
		t.Fatalf("next: %+v", next)
	}
	if len(events) != 2 || events[0].Kind != EventSeverityChanged || events[1].Kind != EventStatusChanged {
		t.Fatalf("events: %+v", events)
	}
	if events[0].Payload["from"] != P3 || events[0].Payload["to"] != P2 || events[0].Payload["reason"] != "error rate > 5%" || events[0].Author != "eddie" {
		t.Fatalf("payload: %+v", events[0])
	}
	// Reopening clears the resolution time.
	inv := Investigating
	reopened, _, errs := Apply(next, Update{Version: 5, Status: &inv}, "ada", now.Add(time.Hour))
	if len(errs) != 0 || reopened.ResolvedAt != nil {
		t.Fatalf("reopen: %+v %v", reopened, errs)
	}
}

func TestApplyRefusesEmptyOrInvalidChanges(t *testing.T) {
	inc := Incident{Title: "t", Severity: P3, Status: Investigating, Version: 1}
	same := P3
	empty := "  "
	bad := Status("closed")
	for name, u := range map[string]Update{
		"no version":     {Severity: &same},
		"no change":      {Version: 1, Severity: &same},
		"empty title":    {Version: 1, Title: &empty},
		"unknown status": {Version: 1, Status: &bad},
	} {
		if _, events, errs := Apply(inc, u, "x", time.Now()); len(errs) == 0 || events != nil {
			t.Errorf("%s: want errors and no events, got %v %v", name, errs, events)
		}
	}
}

func TestNoteEvent(t *testing.T) {
	if _, errs := NoteEvent(Note{Text: " \n "}, "x", time.Now()); len(errs) != 1 || errs[0].Path != "text" {
		t.Fatalf("empty note: %v", errs)
	}
	ev, errs := NoteEvent(Note{Text: " restarted pods "}, "x", time.Now())
	if len(errs) != 0 || ev.Kind != EventNote || ev.Payload["text"] != "restarted pods" {
		t.Fatalf("note: %+v %v", ev, errs)
	}
}

func TestControlCharactersAreRefused(t *testing.T) {
	d := Declare{Title: "a\x00b", Severity: P1, Services: []string{"s\x1b"}, Summary: "line one\nline\ttwo"}
	paths := map[string]bool{}
	for _, e := range d.Validate() {
		paths[e.Path] = true
	}
	if !paths["title"] || !paths["services[0]"] || paths["summary"] {
		t.Fatalf("want title and services[0] refused, summary kept: %v", paths)
	}
}
