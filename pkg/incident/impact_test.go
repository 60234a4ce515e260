package incident

import (
	"errors"
	"testing"
	"time"
)

// The impact start is set with a reason, within bounds, keeps when the
// problem was detected, and is recorded on the timeline.
func TestApplyImpactStart(t *testing.T) {
	declared := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	now := declared.Add(2 * time.Hour)
	detected := declared.Add(-5 * time.Minute)
	inc := Incident{Status: Investigating, Severity: P2, Version: 3, CreatedAt: declared,
		Details: Details{Impact: &Impact{Start: detected, From: "alert", Detected: &detected}}}
	at := func(d time.Duration) *time.Time { t := declared.Add(d); return &t }

	next, events, err := Apply(inc, Update{Version: 3, ImpactStart: at(-40 * time.Minute), Reason: "errors rose at 07:20"}, "ada", now)
	if err != nil {
		t.Fatal(err)
	}
	im := next.Details.Impact
	if !im.Start.Equal(*at(-40 * time.Minute)) || im.From != "edited" || im.Detected == nil || !im.Detected.Equal(detected) {
		t.Fatalf("impact %+v", im)
	}
	if inc.Details.Impact.From != "alert" {
		t.Fatal("Apply wrote through to the caller's impact")
	}
	if len(events) != 1 || events[0].Kind != EventImpactChanged || events[0].Author != "ada" {
		t.Fatalf("events %+v", events)
	}
	if p := DecodePayload[ImpactChangedPayload](events[0]); !p.From.Equal(detected) || !p.To.Equal(*at(-40 * time.Minute)) || p.Reason != "errors rose at 07:20" {
		t.Fatalf("payload %+v", p)
	}

	// Without a recorded impact it started at the declaration.
	plain := Incident{Status: Investigating, Version: 1, CreatedAt: declared}
	next, events, err = Apply(plain, Update{Version: 1, ImpactStart: at(-time.Hour), Reason: "r"}, "ada", now)
	if err != nil || next.Details.Impact.Detected != nil || !DecodePayload[ImpactChangedPayload](events[0]).From.Equal(declared) {
		t.Fatalf("from the declaration: %+v %+v %v", next.Details.Impact, events, err)
	}

	for name, c := range map[string]struct {
		u    Update
		path string
	}{
		"no reason":     {Update{Version: 1, ImpactStart: at(-time.Hour)}, "reason"},
		"in the future": {Update{Version: 1, ImpactStart: at(3 * time.Hour), Reason: "r"}, "impactStart"},
		"over 32 days":  {Update{Version: 1, ImpactStart: at(-MaxImpactBefore - time.Second), Reason: "r"}, "impactStart"},
		"no change":     {Update{Version: 1, ImpactStart: at(0), Reason: "r"}, ""},
		"32 days":       {Update{Version: 1, ImpactStart: at(-MaxImpactBefore), Reason: "r"}, "ok"},
	} {
		_, _, err := Apply(plain, c.u, "ada", now)
		var invalid Invalid
		switch {
		case c.path == "ok" && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.path != "ok" && (!errors.As(err, &invalid) || invalid[0].Path != c.path):
			t.Errorf("%s: want a field error at %q, got %v", name, c.path, err)
		}
	}
}

// A resolved incident takes the impact start alone (it is read in
// retrospect) or with its reopening, and nothing else.
func TestResolvedTakesTheImpactStart(t *testing.T) {
	declared := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	resolved := declared.Add(time.Hour)
	inc := Incident{Status: Resolved, ResolvedAt: &resolved, Severity: P2, Version: 7, CreatedAt: declared}
	start := declared.Add(-10 * time.Minute)
	next, events, err := Apply(inc, Update{Version: 7, ImpactStart: &start, Reason: "graph shows 07:50"}, "ada", resolved.Add(time.Hour))
	if err != nil || next.Status != Resolved || next.ResolvedAt == nil || len(events) != 1 || events[0].Kind != EventImpactChanged {
		t.Fatalf("retrospective edit: %+v %+v %v", next, events, err)
	}
	sev, inv := P1, Investigating
	if _, _, err := Apply(inc, Update{Version: 7, ImpactStart: &start, Severity: &sev, Reason: "r"}, "ada", resolved); !errors.Is(err, ErrResolved) {
		t.Fatalf("impact start with another change: %v", err)
	}
	next, events, err = Apply(inc, Update{Version: 7, ImpactStart: &start, Status: &inv, Reason: "back"}, "ada", resolved)
	if err != nil || next.Status != Investigating || len(events) != 2 || events[1].Kind != EventImpactChanged {
		t.Fatalf("reopen with impact start: %+v %v", events, err)
	}
}

// A re-evaluation offers an earlier onset as a correction, keeping what
// the start was and what grounds it; a later onset, or one later than the
// correction offered, changes nothing.
func TestProposeImpact(t *testing.T) {
	declared := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return declared.Add(d) }
	inc := Incident{CreatedAt: declared, Details: Details{}}
	if got := ProposeImpact(inc, at(time.Minute)); got.Details.Impact != nil {
		t.Fatalf("an onset after the declaration proposed %+v", got.Details.Impact)
	}
	got := ProposeImpact(inc, at(-20*time.Minute))
	if im := got.Details.Impact; im == nil || !im.Start.Equal(declared) || im.From != "declared" || !im.Proposed.Equal(at(-20*time.Minute)) {
		t.Fatalf("impact %+v; want the declaration, with -20 min proposed", got.Details.Impact)
	}
	if inc.Details.Impact != nil {
		t.Fatal("ProposeImpact wrote through to the caller's incident")
	}
	if again := ProposeImpact(got, at(-10*time.Minute)); !again.Details.Impact.Proposed.Equal(at(-20 * time.Minute)) {
		t.Fatalf("a later onset replaced the proposal: %v", again.Details.Impact.Proposed)
	}
	alert := Incident{CreatedAt: declared, Details: Details{Impact: &Impact{Start: at(-5 * time.Minute), From: "alert"}}}
	if im := ProposeImpact(alert, at(-30*time.Minute)).Details.Impact; im.From != "alert" || !im.Start.Equal(at(-5*time.Minute)) || !im.Proposed.Equal(at(-30*time.Minute)) {
		t.Fatalf("impact %+v; want the alert's start kept, -30 min proposed", im)
	}
}
