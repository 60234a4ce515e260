package insightsstore_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/insights/insightsstore"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

func TestMain(m *testing.M) { testpg.Main(m) }

var t0 = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

// engines opens a new, empty store on each engine.
var engines = map[string]func(t *testing.T) store.Config{
	"sqlite": func(t *testing.T) store.Config {
		return store.Config{SQLitePath: filepath.Join(t.TempDir(), "warroom.db")}
	},
	"postgres": func(t *testing.T) store.Config { return store.Config{PostgresDSN: testpg.DSN(t)} },
}

func open(t *testing.T, cfg store.Config) store.Store {
	st, err := stores.Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// history writes incidents through the store as the API and the scheduler
// do, with ticks in between (write).
type history struct {
	t  *testing.T
	st store.Store
}

func (h history) declare(org int64, title string, sev incident.Severity, at time.Time, d incident.Details, services ...string) incident.Incident {
	h.t.Helper()
	inc, err := h.st.CreateIncident(h.t.Context(), org, store.NewIncident{Title: title, Severity: sev, Status: incident.Investigating,
		Services: services, Author: "ada", At: at, Details: d.Normalize()},
		[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: at}})
	if err != nil {
		h.t.Fatal(err)
	}
	return inc
}

// apply writes u as the API does: the incident and the events recording it.
func (h history) apply(inc incident.Incident, at time.Time, u incident.Update) incident.Incident {
	h.t.Helper()
	cur, err := h.st.GetIncident(h.t.Context(), inc.OrgID, inc.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	u.Version = cur.Version
	next, evs, err := incident.Apply(cur, u, "ada", at)
	if err != nil {
		h.t.Fatal(err)
	}
	out, err := h.st.UpdateIncident(h.t.Context(), next, newEvents(evs))
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h history) status(inc incident.Incident, at time.Time, s incident.Status) incident.Incident {
	u := incident.Update{Status: &s}
	if h.get(inc).Status == incident.Resolved {
		u.Reason = "errors are back"
	}
	return h.apply(inc, at, u)
}

func (h history) get(inc incident.Incident) incident.Incident {
	got, err := h.st.GetIncident(h.t.Context(), inc.OrgID, inc.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return got
}

func (h history) append(inc incident.Incident, kind incident.EventKind, at time.Time, payload any) {
	h.t.Helper()
	if _, err := h.st.AppendEvents(h.t.Context(), inc.OrgID, inc.ID, newEvents([]incident.Event{incident.NewEvent(kind, "warroom", at, payload)})); err != nil {
		h.t.Fatal(err)
	}
}

// postmortem stores a post-mortem with action items (one done).
func (h history) postmortem(inc incident.Incident, at time.Time) {
	h.t.Helper()
	cur := h.get(inc)
	doc, _ := json.Marshal(postmortem.Doc{ActionItems: []postmortem.ActionItem{
		{Action: "alert on pool usage", Owner: "ops", Priority: "High", Due: "2026-03-12"},
		{Action: "raise the pool", Owner: "ops", Priority: "High", Due: "2026-03-11", Done: true},
		{Action: "runbook", Owner: "ada", Priority: "Low", Due: "2026-04-01"}}})
	cur.Details.Postmortem, cur.UpdatedAt = doc, at
	if _, err := h.st.UpdateIncident(h.t.Context(), cur, []store.NewEvent{{Kind: incident.EventPostmortem, Author: "ada", At: at}}); err != nil {
		h.t.Fatal(err)
	}
}

func (h history) tick(at time.Time) {
	h.t.Helper()
	if _, err := (&scheduler.Scheduler{Store: h.st}).Tick(h.t.Context(), at); err != nil {
		h.t.Fatal(err)
	}
}

func newEvents(evs []incident.Event) []store.NewEvent {
	out := make([]store.NewEvent, len(evs))
	for i, e := range evs {
		out[i] = store.NewEvent{Kind: e.Kind, Author: e.Author, At: e.At, Payload: e.Payload}
	}
	return out
}

// write stores a history in which some records are stored fresh, some
// were written since (stale), some are due at the time asked, one was never
// projected, and returns the time to ask at.
func (h history) write() time.Time {
	ctx, m := h.t.Context(), time.Minute
	strict := policy.Default()
	strict.Levels[1].RespondWithin = policy.Duration(5 * m) // P2
	body, _ := json.Marshal(strict)
	if _, err := h.st.SavePolicy(ctx, 1, 1, body, "ada", t0.Add(-time.Hour)); err != nil {
		h.t.Fatal(err)
	}
	onset := t0.Add(-20 * m)
	a := h.declare(1, "checkout errors", incident.P2, t0, incident.Details{PolicyVersion: 2,
		Impact: &incident.Impact{Start: onset, From: insights.FromMetrics}}, "api")
	b := h.declare(1, "slow search", incident.P3, t0.Add(10*m), incident.Details{PolicyVersion: 1}, "web")
	c := h.declare(1, "database down", incident.P1, t0.Add(20*m), incident.Details{PolicyVersion: 1}, "api", "db")
	h.declare(2, "another org's", incident.P2, t0, incident.Details{PolicyVersion: 1}, "api")
	h.declare(1, "next day", incident.P4, t0.Add(24*time.Hour), incident.Details{PolicyVersion: 1}, "web")

	h.tick(t0.Add(30 * m))
	h.apply(c, t0.Add(25*m), incident.Update{CompleteSteps: []incident.StepName{"acknowledge"}})
	h.append(c, incident.EventStatusUpdate, t0.Add(30*m), incident.StatusUpdatePayload{Subject: "s", Body: "b"})
	h.status(c, t0.Add(50*m), incident.Monitoring)
	h.append(a, incident.EventEscalation, t0.Add(40*m), incident.EscalationPayload{Key: "tier:P2:2", Firing: "tier",
		Paged: []incident.PagedRecipient{{Login: "ada", Via: []string{"sms", "email"}}, {Login: "bob", Via: []string{"slack"}}}})
	h.tick(t0.Add(time.Hour))

	h.status(c, t0.Add(80*m), incident.Resolved)
	h.postmortem(c, t0.Add(90*m))
	h.status(c, t0.Add(100*m), incident.Investigating)
	h.status(c, t0.Add(110*m), incident.Resolved)
	early := onset.Add(-15 * m)
	h.append(a, incident.EventSeveritySuggested, t0.Add(70*m), incident.SeveritySuggestedPayload{Current: incident.P2,
		Suggested: incident.P1, Direction: "upgrade", Onset: &early})
	h.tick(t0.Add(2 * time.Hour))
	h.apply(b, t0.Add(130*m), incident.Update{CompleteSteps: []incident.StepName{"acknowledge"}})
	h.declare(1, "never projected", incident.P2, t0.Add(140*m), incident.Details{PolicyVersion: 2}, "web")
	return t0.Add(5 * time.Hour) // past some next due times (a's resolve-by, b's)
}

// bruteForce is each incident's record from its whole timeline, as read
// through the store's plain reads, filtered as f says.
func bruteForce(t *testing.T, st store.Store, org int64, f insightsstore.Filter, now time.Time) []insights.Row {
	ctx := t.Context()
	page, err := st.ListIncidents(ctx, org, store.Filter{From: f.From, To: f.To, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	rows := []insights.Row{}
	for _, inc := range page.Items { // oldest first, as Rows
		evs, err := st.ListEvents(ctx, org, inc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		pol, err := policystore.Version(ctx, st, org, inc.Details.PolicyVersion)
		if err != nil {
			t.Fatal(err)
		}
		r := insights.Row{Record: insights.Derive(inc, evs, timers.Compute(timers.Input{Incident: inc, Events: evs, Policy: pol, Now: now})),
			Title: inc.Title, Services: inc.Services}
		if (len(f.Severities) == 0 || slices.Contains(f.Severities, r.Severity)) &&
			(len(f.Services) == 0 || slices.ContainsFunc(r.Services, func(s string) bool { return slices.Contains(f.Services, s) })) {
			rows = append(rows, r)
		}
	}
	return rows
}

// TestRowsEqualBruteForce: Rows, stored records and recomputed stale ones
// together, is exactly what each incident's whole timeline gives.
func TestRowsEqualBruteForce(t *testing.T) {
	for name, cfg := range engines {
		t.Run(name, func(t *testing.T) {
			st := open(t, cfg(t))
			now := history{t: t, st: st}.write()
			day := insightsstore.Filter{From: t0.Add(-time.Hour), To: t0.Add(23 * time.Hour)}
			stored, stale, err := st.InsightsRows(t.Context(), 1, store.InsightsFilter{From: day.From, To: day.To, At: now})
			if err != nil {
				t.Fatal(err)
			}
			if len(stored) == 0 || len(stale) == 0 {
				t.Fatalf("%d stored and %d stale records: the history must give both", len(stored), len(stale))
			}
			for _, c := range []struct {
				name string
				org  int64
				f    insightsstore.Filter
			}{
				{"the day", 1, day},
				{"a service", 1, insightsstore.Filter{From: day.From, To: day.To, Services: []string{"db", "web"}}},
				{"the most severe level", 1, insightsstore.Filter{From: day.From, To: day.To, Severities: []incident.Severity{incident.P1, incident.P3}}},
				{"two days", 1, insightsstore.Filter{From: day.From, To: t0.Add(48 * time.Hour)}},
				{"the other org", 2, day},
			} {
				got, err := insightsstore.Rows(t.Context(), st, c.org, c.f, now)
				if err != nil {
					t.Fatal(err)
				}
				want := bruteForce(t, st, c.org, c.f, now)
				if len(want) == 0 {
					t.Fatalf("%s: the brute force selects nothing", c.name)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, want)
				}
			}
		})
	}
}

// The store keeps as many open due dates as a post-mortem may hold.
func TestOpenDueBoundIsThePostmortemLimit(t *testing.T) {
	if store.MaxOpenDue != postmortem.MaxActionItems {
		t.Fatalf("store.MaxOpenDue %d, postmortem.MaxActionItems %d", store.MaxOpenDue, postmortem.MaxActionItems)
	}
}
