package board

import (
	"fmt"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// The panel's order: the worst running timer state, then the most severe
// level, then the soonest running deadline, then the id. Among warning rows
// the soonest deadline may be an ok timer's: the store ranks its stored
// timers by that one column (UrgentIncidents).
func TestSortByUrgency(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	row := func(id string, sev incident.Severity, timer ...timers.Timer) Row {
		return Row{Incident: incident.Incident{ID: id, Severity: sev}, Output: timers.Output{Timers: timer}}
	}
	due := func(state timers.State, min int) timers.Timer {
		d := at.Add(time.Duration(min) * time.Minute)
		return timers.Timer{State: state, Due: &d}
	}
	rows := []Row{
		row("quiet-p1", incident.P1),
		row("ok-p2-late", incident.P2, due(timers.OK, 30)),
		row("ok-p2-soon", incident.P2, due(timers.OK, 5)),
		row("warning-p3", incident.P3, due(timers.Warning, 10), due(timers.OK, 1)),
		row("warning-p3-later", incident.P3, due(timers.Warning, 5), due(timers.Met, -1)),
		row("breached-p4", incident.P4, due(timers.Breached, -5), due(timers.Stopped, -60)),
		row("ok-p1", incident.P1, due(timers.OK, 50)),
		row("b-ok-p2-soon", incident.P2, due(timers.OK, 5)),
	}
	SortByUrgency(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.Incident.ID)
	}
	want := "[breached-p4 warning-p3 warning-p3-later ok-p1 b-ok-p2-soon ok-p2-soon ok-p2-late quiet-p1]"
	if fmt.Sprint(got) != want {
		t.Fatalf("order %v\nwant  %s", got, want)
	}
}

// The list's "Next deadline": the running timer due first, an overdue one
// before any ahead; finished timers and timers without a due time never.
func TestSoonest(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	due := func(kind string, state timers.State, min int) timers.Timer {
		d := at.Add(time.Duration(min) * time.Minute)
		return timers.Timer{Kind: kind, State: state, Due: &d}
	}
	cases := []struct {
		name   string
		timers []timers.Timer
		want   string
	}{
		{"none", nil, ""},
		{"only finished", []timers.Timer{due("respond", timers.Met, -5), due("resolve", timers.Stopped, -1)}, ""},
		{"no due time", []timers.Timer{{Kind: "escalation", State: timers.Breached}}, ""},
		{"earliest ahead", []timers.Timer{due("resolve", timers.OK, 480), due("respond", timers.Warning, 30), due("update", timers.OK, 31)}, "respond"},
		{"overdue first", []timers.Timer{due("respond", timers.OK, 5), due("update", timers.Breached, -10), due("respond", timers.Missed, -20)}, "update"},
	}
	for _, c := range cases {
		got := Soonest(c.timers)
		if (got == nil && c.want != "") || (got != nil && got.Kind != c.want) {
			t.Errorf("%s: %+v, want %q", c.name, got, c.want)
		}
	}
}
