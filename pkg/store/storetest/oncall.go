package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Reopener is what a dialect's tests add to its store, in a _test.go file of
// its package: a second, independent store on the same database (its own
// pools), as another back end of an HA pair would have. The caller closes it.
type Reopener interface {
	OpenAgain(ctx context.Context) (store.Store, error)
}

func reopen(t *testing.T, st store.Store) store.Store {
	t.Helper()
	r, ok := st.(Reopener)
	if !ok {
		t.Fatalf("%T has no OpenAgain: add it in a _test.go file of its package (see Reopener)", st)
	}
	again, err := r.OpenAgain(t.Context())
	if err != nil {
		t.Fatalf("open a second store on the same database: %v", err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}

// scheduleBody is JSON a normaliser would rewrite: it must come back as
// written.
const scheduleBody = `{"layers": [{"users":["ada", "bob"], "rotation":"weekly"}], "tz":"Europe/Paris", "n": 1.50}`

func schedule(id, name, body string) store.ScheduleRecord {
	return store.ScheduleRecord{ID: id, Name: name, Body: []byte(body), UpdatedBy: "ada", UpdatedAt: day0}
}

func mustSave(t *testing.T, st store.Store, org int64, rec store.ScheduleRecord, expected int) store.ScheduleRecord {
	t.Helper()
	saved, err := st.SaveSchedule(t.Context(), org, rec, expected)
	if err != nil {
		t.Fatalf("save schedule %q of org %d expecting %d: %v", rec.ID, org, expected, err)
	}
	return saved
}

// sameSchedule compares every field; the time by instant and UTC location.
func sameSchedule(t *testing.T, what string, got, want store.ScheduleRecord) {
	t.Helper()
	sameTime(t, what+" UpdatedAt", got.UpdatedAt, us(want.UpdatedAt))
	if got.ID != want.ID || got.Name != want.Name || !bytes.Equal(got.Body, want.Body) || got.Version != want.Version || got.UpdatedBy != want.UpdatedBy {
		t.Errorf("%s: got %+v (body %s), want %+v (body %s)", what, got, got.Body, want, want.Body)
	}
}

func scheduleIDs(t *testing.T, st store.Store, org int64) []string {
	t.Helper()
	recs, err := st.Schedules(t.Context(), org)
	if err != nil {
		t.Fatalf("schedules of org %d: %v", org, err)
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

func testSchedules(t *testing.T, st store.Store) {
	ctx := t.Context()
	if ids := scheduleIDs(t, st, 1); len(ids) != 0 {
		t.Fatalf("empty store lists %v", ids)
	}
	_, err := st.Schedule(ctx, 1, "primary")
	wantErr(t, "schedule of an empty store", err, store.ErrNotFound)

	v1 := mustSave(t, st, 1, schedule("primary", "Primary", scheduleBody), 0)
	want := schedule("primary", "Primary", scheduleBody)
	want.Version = 1
	sameSchedule(t, "create", v1, want)
	got, err := st.Schedule(ctx, 1, "primary")
	if err != nil {
		t.Fatal(err)
	}
	sameSchedule(t, "read after create", got, want)

	// A second create of the id, whatever its body, changes nothing.
	_, err = st.SaveSchedule(ctx, 1, schedule("primary", "Other", `{}`), 0)
	wantErr(t, "create of an existing id", err, store.ErrConflict)

	upd := schedule("primary", "Primary (EU)", `{"tz":"UTC"}`)
	upd.UpdatedBy, upd.UpdatedAt = "bob", day0.Add(time.Hour)
	v2 := mustSave(t, st, 1, upd, 1)
	upd.Version = 2
	sameSchedule(t, "update", v2, upd)
	for _, expected := range []int{1, 3} {
		_, err = st.SaveSchedule(ctx, 1, schedule("primary", "Stale", `{}`), expected)
		wantErr(t, fmt.Sprintf("update expecting %d when 2 is stored", expected), err, store.ErrConflict)
	}
	_, err = st.SaveSchedule(ctx, 1, schedule("absent", "Absent", `{}`), 1)
	wantErr(t, "update of an absent schedule", err, store.ErrNotFound)
	if _, err := st.SaveSchedule(ctx, 1, schedule("primary", "Negative", `{}`), -1); err == nil {
		t.Fatal("a negative expected version was accepted")
	}
	got, _ = st.Schedule(ctx, 1, "primary")
	sameSchedule(t, "read after refused saves", got, upd)

	// Listed in id order, byte by byte.
	mustSave(t, st, 1, schedule("b-secondary", "B", `{}`), 0)
	mustSave(t, st, 1, schedule("B-upper", "B upper", `{}`), 0)
	mustSave(t, st, 1, schedule("a-first", "A", `{}`), 0)
	if ids := scheduleIDs(t, st, 1); strings.Join(ids, ",") != "B-upper,a-first,b-secondary,primary" {
		t.Fatalf("schedules in order %v", ids)
	}

	// Delete at the stored version only.
	for _, expected := range []int{0, 1, 3} {
		wantErr(t, fmt.Sprintf("delete expecting %d when 2 is stored", expected), st.DeleteSchedule(ctx, 1, "primary", expected), store.ErrConflict)
	}
	wantErr(t, "delete of an absent schedule", st.DeleteSchedule(ctx, 1, "absent", 1), store.ErrNotFound)
	if err := st.DeleteSchedule(ctx, 1, "primary", 2); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = st.Schedule(ctx, 1, "primary")
	wantErr(t, "read after delete", err, store.ErrNotFound)
	wantErr(t, "second delete", st.DeleteSchedule(ctx, 1, "primary", 2), store.ErrNotFound)
	// A deleted id can be created again, from version 1.
	if again := mustSave(t, st, 1, schedule("primary", "Again", `{}`), 0); again.Version != 1 {
		t.Fatalf("recreated at version %d", again.Version)
	}
	// Keys a row cannot have are absent, not errors of the database.
	for _, id := range []string{"", "bad\xff", "nul\x00", strings.Repeat("x", 201)} {
		_, err := st.Schedule(ctx, 1, id)
		wantErr(t, fmt.Sprintf("schedule %q", id), err, store.ErrNotFound)
		wantErr(t, fmt.Sprintf("delete schedule %q", id), st.DeleteSchedule(ctx, 1, id, 1), store.ErrNotFound)
	}
}

// testScheduleLimit: an org holds at most store.MaxSchedules, all listed.
func testScheduleLimit(t *testing.T, st store.Store) {
	ctx := t.Context()
	for i := range store.MaxSchedules {
		mustSave(t, st, 1, schedule(fmt.Sprintf("s%03d", i), "S", `{}`), 0)
	}
	_, err := st.SaveSchedule(ctx, 1, schedule("one-too-many", "S", `{}`), 0)
	wantErr(t, "create beyond the limit", err, store.ErrConflict)
	if ids := scheduleIDs(t, st, 1); len(ids) != store.MaxSchedules || ids[0] != "s000" || ids[len(ids)-1] != fmt.Sprintf("s%03d", store.MaxSchedules-1) {
		t.Fatalf("listed %d schedules: %v…", len(ids), ids[:min(3, len(ids))])
	}
	// Updates of the full org and creates in another org still work.
	mustSave(t, st, 1, schedule("s000", "Updated", `{}`), 1)
	mustSave(t, st, 2, schedule("s000", "Org 2", `{}`), 0)
	// A delete makes room.
	if err := st.DeleteSchedule(ctx, 1, "s001", 1); err != nil {
		t.Fatal(err)
	}
	mustSave(t, st, 1, schedule("one-more", "S", `{}`), 0)
}

// testConcurrentScheduleSaves: of saves racing on one expected version (or
// creates of one id), exactly one wins; the others get ErrConflict. Of
// deletes racing, one wins; the others find nothing.
func testConcurrentScheduleSaves(t *testing.T, st store.Store) {
	const n = 12
	race := func(what string, expected int, lost error, save func(i int) error) {
		t.Helper()
		var (
			wg           sync.WaitGroup
			mu           sync.Mutex
			wins, losses int
			others       []error
			start        = make(chan struct{})
		)
		for i := range n {
			wg.Go(func() {
				<-start
				err := save(i)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, lost):
					losses++
				default:
					others = append(others, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if wins != 1 || losses != n-1 || len(others) > 0 {
			t.Fatalf("%s expecting %d: %d won, %d lost with %v, other errors %v", what, expected, wins, losses, lost, others)
		}
	}
	ctx := t.Context()
	race("creates of one id", 0, store.ErrConflict, func(i int) error {
		_, err := st.SaveSchedule(ctx, 1, schedule("primary", fmt.Sprintf("creator %d", i), `{}`), 0)
		return err
	})
	race("updates", 1, store.ErrConflict, func(i int) error {
		_, err := st.SaveSchedule(ctx, 1, schedule("primary", fmt.Sprintf("writer %d", i), `{}`), 1)
		return err
	})
	got, err := st.Schedule(ctx, 1, "primary")
	if err != nil || got.Version != 2 || !strings.HasPrefix(got.Name, "writer ") {
		t.Fatalf("after the races: %+v %v", got, err)
	}
	race("deletes", 2, store.ErrNotFound, func(int) error { return st.DeleteSchedule(ctx, 1, "primary", 2) })
}

func method(login, id, kind string, position int) store.ContactMethod {
	return store.ContactMethod{ID: id, Login: login, Kind: kind, Config: []byte(`{"to": "` + login + `@example.com"}`),
		Position: position, UpdatedAt: day0}
}

func mustPut(t *testing.T, st store.Store, org int64, m store.ContactMethod) store.ContactMethod {
	t.Helper()
	got, err := st.PutContactMethod(t.Context(), org, m)
	if err != nil {
		t.Fatalf("put %s/%s in org %d: %v", m.Login, m.ID, org, err)
	}
	return got
}

// methodKeys renders methods as "login/id@position".
func methodKeys(t *testing.T, st store.Store, org int64, logins ...string) string {
	t.Helper()
	ms, err := st.ContactMethods(t.Context(), org, logins)
	if err != nil {
		t.Fatalf("contact methods of %v in org %d: %v", logins, org, err)
	}
	keys := make([]string, len(ms))
	for i, m := range ms {
		keys[i] = fmt.Sprintf("%s/%s@%d", m.Login, m.ID, m.Position)
	}
	return strings.Join(keys, " ")
}

func testContactMethods(t *testing.T, st store.Store) {
	ctx := t.Context()
	if got := methodKeys(t, st, 1); got != "" {
		t.Fatalf("empty store: %q", got)
	}
	sealed := []byte{0, 1, 2, 255, 254}
	m := method("bob", "phone", "ntfy", 1)
	m.Sealed = sealed
	got := mustPut(t, st, 1, m)
	sameTime(t, "put UpdatedAt", got.UpdatedAt, us(day0))
	mustPut(t, st, 1, method("bob", "mail", "email", 0))
	mustPut(t, st, 1, method("ada", "slack", "slack", 2))
	mustPut(t, st, 1, method("ada", "b-hook", "webhook", 1))
	mustPut(t, st, 1, method("ada", "a-hook", "webhook", 1))
	mustPut(t, st, 1, method("carol", "mail", "email", 0))

	// By login, then position, then id.
	if got := methodKeys(t, st, 1); got != "ada/a-hook@1 ada/b-hook@1 ada/slack@2 bob/mail@0 bob/phone@1 carol/mail@0" {
		t.Fatalf("all methods: %q", got)
	}
	if got := methodKeys(t, st, 1, "carol", "bob", "nobody", "bob"); got != "bob/mail@0 bob/phone@1 carol/mail@0" {
		t.Fatalf("methods of carol and bob: %q", got)
	}
	if got := methodKeys(t, st, 1, "nobody", "bad\xff", ""); got != "" {
		t.Fatalf("methods of unknown logins: %q", got)
	}

	// Every field round-trips; sealed bytes exactly, none as nil.
	ms, err := st.ContactMethods(ctx, 1, []string{"bob"})
	if err != nil || len(ms) != 2 {
		t.Fatalf("bob's methods: %+v %v", ms, err)
	}
	phone := ms[1]
	if phone.ID != "phone" || phone.Login != "bob" || phone.Kind != "ntfy" || string(phone.Config) != `{"to": "bob@example.com"}` ||
		!bytes.Equal(phone.Sealed, sealed) || phone.Position != 1 {
		t.Fatalf("phone: %+v", phone)
	}
	sameTime(t, "read UpdatedAt", phone.UpdatedAt, us(day0))
	if ms[0].Sealed != nil {
		t.Fatalf("a method without a secret reads sealed %v", ms[0].Sealed)
	}

	// A put of the same (login, id) replaces it; an empty secret is none.
	m.Kind, m.Config, m.Sealed, m.Position, m.UpdatedAt = "gotify", []byte(`{}`), []byte{}, -1, day0.Add(time.Minute)
	got = mustPut(t, st, 1, m)
	if got.Sealed != nil {
		t.Fatalf("an empty secret comes back as %v", got.Sealed)
	}
	ms, _ = st.ContactMethods(ctx, 1, []string{"bob"})
	if len(ms) != 2 || ms[0].ID != "phone" || ms[0].Kind != "gotify" || ms[0].Sealed != nil || ms[0].Position != -1 || string(ms[0].Config) != `{}` {
		t.Fatalf("after the replace: %+v", ms)
	}
	sameTime(t, "replaced UpdatedAt", ms[0].UpdatedAt, us(day0.Add(time.Minute)))

	// Delete.
	if err := st.DeleteContactMethod(ctx, 1, "bob", "phone"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "second delete", st.DeleteContactMethod(ctx, 1, "bob", "phone"), store.ErrNotFound)
	wantErr(t, "delete of another login's id", st.DeleteContactMethod(ctx, 1, "carol", "slack"), store.ErrNotFound)
	wantErr(t, "delete of an impossible key", st.DeleteContactMethod(ctx, 1, "bad\xff", ""), store.ErrNotFound)
	if got := methodKeys(t, st, 1, "bob"); got != "bob/mail@0" {
		t.Fatalf("after the delete: %q", got)
	}

	// At most MaxContactLogins logins per call.
	many := make([]string, store.MaxContactLogins)
	for i := range many {
		many[i] = fmt.Sprintf("user%d", i)
	}
	many[0] = "bob"
	if got := methodKeys(t, st, 1, many...); got != "bob/mail@0" {
		t.Fatalf("methods of %d logins: %q", len(many), got)
	}
	if _, err := st.ContactMethods(ctx, 1, append(many, "one-too-many")); err == nil {
		t.Fatalf("%d logins were accepted", len(many)+1)
	}
}

// testContactMethodLimit: at most store.MaxContactMethods per login; a
// replace of one of them is no new one.
func testContactMethodLimit(t *testing.T, st store.Store) {
	ctx := t.Context()
	for i := range store.MaxContactMethods {
		mustPut(t, st, 1, method("ada", fmt.Sprintf("m%d", i), "email", i))
	}
	_, err := st.PutContactMethod(ctx, 1, method("ada", "one-too-many", "email", 0))
	wantErr(t, "a method beyond the limit", err, store.ErrConflict)
	mustPut(t, st, 1, method("ada", "m3", "slack", 99))
	mustPut(t, st, 1, method("bob", "m0", "email", 0)) // another login
	mustPut(t, st, 2, method("ada", "extra", "email", 0))
	ms, err := st.ContactMethods(ctx, 1, []string{"ada"})
	if err != nil || len(ms) != store.MaxContactMethods || ms[len(ms)-1].ID != "m3" {
		t.Fatalf("ada's methods: %d %v", len(ms), err)
	}
	if err := st.DeleteContactMethod(ctx, 1, "ada", "m0"); err != nil {
		t.Fatal(err)
	}
	mustPut(t, st, 1, method("ada", "now-fits", "email", 0))
}

// testConcurrentContactMethods: puts of new methods racing from two stores on
// one database (two back ends) never exceed the limit.
func testConcurrentContactMethods(t *testing.T, st store.Store) {
	other := reopen(t, st)
	const n = 3 * store.MaxContactMethods
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		wins      int
		conflicts int
		others    []error
		start     = make(chan struct{})
	)
	for i := range n {
		on := st
		if i%2 == 1 {
			on = other
		}
		wg.Go(func() {
			<-start
			_, err := on.PutContactMethod(t.Context(), 1, method("ada", fmt.Sprintf("m%02d", i), "email", i))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				others = append(others, err)
			}
		})
	}
	close(start)
	wg.Wait()
	ms, err := st.ContactMethods(t.Context(), 1, nil)
	if wins != store.MaxContactMethods || conflicts != n-wins || len(others) > 0 || err != nil || len(ms) != wins {
		t.Fatalf("%d puts: %d stored, %d conflicts, other errors %v; %d listed (%v)", n, wins, conflicts, others, len(ms), err)
	}
}

// tokenHash is a distinct 32-byte hash per seed.
func tokenHash(seed byte) []byte { return bytes.Repeat([]byte{seed}, 32) }

func feed(org int64, seed byte, kind, subject string, at time.Time) store.CalendarFeed {
	return store.CalendarFeed{OrgID: org, TokenHash: tokenHash(seed), SubjectKind: kind, SubjectID: subject, CreatedBy: "ada", CreatedAt: at}
}

func mustFeed(t *testing.T, st store.Store, f store.CalendarFeed) store.CalendarFeed {
	t.Helper()
	got, err := st.CreateFeed(t.Context(), f)
	if err != nil {
		t.Fatalf("create feed: %v", err)
	}
	if got.ID == 0 {
		t.Fatalf("created feed has no ID: %+v", got)
	}
	return got
}

func sameFeed(t *testing.T, what string, got, want store.CalendarFeed) {
	t.Helper()
	sameTime(t, what+" CreatedAt", got.CreatedAt, us(want.CreatedAt))
	switch {
	case (got.RevokedAt == nil) != (want.RevokedAt == nil):
		t.Errorf("%s RevokedAt: got %v, want %v", what, got.RevokedAt, want.RevokedAt)
	case got.RevokedAt != nil:
		sameTime(t, what+" RevokedAt", *got.RevokedAt, us(*want.RevokedAt))
	}
	if got.ID != want.ID || got.OrgID != want.OrgID || !bytes.Equal(got.TokenHash, want.TokenHash) ||
		got.SubjectKind != want.SubjectKind || got.SubjectID != want.SubjectID || got.CreatedBy != want.CreatedBy {
		t.Errorf("%s: got %+v, want %+v", what, got, want)
	}
}

func feedIDs(t *testing.T, st store.Store, org int64) []int64 {
	t.Helper()
	fs, err := st.Feeds(t.Context(), org)
	if err != nil {
		t.Fatalf("feeds of org %d: %v", org, err)
	}
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	return ids
}

func testFeeds(t *testing.T, st store.Store) {
	ctx := t.Context()
	if ids := feedIDs(t, st, 1); len(ids) != 0 {
		t.Fatalf("empty store: %v", ids)
	}
	_, err := st.FeedByToken(ctx, tokenHash(1))
	wantErr(t, "feed of an empty store", err, store.ErrNotFound)

	old := mustFeed(t, st, feed(1, 1, "schedule", "primary", day0))
	newer := mustFeed(t, st, feed(1, 2, "user", "ada", day0.Add(time.Hour)))
	same := mustFeed(t, st, feed(1, 3, "user", "bob", day0.Add(time.Hour))) // same time: the later id first
	if old.ID == newer.ID || newer.ID == same.ID {
		t.Fatalf("feed ids %d %d %d", old.ID, newer.ID, same.ID)
	}
	if ids := feedIDs(t, st, 1); fmt.Sprint(ids) != fmt.Sprint([]int64{same.ID, newer.ID, old.ID}) {
		t.Fatalf("feeds %v, want newest first %v", ids, []int64{same.ID, newer.ID, old.ID})
	}
	want := feed(1, 1, "schedule", "primary", day0)
	want.ID = old.ID
	sameFeed(t, "created", old, want)
	got, err := st.FeedByToken(ctx, tokenHash(1))
	if err != nil {
		t.Fatal(err)
	}
	sameFeed(t, "by token", got, want)
	for _, h := range [][]byte{tokenHash(9), nil, tokenHash(1)[:31], append(tokenHash(1), 1)} {
		_, err := st.FeedByToken(ctx, h)
		wantErr(t, fmt.Sprintf("feed by token %x", h), err, store.ErrNotFound)
	}

	// A token another feed has, in any org, stores nothing.
	_, err = st.CreateFeed(ctx, feed(2, 1, "user", "eve", day0))
	wantErr(t, "create with a taken token", err, store.ErrConflict)
	if ids := feedIDs(t, st, 2); len(ids) != 0 {
		t.Fatalf("org 2 after a refused create: %v", ids)
	}

	// Revoked at the first revocation; still found by its token.
	at := day0.Add(2 * time.Hour)
	if err := st.RevokeFeed(ctx, 1, old.ID, at); err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeFeed(ctx, 1, old.ID, at.Add(time.Hour)); err != nil {
		t.Fatalf("second revoke: %v", err)
	}
	want.RevokedAt = &at
	got, err = st.FeedByToken(ctx, tokenHash(1))
	if err != nil {
		t.Fatal(err)
	}
	sameFeed(t, "revoked, by token", got, want)
	fs, _ := st.Feeds(ctx, 1)
	if len(fs) != 3 || fs[2].RevokedAt == nil || fs[0].RevokedAt != nil || fs[1].RevokedAt != nil {
		t.Fatalf("feeds after a revoke: %+v", fs)
	}
	wantErr(t, "revoke of an absent feed", st.RevokeFeed(ctx, 1, same.ID+1000, at), store.ErrNotFound)

	// Refused: a token that is no SHA-256, an unknown subject kind.
	for _, bad := range []store.CalendarFeed{
		{OrgID: 1, TokenHash: tokenHash(5)[:16], SubjectKind: "user", SubjectID: "ada"},
		{OrgID: 1, TokenHash: tokenHash(5), SubjectKind: "team", SubjectID: "ops"},
		{OrgID: 1, TokenHash: tokenHash(5), SubjectKind: "user", SubjectID: ""},
	} {
		if _, err := st.CreateFeed(ctx, bad); err == nil {
			t.Fatalf("feed %+v was accepted", bad)
		}
	}
	if ids := feedIDs(t, st, 1); len(ids) != 3 {
		t.Fatalf("feeds after refused creates: %v", ids)
	}
}

// testOnCallOrgIsolation: org 2 never sees or changes org 1's schedules,
// methods, feeds or key; the same schedule id lives in both.
func testOnCallOrgIsolation(t *testing.T, st store.Store) {
	ctx := t.Context()
	mustSave(t, st, 1, schedule("primary", "Org 1", `{"org":1}`), 0)
	mustSave(t, st, 1, schedule("only-1", "Org 1", `{}`), 0)
	mustSave(t, st, 2, schedule("primary", "Org 2", `{"org":2}`), 0)
	mustSave(t, st, 2, schedule("primary", "Org 2 again", `{"org":2}`), 1)
	if got, _ := st.Schedule(ctx, 1, "primary"); got.Version != 1 || got.Name != "Org 1" || string(got.Body) != `{"org":1}` {
		t.Fatalf("org 1's schedule after org 2's saves: %+v", got)
	}
	if ids := scheduleIDs(t, st, 2); strings.Join(ids, ",") != "primary" {
		t.Fatalf("org 2 lists %v", ids)
	}
	_, err := st.Schedule(ctx, 2, "only-1")
	wantErr(t, "org 2 reads org 1's schedule", err, store.ErrNotFound)
	_, err = st.SaveSchedule(ctx, 2, schedule("only-1", "Taken over", `{}`), 1)
	wantErr(t, "org 2 updates org 1's schedule", err, store.ErrNotFound)
	wantErr(t, "org 2 deletes org 1's schedule", st.DeleteSchedule(ctx, 2, "only-1", 1), store.ErrNotFound)
	if err := st.DeleteSchedule(ctx, 2, "primary", 2); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Schedule(ctx, 1, "primary"); err != nil || got.Name != "Org 1" {
		t.Fatalf("org 1's schedule after org 2 deleted its own: %+v %v", got, err)
	}

	mustPut(t, st, 1, method("ada", "mail", "email", 0))
	if got := methodKeys(t, st, 2); got != "" {
		t.Fatalf("org 2 sees methods %q", got)
	}
	if got := methodKeys(t, st, 2, "ada"); got != "" {
		t.Fatalf("org 2 sees ada's methods %q", got)
	}
	wantErr(t, "org 2 deletes org 1's method", st.DeleteContactMethod(ctx, 2, "ada", "mail"), store.ErrNotFound)
	mustPut(t, st, 2, method("ada", "mail", "slack", 5))
	ms, _ := st.ContactMethods(ctx, 1, nil)
	if len(ms) != 1 || ms[0].Kind != "email" || ms[0].Position != 0 {
		t.Fatalf("org 1's methods after org 2's put: %+v", ms)
	}

	f := mustFeed(t, st, feed(1, 7, "schedule", "primary", day0))
	if ids := feedIDs(t, st, 2); len(ids) != 0 {
		t.Fatalf("org 2 sees feeds %v", ids)
	}
	wantErr(t, "org 2 revokes org 1's feed", st.RevokeFeed(ctx, 2, f.ID, day0), store.ErrNotFound)
	// The token is the authority: it finds the feed with its org.
	got, err := st.FeedByToken(ctx, tokenHash(7))
	if err != nil || got.OrgID != 1 || got.RevokedAt != nil {
		t.Fatalf("by token after org 2's revoke: %+v %v", got, err)
	}

	k1, err1 := st.SigningKey(ctx, 1)
	k2, err2 := st.SigningKey(ctx, 2)
	if err1 != nil || err2 != nil || bytes.Equal(k1, k2) {
		t.Fatalf("the two orgs' keys: %x %v, %x %v", k1, err1, k2, err2)
	}
}

// testSigningKey: a random 32-byte key per org, the same on every call and
// from every store on the database, even when they race to create it.
func testSigningKey(t *testing.T, st store.Store) {
	ctx := t.Context()
	k, err := st.SigningKey(ctx, 1)
	if err != nil || len(k) != 32 || bytes.Equal(k, make([]byte, 32)) {
		t.Fatalf("key: %x %v", k, err)
	}
	if again, err := st.SigningKey(ctx, 1); err != nil || !bytes.Equal(again, k) {
		t.Fatalf("second call: %x %v, first %x", again, err, k)
	}
	other := reopen(t, st)
	if theirs, err := other.SigningKey(ctx, 1); err != nil || !bytes.Equal(theirs, k) {
		t.Fatalf("another store's key: %x %v, want %x", theirs, err, k)
	}

	// Fresh orgs, both stores racing to create each one's key.
	const orgs, callers = 4, 8
	keys := make([][][]byte, orgs)
	errs := make(chan error, orgs*callers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for o := range orgs {
		keys[o] = make([][]byte, callers)
		for c := range callers {
			on := st
			if c%2 == 1 {
				on = other
			}
			wg.Go(func() {
				<-start
				key, err := on.SigningKey(ctx, int64(100+o))
				if err != nil {
					errs <- err
				}
				keys[o][c] = key
			})
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("racing SigningKey: %v", err)
	}
	for o := range orgs {
		stored, err := st.SigningKey(ctx, int64(100+o))
		if err != nil || len(stored) != 32 {
			t.Fatalf("org %d: %x %v", 100+o, stored, err)
		}
		for c, key := range keys[o] {
			if !bytes.Equal(key, stored) {
				t.Fatalf("org %d caller %d got %x, the stored key is %x", 100+o, c, key, stored)
			}
		}
	}
}

// testOnCallBounds: values beyond the bounds are refused with an error
// naming them, and nothing is stored.
func testOnCallBounds(t *testing.T, st store.Store) {
	ctx := t.Context()
	refused := func(what, mentions string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s was accepted", what)
		}
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), mentions) {
			t.Fatalf("%s: the error %q does not name %q", what, err, mentions)
		}
	}
	// The largest values allowed are stored: 200 characters of 3 bytes,
	// a body of exactly 256 KiB.
	longest := strings.Repeat("é", store.MaxOnCallText)
	fullBody := `{"pad":"` + strings.Repeat("x", store.MaxScheduleBody-10) + `"}`
	if len(fullBody) != store.MaxScheduleBody {
		t.Fatalf("body of %d bytes", len(fullBody))
	}
	rec := schedule(longest, longest, fullBody)
	rec.UpdatedBy = longest
	if got := mustSave(t, st, 1, rec, 0); len(got.Body) != store.MaxScheduleBody {
		t.Fatalf("saved a body of %d bytes", len(got.Body))
	}
	if got, err := st.Schedule(ctx, 1, longest); err != nil || string(got.Body) != fullBody || got.Name != longest {
		t.Fatalf("read the largest schedule: %v", err)
	}

	tooBig := `{"pad":"` + strings.Repeat("x", store.MaxScheduleBody-9) + `"}`
	for _, c := range []struct {
		what, mentions string
		rec            store.ScheduleRecord
	}{
		{"a body over 256 KiB", "schedule body", schedule("big", "Big", tooBig)},
		{"a body that is not JSON", "schedule body", schedule("bad", "Bad", `{"a":`)},
		{"a name over 200 characters", "schedule name", schedule("long-name", longest+"x", `{}`)},
		{"an id over 200 characters", "schedule id", schedule(longest+"x", "Long id", `{}`)},
		{"an empty id", "schedule id", schedule("", "No id", `{}`)},
		{"an id that is not UTF-8", "schedule id", schedule("bad\xff", "Bad id", `{}`)},
	} {
		_, err := st.SaveSchedule(ctx, 1, c.rec, 0)
		refused(c.what, c.mentions, err)
		_, err = st.Schedule(ctx, 1, c.rec.ID)
		wantErr(t, c.what+": read after the refusal", err, store.ErrNotFound)
	}
	// An update too large leaves the stored version as it was.
	_, err := st.SaveSchedule(ctx, 1, schedule(longest, "Big", tooBig), 1)
	refused("an update over 256 KiB", "schedule body", err)
	if got, _ := st.Schedule(ctx, 1, longest); got.Version != 1 || string(got.Body) != fullBody {
		t.Fatalf("after a refused update: version %d", got.Version)
	}
	if ids := scheduleIDs(t, st, 1); len(ids) != 1 {
		t.Fatalf("schedules after the refusals: %d", len(ids))
	}

	// Contact methods: the largest allowed, then one byte more.
	m := method(longest, longest, "webhook", 0)
	m.Config = []byte(`{"url":"` + strings.Repeat("u", store.MaxContactConfig-10) + `"}`)
	m.Sealed = bytes.Repeat([]byte{7}, store.MaxContactSealed)
	if len(m.Config) != store.MaxContactConfig {
		t.Fatalf("config of %d bytes", len(m.Config))
	}
	mustPut(t, st, 1, m)
	bigConfig := method("ada", "big-config", "webhook", 0)
	bigConfig.Config = []byte(`{"url":"` + strings.Repeat("u", store.MaxContactConfig-9) + `"}`)
	bigSealed := method("ada", "big-sealed", "ntfy", 0)
	bigSealed.Sealed = bytes.Repeat([]byte{7}, store.MaxContactSealed+1)
	badConfig := method("ada", "bad-config", "email", 0)
	badConfig.Config = []byte("ada@example.com")
	for _, c := range []struct {
		what, mentions string
		m              store.ContactMethod
	}{
		{"a config over 4 KiB", "config", bigConfig},
		{"a sealed secret over 4 KiB", "sealed", bigSealed},
		{"a config that is not JSON", "config", badConfig},
		{"a login over 200 characters", "login", method(longest+"x", "mail", "email", 0)},
		{"an empty login", "login", method("", "mail", "email", 0)},
		{"an empty kind", "kind", method("ada", "mail", "", 0)},
		{"an empty id", "contact method id", method("ada", "", "email", 0)},
	} {
		_, err := st.PutContactMethod(ctx, 1, c.m)
		refused(c.what, c.mentions, err)
	}
	ms, err := st.ContactMethods(ctx, 1, nil)
	if err != nil || len(ms) != 1 || ms[0].Login != longest || !bytes.Equal(ms[0].Sealed, m.Sealed) || string(ms[0].Config) != string(m.Config) {
		t.Fatalf("methods after the refusals: %d %v", len(ms), err)
	}
}
