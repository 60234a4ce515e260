package incident

import (
	"errors"
	"fmt"
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
	next, events, err := Apply(inc, Update{Version: 4, Severity: &sev, Status: &st, Reason: " error rate > 5% "}, "eddie", now)
	if err != nil {
		t.Fatal(err)
	}
	if next.Severity != P2 || next.Status != Resolved || next.ResolvedAt == nil || !next.ResolvedAt.Equal(now) || !next.UpdatedAt.Equal(now) {
		t.Fatalf("next: %+v", next)
	}
	kinds := []EventKind{}
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	if fmt.Sprint(kinds) != "[severity_changed status_changed step_completed]" {
		t.Fatalf("events: %v", kinds)
	}
	if events[0].Payload["from"] != P3 || events[0].Payload["to"] != P2 || events[0].Payload["reason"] != "error rate > 5%" || events[0].Author != "eddie" {
		t.Fatalf("payload: %+v", events[0])
	}
	if next.Details.Steps["resolve"].By != "eddie" {
		t.Fatalf("resolving marks the resolve step: %+v", next.Details.Steps)
	}
}

func TestResolvedIsReadOnlyUntilReopenedWithAReason(t *testing.T) {
	now := time.Now()
	inc := Incident{Status: Resolved, ResolvedAt: &now, Severity: P2, Version: 7}
	sev, inv, res := P1, Investigating, Resolved
	reports := 4
	for name, u := range map[string]Update{
		"severity":        {Version: 7, Severity: &sev},
		"reports":         {Version: 7, CustomerReports: &reports},
		"resolve again":   {Version: 7, Status: &res, Reason: "x"},
		"reopen and more": {Version: 7, Status: &inv, Severity: &sev, Reason: "x"},
	} {
		if _, _, err := Apply(inc, u, "x", now); !errors.Is(err, ErrResolved) {
			t.Errorf("%s: want ErrResolved, got %v", name, err)
		}
	}
	var invalid Invalid
	if _, _, err := Apply(inc, Update{Version: 7, Status: &inv}, "x", now); !errors.As(err, &invalid) || invalid[0].Path != "reason" {
		t.Fatalf("reopen without reason: %v", err)
	}
	next, events, err := Apply(inc, Update{Version: 7, Status: &inv, Reason: "errors are back"}, "ada", now)
	if err != nil || next.Status != Investigating || next.ResolvedAt != nil || len(events) != 1 || events[0].Kind != EventReopened || events[0].Payload["reason"] != "errors are back" {
		t.Fatalf("reopen: %+v %+v %v", next, events, err)
	}
}

func TestApplyResponseFields(t *testing.T) {
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	inc := Incident{Status: Investigating, Severity: P2, Version: 1, Details: Details{Checklist: DefaultChecklist()}}
	reports := 4
	u := Update{Version: 1, Roles: &Roles{Commander: " Ada ", Responders: []string{"eddie", " eddie", ""}}, CustomerReports: &reports,
		Flags: &Flags{DataIntegrityAtRisk: true}, CompleteSteps: []StepName{"acknowledge", "acknowledge"}, Checklist: map[string]bool{"ticket": true}}
	next, events, err := Apply(inc, u, "eddie", now)
	if err != nil {
		t.Fatal(err)
	}
	d := next.Details
	if d.Roles.Commander != "Ada" || fmt.Sprint(d.Roles.Responders) != "[eddie]" || d.CustomerReports != 4 || !d.Flags.DataIntegrityAtRisk {
		t.Fatalf("details: %+v", d)
	}
	if d.Steps["acknowledge"].By != "eddie" || !d.Steps["acknowledge"].At.Equal(now) || !d.Checklist[1].Done || d.Checklist[1].By != "eddie" {
		t.Fatalf("steps/checklist: %+v %+v", d.Steps, d.Checklist)
	}
	if inc.Details.Checklist[1].Done {
		t.Fatal("Apply wrote through to the caller's checklist")
	}
	if len(events) != 5 {
		t.Fatalf("want 5 events (roles, reports, flags, step once, checklist), got %d: %+v", len(events), events)
	}
	// The same again changes nothing.
	if _, _, err := Apply(next, Update{Version: 2, CompleteSteps: []StepName{"acknowledge"}, Checklist: map[string]bool{"ticket": true}}, "x", now); err == nil {
		t.Fatal("a repeated change must be refused as changing nothing")
	}
	var invalid Invalid
	if _, _, err := Apply(next, Update{Version: 2, CompleteSteps: []StepName{"dance"}, Checklist: map[string]bool{"nope": true}}, "x", now); !errors.As(err, &invalid) {
		t.Fatalf("unknown step/item: %v", err)
	}
}

func TestApplyRefusesEmptyOrInvalidChanges(t *testing.T) {
	inc := Incident{Title: "t", Severity: P3, Status: Investigating, Version: 1}
	same := P3
	empty := "  "
	bad := Status("closed")
	neg := -1
	for name, u := range map[string]Update{
		"no version":       {Severity: &same},
		"no change":        {Version: 1, Severity: &same},
		"empty title":      {Version: 1, Title: &empty},
		"unknown status":   {Version: 1, Status: &bad},
		"negative reports": {Version: 1, CustomerReports: &neg},
	} {
		var invalid Invalid
		if _, events, err := Apply(inc, u, "x", time.Now()); !errors.As(err, &invalid) || events != nil {
			t.Errorf("%s: want Invalid and no events, got %v %v", name, err, events)
		}
	}
}

func TestStatusUpdateEvent(t *testing.T) {
	if _, errs := StatusUpdateEvent(StatusUpdate{Subject: "s", Body: " "}, "x", time.Now()); len(errs) != 1 || errs[0].Path != "body" {
		t.Fatalf("empty body: %v", errs)
	}
	ev, errs := StatusUpdateEvent(StatusUpdate{TemplateID: "status-investigating", Subject: " S ", Body: "line\nline"}, "x", time.Now())
	if len(errs) != 0 || ev.Kind != EventStatusUpdate || ev.Payload["subject"] != "S" || ev.Payload["templateId"] != "status-investigating" {
		t.Fatalf("update: %+v %v", ev, errs)
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
