// Package storetest is the one contract every store.Store implementation
// must pass. Each implementation runs it from its own tests:
//
//	func TestContract(t *testing.T) { storetest.Run(t, openFresh) }
//
// and the crash-durability test with RunCrash / CrashChild (see crash.go).
package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Open returns a new, empty store and arranges for it to be closed when the
// test ends. Close must tolerate being called twice.
type Open func(t *testing.T) store.Store

// Run runs every contract case, each on a fresh store.
func Run(t *testing.T, open Open) {
	cases := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"CreateGetRoundTrip", testRoundTrip},
		{"NilServicesAreEmpty", testNilServices},
		{"NotFound", testNotFound},
		{"OrgIsolation", testOrgIsolation},
		{"IDsPerOrgAndDay", testIDs},
		{"ConcurrentCreatesAreGapFree", testConcurrentCreate},
		{"CreateIsAtomic", testCreateAtomic},
		{"ConcurrentStaleUpdates", testConcurrentUpdate},
		{"UpdateSemantics", testUpdate},
		{"UpdateIsAtomic", testUpdateAtomic},
		{"ListFilters", testListFilters},
		{"ListSortAndPages", testListSort},
		{"ListSeverityThenAge", testListSeverityThenAge},
		{"ListLimits", testListLimits},
		{"ListWithoutPostmortem", testListWithoutPostmortem},
		{"UrgentIncidents", testUrgentIncidents},
		{"Events", testEvents},
		{"ConcurrentAppends", testConcurrentAppend},
		{"PingAndClose", testPingClose},
		{"PolicyVersions", testPolicyVersions},
		{"PolicyOrgIsolation", testPolicyOrgIsolation},
		{"ConcurrentPolicySaves", testConcurrentPolicySaves},
		{"DedupKeys", testKeys},
		{"ConcurrentKeyClaims", testConcurrentKeyClaims},
		{"DueIncidents", testDueIncidents},
		{"DueIncidentsTimerEvents", testDueIncidentsTimerEvents},
		{"DueIncidentsSkipUnreadable", testDueIncidentsSkipUnreadable},
		{"Projections", testProjections},
		{"WritesMakeProjectionsDirty", testWritesMakeProjectionsDirty},
		{"InsightsRows", testInsightsRows},
		{"InsightsStale", testInsightsStale},
		{"InsightsMigration", testInsightsMigration},
		{"EventsOf", testEventsOf},
		{"EventsPage", testEventsPage},
		{"IncidentsDuring", testIncidentsDuring},
		{"EventsDuring", testEventsDuring},
		{"LastSeq", testLastSeq},
		{"Changes", testChanges},
		{"Marks", testMarks},
		{"CommitOnce", testCommitOnce},
		{"ConcurrentCommits", testConcurrentCommits},
		{"OutboxLeases", testOutboxLeases},
		{"ConcurrentOutboxClaims", testConcurrentClaims},
		{"OutboxPriority", testOutboxPriority},
		{"OutboxFairness", testOutboxFairness},
		{"OutboxRenew", testOutboxRenew},
		{"ConcurrentFairOutboxClaims", testConcurrentFairClaims},
		{"ChannelRoutes", testChannelRoutes},
		{"DiagnosticRuns", testDiagnosticRuns},
		{"ConcurrentDiagnosticFindings", testConcurrentFindings},
		{"Schedules", testSchedules},
		{"ScheduleLimit", testScheduleLimit},
		{"ConcurrentScheduleSaves", testConcurrentScheduleSaves},
		{"ContactMethods", testContactMethods},
		{"ContactMethodLimit", testContactMethodLimit},
		{"ConcurrentContactMethods", testConcurrentContactMethods},
		{"Feeds", testFeeds},
		{"OnCallOrgIsolation", testOnCallOrgIsolation},
		{"SigningKey", testSigningKey},
		{"OnCallBounds", testOnCallBounds},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open(t)) })
	}
}

// day0 has sub-microsecond digits so every test also checks truncation.
var day0 = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)

func us(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func newInc(title string, at time.Time) store.NewIncident {
	return store.NewIncident{
		Title: title, Severity: incident.P2, Status: incident.Investigating,
		Services: []string{"api"}, Summary: "summary of " + title, Author: "ada", At: at,
	}
}

func declared(at time.Time, payload map[string]any) store.NewEvent {
	return store.NewEvent{Kind: incident.EventDeclared, Author: "ada", At: at, Payload: payload}
}

func mustCreate(t *testing.T, st store.Store, org int64, n store.NewIncident, events ...store.NewEvent) incident.Incident {
	t.Helper()
	inc, err := st.CreateIncident(t.Context(), org, n, events)
	if err != nil {
		t.Fatalf("create %q in org %d: %v", n.Title, org, err)
	}
	return inc
}

func mustGet(t *testing.T, st store.Store, org int64, id string) incident.Incident {
	t.Helper()
	inc, err := st.GetIncident(t.Context(), org, id)
	if err != nil {
		t.Fatalf("get %s in org %d: %v", id, org, err)
	}
	return inc
}

func mustEvents(t *testing.T, st store.Store, org int64, id string, after int64) []incident.Event {
	t.Helper()
	evs, err := st.ListEvents(t.Context(), org, id, after)
	if err != nil {
		t.Fatalf("events of %s in org %d: %v", id, org, err)
	}
	return evs
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: want %v, got %v", what, want, err)
	}
}

// sameTime requires an exact instant in UTC.
func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("%s: got %s (%s), want %s UTC", what, got.Format(time.RFC3339Nano), got.Location(), want.UTC().Format(time.RFC3339Nano))
	}
}

// sameIncident compares every field; times by instant and UTC location.
func sameIncident(t *testing.T, what string, got, want incident.Incident) {
	t.Helper()
	sameTime(t, what+" CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, what+" UpdatedAt", got.UpdatedAt, want.UpdatedAt)
	switch {
	case (got.ResolvedAt == nil) != (want.ResolvedAt == nil):
		t.Errorf("%s ResolvedAt: got %v, want %v", what, got.ResolvedAt, want.ResolvedAt)
	case got.ResolvedAt != nil:
		sameTime(t, what+" ResolvedAt", *got.ResolvedAt, *want.ResolvedAt)
	}
	got.CreatedAt, got.UpdatedAt, got.ResolvedAt = time.Time{}, time.Time{}, nil
	want.CreatedAt, want.UpdatedAt, want.ResolvedAt = time.Time{}, time.Time{}, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %#v\n want %#v", what, got, want)
	}
}

// sameEvents compares timelines; times by instant and UTC location.
func sameEvents(t *testing.T, what string, got, want []incident.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d events %+v, want %d %+v", what, len(got), got, len(want), want)
	}
	for i := range got {
		sameTime(t, what+" At", got[i].At, want[i].At)
		g, w := got[i], want[i]
		g.At, w.At = time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s[%d]:\n got  %#v\n want %#v", what, i, g, w)
		}
	}
}
