package stores_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// bruteForce is the record of every incident of org 1, each recomputed
// from its whole timeline (ListEvents), its incident (GetIncident, found by
// the list) and its timers under its policy version at now: what the
// stored records must all equal, and how many events they read. Four
// readers share the timelines.
func bruteForce(b *testing.B, st store.Store, now time.Time) ([]insights.Row, int) {
	ctx := b.Context()
	var incs []incident.Incident
	for {
		page, err := st.ListIncidents(ctx, 1, store.Filter{Sort: store.SortCreated, Limit: 500, Offset: len(incs), WithoutPostmortem: true})
		if err != nil {
			b.Fatal(err)
		}
		incs = append(incs, page.Items...)
		if len(page.Items) < 500 {
			break
		}
	}
	rows := make([]insights.Row, len(incs))
	errs, events := make([]error, 4), make([]int, 4)
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for i := w; i < len(incs) && errs[w] == nil; i += len(errs) {
				inc, err := st.GetIncident(ctx, 1, incs[i].ID)
				if err != nil {
					errs[w] = err
					return
				}
				evs, err := st.ListEvents(ctx, 1, inc.ID, 0)
				if err != nil {
					errs[w] = err
					return
				}
				events[w] += len(evs)
				pol, err := policystore.Version(ctx, st, 1, inc.Details.PolicyVersion)
				if err != nil {
					errs[w] = err
					return
				}
				rows[i] = insights.Row{Record: insights.Derive(inc, evs, timers.Compute(timers.Input{Incident: inc, Events: evs, Policy: pol, Now: now})),
					Title: inc.Title, Services: inc.Services}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
	return rows, events[0] + events[1] + events[2] + events[3]
}
