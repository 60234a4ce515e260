package scheduler_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// engines opens a fresh store of each dialect.
var engines = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"sqlite", func(t *testing.T) store.Store { return openStore(t, filepath.Join(t.TempDir(), "warroom.db")) }},
	{"postgres", func(t *testing.T) store.Store {
		st, err := postgres.Open(t.Context(), testpg.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}},
}

// One incident whose firings cannot be committed must not silence the
// others: it is skipped and reported, and every other incident of every org
// fires in the same tick. The poison is real data written through the store
// as an older release (or a hand edit) could have left it, not a fake:
//   - org 1 runs an incident under a policy version that does not decode
//     (a decode error);
//   - org 2 runs one under a policy whose tier names the responder with a
//     NUL: the escalation event carries it, and PostgreSQL refuses NUL in
//     jsonb ("unsupported Unicode escape sequence"), so its Commit fails
//     there; SQLite stores it, so there it fires (the API refuses NUL on
//     both stores, so new policies cannot carry one).
func TestTickSkipsWhatItCannotCommitAndFiresTheRest(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			ctx := t.Context()
			st := eng.open(t)
			if _, err := st.SavePolicy(ctx, 1, 1, []byte(`{"version":2,"levels":"not a list"}`), "admin", t0); err != nil {
				t.Fatal(err)
			}
			nul := policy.Default()
			for i := range nul.Levels {
				for j := range nul.Levels[i].Tiers {
					nul.Levels[i].Tiers[j].Who = "Tech\x00lead"
				}
			}
			nul.Version = 2
			body, _ := json.Marshal(nul)
			if _, err := st.SavePolicy(ctx, 2, 1, body, "admin", t0); err != nil {
				t.Fatal(err)
			}
			create := func(org int64, title string, policyVersion int) string {
				t.Helper()
				inc, err := st.CreateIncident(ctx, org, store.NewIncident{Title: title, Severity: incident.P3, Status: incident.Investigating,
					Author: "ada", At: t0, Details: incident.Details{PolicyVersion: policyVersion}.Normalize()},
					[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}})
				if err != nil {
					t.Fatal(err)
				}
				return inc.ID
			}
			// Healthy incidents run under the default policy (version 1), on
			// both sides of each poisoned one in (org, id) order.
			healthy := []struct {
				org int64
				id  string
			}{{1, create(1, "healthy before", 1)}}
			badDecode := create(1, "policy not JSON", 2)
			healthy = append(healthy, struct {
				org int64
				id  string
			}{1, create(1, "healthy after", 1)})
			badNUL := create(2, "NUL in the policy", 2)
			healthy = append(healthy, struct {
				org int64
				id  string
			}{2, create(2, "healthy in org 2", 1)})

			// Small pages: the skip must not end the page walk either.
			s := &scheduler.Scheduler{Store: st, PageSize: 2}
			stats, err := s.Tick(ctx, t0.Add(31*time.Minute))
			if err != nil {
				t.Fatalf("tick failed as a whole: %v", err)
			}
			var skipped []string
			for _, sk := range stats.Skipped {
				skipped = append(skipped, fmt.Sprintf("%d/%s", sk.OrgID, sk.IncidentID))
				if sk.Reason == "" {
					t.Errorf("skip of %s has no reason", sk.IncidentID)
				}
			}
			want := []string{"1/" + badDecode}
			if eng.name == "postgres" {
				want = append(want, "2/"+badNUL)
			}
			if !slices.Equal(skipped, want) {
				t.Fatalf("skipped %v, want %v", skipped, want)
			}
			if stats.Incidents != 5 {
				t.Errorf("examined %d incidents, want 5", stats.Incidents)
			}
			// Each healthy incident got what is owed at 31m: the suggested P3 rule
			// and the 30-minute tier.
			for _, h := range healthy {
				if got := escalations(t, st, h.org, h.id); fmt.Sprint(got) != "[rule:p3-persists:P3 tier:P3:1]" {
					t.Errorf("healthy incident %d/%s: escalations %v, want the suggested rule and tier:P3:1", h.org, h.id, got)
				}
			}
			if got := escalations(t, st, 1, badDecode); len(got) != 0 {
				t.Errorf("the skipped incident has escalations %v", got)
			}
			if eng.name == "postgres" && !strings.Contains(stats.Skipped[1].Reason, "Unicode") {
				t.Errorf("reason %q does not say what PostgreSQL refused", stats.Skipped[1].Reason)
			}

			// The next tick fires nothing again for the healthy ones and
			// skips the poisoned ones again (they are retried, not dropped).
			again, err := s.Tick(ctx, t0.Add(32*time.Minute))
			if err != nil || again.Fired != 0 || len(again.Skipped) != len(want) {
				t.Fatalf("second tick: fired %d, skipped %d (%v), want 0 and %d", again.Fired, len(again.Skipped), err, len(want))
			}
		})
	}
}

func escalations(t *testing.T, st store.Store, org int64, id string) []string {
	t.Helper()
	evs, err := st.ListEvents(t.Context(), org, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range evs {
		if e.Kind == incident.EventEscalation {
			keys = append(keys, fmt.Sprint(e.Payload["key"]))
		}
	}
	return keys
}
