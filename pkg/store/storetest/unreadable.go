package storetest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// RawExec is what a dialect's tests add to its store, in a _test.go file of
// its package so production builds lack it: a statement run as is, for
// cases that need rows the store's API would never write.
type RawExec interface {
	ExecRaw(ctx context.Context, query string) error
}

// safeID is what an incident id looks like, so it can be spliced into SQL.
var safeID = regexp.MustCompile(`^INC-[0-9-]+$`)

func rawExec(t *testing.T, st store.Store, format string, args ...any) {
	t.Helper()
	raw, ok := st.(RawExec)
	if !ok {
		t.Fatalf("%T has no ExecRaw: add it in a _test.go file of its package (see RawExec)", st)
	}
	spliceable(t, args)
	if err := raw.ExecRaw(t.Context(), fmt.Sprintf(format, args...)); err != nil {
		t.Fatalf("raw write: %v", err)
	}
}

// spliceable fails the test unless every string of args is an id safe to
// splice into SQL.
func spliceable(t *testing.T, args []any) {
	t.Helper()
	for _, a := range args {
		if s, ok := a.(string); ok && !safeID.MatchString(s) {
			t.Fatalf("refusing to splice %q into SQL", s)
		}
	}
}

// testDueIncidentsSkipUnreadable: an incident whose details, or one of
// whose timer events' payloads, no longer decode is reported in its place
// in the page (Err, key only) and the rest of the page and the pages after
// it read as before. The bad values are JSON of the wrong shape, written
// straight into the columns: valid JSON, so PostgreSQL's jsonb holds them
// too, but not what the store's types decode.
func testDueIncidentsSkipUnreadable(t *testing.T, st store.Store) {
	ctx := t.Context()
	create := func(org int64, title string) incident.Incident {
		return mustCreate(t, st, org, newInc(title, day0), declared(day0, nil))
	}
	before := create(1, "healthy before")
	badDetails := create(1, "details of the wrong shape")
	between := create(1, "healthy between")
	sev := mustAppend(t, st, 1, between.ID, store.NewEvent{Kind: incident.EventSeverityChanged, Author: "ada",
		At: day0.Add(time.Hour), Payload: map[string]any{"from": "P2", "to": "P1"}})
	badEvent := create(1, "a timer event of the wrong shape")
	bad := mustAppend(t, st, 1, badEvent.ID, store.NewEvent{Kind: incident.EventSeverityChanged, Author: "ada",
		At: day0.Add(time.Hour), Payload: map[string]any{"from": "P2", "to": "P1"}})
	badNote := create(1, "a bad note, which the timers do not read")
	note := mustAppend(t, st, 1, badNote.ID, notes(1, day0.Add(time.Minute))...)
	other := create(2, "another org")

	rawExec(t, st, `UPDATE incidents SET details = '{"customerReports":"many"}' WHERE org_id = 1 AND id = '%s'`, badDetails.ID)
	for _, ev := range []incident.Event{bad[0], note[0]} {
		rawExec(t, st, `UPDATE events SET payload = '[1]' WHERE org_id = 1 AND incident_id = '%s' AND seq = %d`, ev.IncidentID, ev.Seq)
	}

	wantOrder := []incident.Incident{before, badDetails, between, badEvent, badNote, other}
	unreadable := map[string]string{badDetails.ID: "details", badEvent.ID: "payload"}
	for _, limit := range []int{2, 3, 10} {
		t.Run(fmt.Sprintf("pages of %d", limit), func(t *testing.T) {
			var got []store.DueIncident
			var cur store.Cursor
			for range 10 {
				page, err := st.DueIncidents(ctx, day0, cur, limit)
				if err != nil {
					t.Fatalf("after %+v: the page failed as a whole: %v", cur, err)
				}
				got = append(got, page...)
				if len(page) < limit {
					break
				}
				last := page[len(page)-1].Incident
				cur = store.Cursor{OrgID: last.OrgID, ID: last.ID}
			}
			if len(got) != len(wantOrder) {
				t.Fatalf("read %d incidents, want %d: %+v", len(got), len(wantOrder), got)
			}
			for i, want := range wantOrder {
				oi := got[i]
				if oi.Incident.OrgID != want.OrgID || oi.Incident.ID != want.ID {
					t.Fatalf("entry %d is %d/%s, want %d/%s", i, oi.Incident.OrgID, oi.Incident.ID, want.OrgID, want.ID)
				}
				word, isBad := unreadable[want.ID]
				switch {
				case isBad && oi.Err == nil:
					t.Errorf("%s: no Err, want one about its %s", want.Title, word)
				case isBad && !strings.Contains(oi.Err.Error(), word):
					t.Errorf("%s: Err %q does not name the %s", want.Title, oi.Err, word)
				case isBad && (oi.Incident.Title != "" || len(oi.Events) != 0):
					t.Errorf("%s: unreadable but carries data: %+v", want.Title, oi)
				case !isBad && oi.Err != nil:
					t.Errorf("%s: healthy but Err %v", want.Title, oi.Err)
				case !isBad && oi.Incident.Title != want.Title:
					t.Errorf("%s: title %q", want.Title, oi.Incident.Title)
				}
			}
			sameEvents(t, "the healthy neighbour's timer events", got[2].Events, sev)
		})
	}
}
