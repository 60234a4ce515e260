package storetest

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// The outbox's delivery order (issue 14): pages before reminders before
// status updates; one row per (org, channel) at a time; orgs take turns.

// queued is one outbox row to enqueue: channel, priority, due offset.
type queued struct {
	ch   string
	prio int
	due  time.Duration
}

// enqueue commits rows for inc as one effect, due at day0+1h+q.due.
func enqueue(t *testing.T, st store.Store, inc incident.Incident, key string, rows ...queued) {
	t.Helper()
	e := store.Effects{OrgID: inc.OrgID, IncidentID: inc.ID, Key: key, At: day0.Add(time.Hour)}
	for i, q := range rows {
		e.Outbox = append(e.Outbox, store.NewOutbox{Channel: q.ch, Priority: q.prio, NotBefore: day0.Add(time.Hour + q.due),
			DeliveryID: fmt.Sprintf("%d/%s/%s/%d", inc.OrgID, inc.ID, key, i), Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))})
	}
	if c, err := st.Commit(t.Context(), e); err != nil || !c.Fired {
		t.Fatalf("enqueue: %+v %v", c, err)
	}
}

// claimed names the claimed rows as org/channel/payload.
func claimed(t *testing.T, st store.Store, owner string, orgs []int64, at time.Time, limit int) ([]store.OutboxItem, string) {
	t.Helper()
	rows, err := st.ClaimOutbox(t.Context(), owner, orgs, at, time.Minute, limit)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = fmt.Sprintf("%d/%s%s", r.OrgID, r.Channel, r.Payload)
	}
	sort.Strings(names) // which rows matter: all of them start at once
	return rows, strings.Join(names, " ")
}

func finish(t *testing.T, st store.Store, owner string, rows []store.OutboxItem, at time.Time) {
	t.Helper()
	for _, r := range rows {
		if err := st.FinishOutbox(t.Context(), r.ID, owner, store.OutboxResult{Status: store.OutboxDelivered, At: at}); err != nil {
			t.Fatal(err)
		}
	}
}

// testOutboxPriority: the most urgent row goes first, then the earliest due;
// within a channel too, and a channel with a row in flight gets no second.
func testOutboxPriority(t *testing.T, st store.Store) {
	inc := mustCreate(t, st, 1, newInc("p", day0), declared(day0, nil))
	now := day0.Add(2 * time.Hour)
	enqueue(t, st, inc, "k",
		queued{"ops", store.PriorityUpdate, 0},             // 0: oldest, least urgent
		queued{"ops", store.PriorityReminder, time.Minute}, // 1
		queued{"ops", store.PriorityPage, 2 * time.Minute}, // 2: newest, most urgent
		queued{"ops", store.PriorityPage, time.Minute},     // 3: an older page
	)
	var order []string
	for range 4 {
		rows, got := claimed(t, st, "w", []int64{1}, now, 10)
		if len(rows) != 1 {
			t.Fatalf("claim on one channel: %q, want one row at a time", got)
		}
		if _, again := claimed(t, st, "v", []int64{1}, now, 10); again != "" {
			t.Fatalf("a second row of a channel with one in flight: %q", again)
		}
		if rows[0].Priority != []int{store.PriorityPage, store.PriorityPage, store.PriorityReminder, store.PriorityUpdate}[len(order)] {
			t.Errorf("claim %d has priority %d", len(order), rows[0].Priority)
		}
		order = append(order, got)
		finish(t, st, "w", rows, now)
	}
	if want := `1/ops{"n":3} 1/ops{"n":2} 1/ops{"n":1} 1/ops{"n":0}`; strings.Join(order, " ") != want {
		t.Errorf("delivery order %q, want %q (pages, oldest first; reminder; update)", strings.Join(order, " "), want)
	}

	// Across channels: a page due later beats an update due earlier;
	// within a priority the earliest due goes first.
	enqueue(t, st, inc, "k2",
		queued{"a", store.PriorityUpdate, 0},
		queued{"b", store.PriorityPage, 3 * time.Minute},
		queued{"c", store.PriorityPage, 2 * time.Minute},
		queued{"d", store.PriorityReminder, time.Minute},
		queued{"e", store.PriorityPage, 2 * time.Hour}, // not due yet
	)
	if _, got := claimed(t, st, "w", []int64{1}, now, 3); got != `1/b{"n":1} 1/c{"n":2} 1/d{"n":3}` {
		t.Errorf("claim of 3 across channels: %q", got)
	}

	// A page enqueued while an update is in flight on its channel waits for
	// it: one delivery per channel at a time, whatever the priority.
	other := mustCreate(t, st, 3, newInc("busy", day0), declared(day0, nil))
	enqueue(t, st, other, "k", queued{"slow", store.PriorityUpdate, 0})
	flight, _ := claimed(t, st, "w", []int64{3}, now, 10)
	enqueue(t, st, other, "k2", queued{"slow", store.PriorityPage, 0})
	if _, got := claimed(t, st, "v", []int64{3}, now, 10); got != "" {
		t.Fatalf("a page claimed beside an update in flight on its channel: %q", got)
	}
	finish(t, st, "w", flight, now)
	if rows, got := claimed(t, st, "v", []int64{3}, now, 10); len(rows) != 1 || rows[0].Priority != store.PriorityPage {
		t.Errorf("after the update: %q, want the page", got)
	}
}

