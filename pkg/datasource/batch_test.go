package datasource_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/datasource"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

// TestTimelinesInBatches: events are read for a page of incidents in one
// store call, never per incident, and a scan stopped by its cap says so on
// the frame instead of silently leaving incidents out.
func TestTimelinesInBatches(t *testing.T) {
	for name, settings := range backends(t) {
		t.Run(name, func(t *testing.T) {
			counting := &storetest.ReadCounter{Store: datasource.StoreOf(open(t, settings))}
			now := day.Add(10 * time.Hour)
			ds := datasource.NewWithStore(counting, nil, name, func() time.Time { return now })
			var ids []string
			for i := range 5 {
				inc := declare(t, counting, 1, fmt.Sprintf("incident %d", i), incident.P2, day.Add(time.Duration(i)*time.Hour), 5*time.Minute)
				// Notes are neither annotations nor timer facts: never read.
				if _, err := counting.AppendEvents(t.Context(), 1, inc.ID, []store.NewEvent{{Kind: incident.EventNote, Author: "bob",
					At: inc.CreatedAt.Add(time.Minute), Payload: map[string]any{"text": "looking"}}}); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, inc.ID)
			}
			from, to := day, day.Add(9*time.Hour)
			// annotated is the distinct incident ids of rows' "id|" cells.
			annotated := func(dr []string) []string {
				var out []string
				for _, r := range dr {
					if id := strings.TrimSuffix(r, "|"); !slices.Contains(out, id) {
						out = append(out, id)
					}
				}
				return out
			}

			datasource.SetScan(ds, 2, 100)
			dr := query(t, ds, 1, `{"queryType":"annotations"}`, from, to)
			if got := annotated(rows(t, dr, "incidentId")); len(got) != 5 {
				t.Fatalf("annotated incidents %q, want all 5", got)
			}
			for _, k := range rows(t, dr, "kind") {
				if k == "note|" {
					t.Fatalf("a note became an annotation")
				}
			}
			if n := len(noticesOf(dr.Frames[0])); n != 0 {
				t.Errorf("a complete scan has %d notices", n)
			}
			if got := counting.Batches.Load(); got != 3 || counting.Lists.Load() != 0 {
				t.Fatalf("5 incidents in pages of 2: %d batched reads and %d per-incident reads, want 3 and 0", got, counting.Lists.Load())
			}

			counting.Batches.Store(0)
			datasource.SetScan(ds, 2, 4)
			for _, qt := range []string{"annotations", "incidents", "timers"} {
				dr := query(t, ds, 1, `{"queryType":"`+qt+`"}`, from, to)
				field := "incidentId"
				if qt == "incidents" {
					field = "id"
				}
				got := annotated(rows(t, dr, field))
				if want := []string{ids[4], ids[3], ids[2], ids[1]}; !sameSet(got, want) {
					t.Errorf("%s past the cap: incidents %q, want the newest four %q", qt, got, want)
				}
				notices := noticesOf(dr.Frames[0])
				if len(notices) != 1 || notices[0].Severity != data.NoticeSeverityWarning || notices[0].Text != datasource.ScanCapNotice(4) {
					t.Errorf("%s past the cap: notices %+v, want one warning", qt, notices)
				}
			}
			if got := counting.Batches.Load(); got != 4 {
				t.Errorf("annotations and timers over two pages: %d batched reads, want 4", got)
			}
		})
	}
}

func noticesOf(f *data.Frame) []data.Notice {
	if f.Meta == nil {
		return nil
	}
	return f.Meta.Notices
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestAnnotationKindsCoverTitles: the store reads only AnnotationKinds for
// annotations, so no other kind may have a title.
func TestAnnotationKindsCoverTitles(t *testing.T) {
	for _, k := range []incident.EventKind{incident.EventNote, incident.EventTitleChanged, incident.EventReopened,
		incident.EventChecklist, incident.EventRolesChanged, incident.EventReportsChanged, incident.EventFlagsChanged,
		incident.EventPostmortem, incident.EventAlertFiring, incident.EventAlertResolved, incident.EventSeveritySuggested,
		incident.EventEscalation, incident.EventUpdateDue, incident.EventNotificationDelivered,
		incident.EventNotificationFailed, incident.EventRemediationRun} {
		if slices.Contains(datasource.AnnotationKinds, k) {
			continue
		}
		e := incident.Event{Kind: k, Payload: map[string]any{"from": "P3", "to": "resolved", "step": "acknowledge", "subject": "s"}}
		if title := datasource.EventTitle(e); title != "" {
			t.Errorf("%s has the title %q but is not in AnnotationKinds: its annotations would never be read", k, title)
		}
	}
}