// testOutboxFairness: one org's (or one channel's) backlog cannot fill a
// claim: each (org, channel) gives its head, and orgs take turns.
func testOutboxFairness(t *testing.T, st store.Store) {
	big := mustCreate(t, st, 1, newInc("backlog", day0), declared(day0, nil))
	small := mustCreate(t, st, 2, newInc("quiet", day0), declared(day0, nil))
	var backlog []queued
	for i := range 60 {
		backlog = append(backlog, queued{[]string{"a", "b", "c"}[i%3], store.PriorityUpdate, time.Duration(i) * time.Second})
	}
	enqueue(t, st, big, "k", backlog...)
	// Org 2's only update is due after all of org 1's.
	enqueue(t, st, small, "k", queued{"z", store.PriorityUpdate, time.Hour})
	now := day0.Add(3 * time.Hour)

	rows, got := claimed(t, st, "w", []int64{1, 2}, now, 2)
	if got != `1/a{"n":0} 2/z{"n":0}` {
		t.Errorf("claim of 2: %q, want org 1's oldest head and org 2's turn", got)
	}
	more, got := claimed(t, st, "w", []int64{1, 2}, now, 10)
	if got != `1/b{"n":1} 1/c{"n":2}` {
		t.Errorf("next claim: %q, want the other channels' heads only", got)
	}
	finish(t, st, "w", append(rows, more...), now)
	if _, got := claimed(t, st, "w", []int64{1, 2}, now, 10); got != `1/a{"n":3} 1/b{"n":4} 1/c{"n":5}` {
		t.Errorf("after delivery: %q, want each channel's next", got)
	}
}

// testOutboxRenew: a renewed lease keeps a slow delivery's row (and its
// channel) from everyone else; only the owner renews, only pending rows.
func testOutboxRenew(t *testing.T, st store.Store) {
	ctx := t.Context()
	inc := mustCreate(t, st, 1, newInc("r", day0), declared(day0, nil))
	enqueue(t, st, inc, "k", queued{"slow", store.PriorityPage, 0}, queued{"slow", store.PriorityPage, time.Second})
	now := day0.Add(time.Hour + time.Second)
	rows, _ := claimed(t, st, "A", []int64{1}, now, 10)
	if len(rows) != 1 {
		t.Fatalf("claimed %d", len(rows))
	}
	if err := st.RenewOutbox(ctx, "B", []int64{rows[0].ID}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.RenewOutbox(ctx, "A", []int64{rows[0].ID}, now.Add(90*time.Second)); err != nil {
		t.Fatal(err)
	}
	// Past the first lease, inside the renewed one: nothing for B.
	if _, got := claimed(t, st, "B", []int64{1}, now.Add(80*time.Second), 10); got != "" {
		t.Fatalf("claimed under a renewed lease: %q", got)
	}
	// B's renewal did nothing: past A's renewed lease the row is free again.
	again, got := claimed(t, st, "B", []int64{1}, now.Add(91*time.Second), 10)
	if len(again) != 1 || again[0].ID != rows[0].ID {
		t.Fatalf("after the renewed lease ran out: %q, want the same row", got)
	}
	finish(t, st, "B", again, now)
	// A renewing a row it lost, and a finished one, changes nothing.
	if err := st.RenewOutbox(ctx, "A", []int64{rows[0].ID}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if next, got := claimed(t, st, "C", []int64{1}, now.Add(92*time.Second), 10); len(next) != 1 || next[0].ID == rows[0].ID {
		t.Fatalf("after delivery: %q, want the channel's next row", got)
	}
	if err := st.RenewOutbox(ctx, "A", nil, now); err != nil {
		t.Fatalf("renewing nothing: %v", err)
	}
}

// testConcurrentFairClaims: racing claimers lease one row of a channel at
// a time between them, and each row once.
func testConcurrentFairClaims(t *testing.T, st store.Store) {
	inc := mustCreate(t, st, 1, newInc("race", day0), declared(day0, nil))
	var rows []queued
	for i := range 40 {
		rows = append(rows, queued{fmt.Sprintf("c%d", i%4), store.PriorityUpdate, time.Duration(i) * time.Millisecond})
	}
	enqueue(t, st, inc, "k", rows...)
	now := day0.Add(2 * time.Hour)
	var (
		mu  sync.Mutex
		got []string
		wg  sync.WaitGroup
	)
	for w := range 6 {
		wg.Go(func() {
			rows, err := st.ClaimOutbox(t.Context(), fmt.Sprintf("w%d", w), []int64{1}, now, time.Minute, 10)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, r := range rows {
				got = append(got, r.Channel+string(r.Payload))
			}
		})
	}
	wg.Wait()
	sort.Strings(got)
	if want := `[c0{"n":0} c1{"n":1} c2{"n":2} c3{"n":3}]`; fmt.Sprint(got) != want {
		t.Errorf("six racing claims leased %v, want %s: each channel's head, once", got, want)
	}
}
