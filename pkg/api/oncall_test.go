package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/oncall/acklink"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/seal"
)

func withContactKey(a *api.API) {
	k, err := seal.KeyFromSecret("api-test")
	if err != nil {
		panic(err)
	}
	a.ContactKey = &k
}

func person(login string) apitest.Caller {
	return apitest.Caller{OrgID: 1, Login: login, Role: "Viewer"}
}

func mustStatus(t *testing.T, r apitest.Response, want int) apitest.Response {
	t.Helper()
	if r.Status != want {
		t.Fatalf("want %d, got %d %s", want, r.Status, r.Body)
	}
	return r
}

// TestAssigningARolePagesThePerson: making bob commander queues one
// notification per contact method of his, in the update's transaction;
// free text and the person making the change reach nobody; the same
// assignment is not queued twice.
func TestAssigningARolePagesThePerson(t *testing.T) {
	a := apitest.New(t, withContactKey)
	mustStatus(t, a.Call(t, person("bob"), "PUT", "/oncall/contact-methods/mail", `{"kind":"email","address":"bob@example.com"}`), http.StatusOK)
	mustStatus(t, a.Call(t, person("bob"), "PUT", "/oncall/contact-methods/push", `{"kind":"ntfy","url":"https://ntfy.example/bob-x1","position":1}`), http.StatusOK)
	mustStatus(t, a.Call(t, person("eddie"), "PUT", "/oncall/contact-methods/mail", `{"kind":"email","address":"eddie@example.com"}`), http.StatusOK)
	id, v := a.Declare(t, apitest.Editor, "roles")
	mustStatus(t, a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id,
		fmt.Sprintf(`{"version":%d,"roles":{"commander":"bob","communications":"Jane at the vendor","responders":["eddie"]}}`, v)), http.StatusOK)
	items, err := a.API.Store.ClaimOutbox(t.Context(), "test", []int64{1}, time.Now().Add(time.Minute), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	var chans []string
	for _, it := range items {
		chans = append(chans, it.Channel)
		var job paging.Job
		if err := json.Unmarshal(it.Payload, &job); err != nil || job.NeedsAck || !strings.Contains(job.Reason, "incident commander") {
			t.Errorf("job %+v %v", job, err)
		}
	}
	sort.Strings(chans)
	if fmt.Sprint(chans) != "[page/bob/mail page/bob/push]" {
		t.Fatalf("queued %v, want bob's two methods only (eddie made the change; Jane is free text)", chans)
	}
}

func TestContactMethodSecretsAreNeverReturned(t *testing.T) {
	a := apitest.New(t, withContactKey)
	r := mustStatus(t, a.Call(t, person("bob"), "PUT", "/oncall/contact-methods/push", `{"kind":"gotify","url":"https://gotify.example","token":"AppTok3n"}`), http.StatusOK)
	if strings.Contains(string(r.Body), "AppTok3n") || strings.Contains(string(r.Body), "gotify.example") || r.JSON(t)["hasSecret"] != true {
		t.Fatalf("answer shows the secret: %s", r.Body)
	}
	list := mustStatus(t, a.Call(t, person("bob"), "GET", "/oncall/contact-methods", ""), http.StatusOK)
	if strings.Contains(string(list.Body), "AppTok3n") {
		t.Fatalf("list shows the secret: %s", list.Body)
	}
	// A replace without the write-only part keeps it.
	mustStatus(t, a.Call(t, person("bob"), "PUT", "/oncall/contact-methods/push", `{"kind":"gotify","position":2}`), http.StatusOK)
	// Another person cannot read or change bob's, an Admin can.
	mustStatus(t, a.Call(t, person("mallory"), "GET", "/oncall/contact-methods?login=bob", ""), http.StatusForbidden)
	if got := mustStatus(t, a.Call(t, apitest.Admin, "GET", "/oncall/contact-methods?login=bob", ""), http.StatusOK).JSON(t)["methods"].([]any); len(got) != 1 {
		t.Fatalf("admin sees %v", got)
	}
	// Without a key, a method with a secret is refused with a reason.
	b := apitest.New(t)
	if r := b.Call(t, person("bob"), "PUT", "/oncall/contact-methods/push", `{"kind":"ntfy","url":"https://ntfy.example/t"}`); r.Status != http.StatusForbidden || !strings.Contains(string(r.Body), "secret_key") {
		t.Fatalf("no key: %d %s", r.Status, r.Body)
	}
	if r := b.Call(t, person("bob"), "PUT", "/oncall/contact-methods/mail", `{"kind":"email","address":"not-an-address"}`); r.Status != http.StatusBadRequest || fmt.Sprint(r.FieldPaths(t)) != "[address]" {
		t.Fatalf("bad address: %d %s", r.Status, r.Body)
	}
}

// TestAcknowledgeLinks: a signed link acknowledges its incident as the
// paged person, once; altered, foreign and expired links do not.
func TestAcknowledgeLinks(t *testing.T) {
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	a := apitest.New(t, func(x *api.API) { x.Now = func() time.Time { return now } })
	id, _ := a.Declare(t, apitest.Editor, "ack me")
	key, err := a.API.Store.SigningKey(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	tok := acklink.New(key, acklink.Claims{OrgID: 1, IncidentID: id, Login: "bob", Via: "ntfy", Firing: "tier:P1:1"}, now, time.Hour)
	anon := apitest.Anonymous("Viewer")
	info := mustStatus(t, a.Call(t, anon, "GET", "/ack?token="+url.QueryEscape(tok), ""), http.StatusOK).JSON(t)
	if info["incidentId"] != id || info["login"] != "bob" || info["acknowledged"] != nil {
		t.Fatalf("describe %v", info)
	}
	body := fmt.Sprintf(`{"token":%q}`, tok)
	acked := mustStatus(t, a.Call(t, anon, "POST", "/ack", body), http.StatusOK).JSON(t)
	if ack := acked["acknowledged"].(map[string]any); ack["by"] != "bob" {
		t.Fatalf("acknowledged %v", acked)
	}
	// A second click answers the first acknowledgement and writes nothing.
	again := mustStatus(t, a.Call(t, anon, "POST", "/ack", body), http.StatusOK).JSON(t)
	if again["acknowledged"].(map[string]any)["by"] != "bob" {
		t.Fatalf("second click %v", again)
	}
	kinds := a.EventKinds(t, apitest.Viewer, id)
	if fmt.Sprint(kinds) != "[declared step_completed]" {
		t.Fatalf("timeline %v", kinds)
	}
	// Altered, another org's and expired links.
	other := acklink.New([]byte("not the org key, 32 bytes long!!"), acklink.Claims{OrgID: 1, IncidentID: id, Login: "bob", Via: "email"}, now, time.Hour)
	for name, c := range map[string]struct {
		tok  string
		code string
	}{
		"altered":   {tok[:len(tok)-3] + "abc", "link_invalid"},
		"wrong key": {other, "link_invalid"},
		"expired":   {acklink.New(key, acklink.Claims{OrgID: 1, IncidentID: id, Login: "bob", Via: "email"}, now.Add(-2*time.Hour), time.Hour), "link_expired"},
		"garbage":   {"x", "link_invalid"},
	} {
		r := a.Call(t, anon, "POST", "/ack", fmt.Sprintf(`{"token":%q}`, c.tok))
		if r.ErrorCode(t) != c.code {
			t.Errorf("%s: %d %s, want %s", name, r.Status, r.Body, c.code)
		}
	}
}

// TestCalendarFeeds: a feed's URL answers iCalendar without a login until
// it is revoked; only its hash is stored.
func TestCalendarFeeds(t *testing.T) {
	a := apitest.New(t)
	sched := `{"version":0,"schedule":{"id":"primary","name":"Primary","timeZone":"Europe/Berlin","layers":[{"name":"w","rotation":{"participants":["alice","bob"],"every":1,"unit":"weeks","start":"2026-11-30T09:00"}}],"overrides":[]}}`
	mustStatus(t, a.Call(t, apitest.Editor, "POST", "/oncall/schedules", sched), http.StatusCreated)
	mustStatus(t, a.Call(t, apitest.Viewer, "POST", "/oncall/feeds", `{"subjectKind":"schedule","subjectId":"primary"}`), http.StatusForbidden)
	created := mustStatus(t, a.Call(t, apitest.Editor, "POST", "/oncall/feeds", `{"subjectKind":"schedule","subjectId":"primary"}`), http.StatusCreated).JSON(t)
	path := created["path"].(string)
	r := mustStatus(t, a.Call(t, apitest.Anonymous("None"), "GET", path, ""), http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") || !strings.Contains(string(r.Body), "BEGIN:VEVENT") || !strings.Contains(string(r.Body), "On call: alice") {
		t.Fatalf("feed %s\n%s", ct, r.Body)
	}
	feedID := created["feed"].(map[string]any)["id"].(float64)
	mustStatus(t, a.Call(t, apitest.Viewer, "DELETE", fmt.Sprintf("/oncall/feeds/%d", int(feedID)), ""), http.StatusForbidden)
	mustStatus(t, a.Call(t, apitest.Editor, "DELETE", fmt.Sprintf("/oncall/feeds/%d", int(feedID)), ""), http.StatusOK)
	if r := a.Call(t, apitest.Anonymous("None"), "GET", path, ""); r.ErrorCode(t) != "link_invalid" {
		t.Fatalf("revoked feed: %d %s", r.Status, r.Body)
	}
}

// TestPolicyTargetsMustExist: a policy naming a schedule or channel that
// does not exist is refused with the target's path.
func TestPolicyTargetsMustExist(t *testing.T) {
	a := apitest.New(t)
	p := mustStatus(t, a.Call(t, apitest.Admin, "GET", "/policy", ""), http.StatusOK).JSON(t)
	tier := p["levels"].([]any)[0].(map[string]any)["tiers"].([]any)[0].(map[string]any)
	tier["targets"] = []any{map[string]any{"kind": "schedule", "id": "nope"}, map[string]any{"kind": "user", "id": "eddie"}}
	b, _ := json.Marshal(p)
	r := a.Call(t, apitest.Admin, "PUT", "/policy", string(b))
	if r.Status != http.StatusBadRequest || fmt.Sprint(r.FieldPaths(t)) != "[levels[0].tiers[0].targets[0].id levels[0].tiers[0].targets[1].id]" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// eddie becomes known to Warroom (a contact method) and the schedule
	// exists: the same policy saves.
	mustStatus(t, a.Call(t, apitest.Editor, "PUT", "/oncall/contact-methods/mail", `{"kind":"email","address":"eddie@example.com"}`), http.StatusOK)
	sched := `{"version":0,"schedule":{"id":"nope","name":"Now it exists","timeZone":"UTC","layers":[{"name":"w","rotation":{"participants":["eddie"],"every":1,"unit":"days","start":"2026-11-30T09:00"}}],"overrides":[]}}`
	mustStatus(t, a.Call(t, apitest.Editor, "POST", "/oncall/schedules", sched), http.StatusCreated)
	mustStatus(t, a.Call(t, apitest.Admin, "PUT", "/policy", string(b)), http.StatusOK)
}

// TestTheIncidentSaysWhomItsTiersReachNowAndNext: beside the timers, each
// tier's schedule target names who is on call now and who takes over.
func TestTheIncidentSaysWhomItsTiersReachNowAndNext(t *testing.T) {
	now := time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC) // Tuesday; the rotation hands off Mondays 09:00 UTC
	a := apitest.New(t, func(x *api.API) { x.Now = func() time.Time { return now } })
	sched := `{"version":0,"schedule":{"id":"primary","name":"Primary","timeZone":"UTC","layers":[{"name":"w","rotation":{"participants":["alice","bob"],"every":1,"unit":"weeks","start":"2026-11-30T09:00"}}],"overrides":[]}}`
	mustStatus(t, a.Call(t, apitest.Editor, "POST", "/oncall/schedules", sched), http.StatusCreated)
	p := mustStatus(t, a.Call(t, apitest.Admin, "GET", "/policy", ""), http.StatusOK).JSON(t)
	p["levels"].([]any)[1].(map[string]any)["tiers"].([]any)[0].(map[string]any)["targets"] = []any{map[string]any{"kind": "schedule", "id": "primary"}}
	b, _ := json.Marshal(p)
	mustStatus(t, a.Call(t, apitest.Admin, "PUT", "/policy", string(b)), http.StatusOK)
	id, _ := a.Declare(t, apitest.Editor, "on call beside the timers") // P2
	oc := mustStatus(t, a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/oncall", ""), http.StatusOK).JSON(t)
	target := oc["tiers"].([]any)[0].(map[string]any)["targets"].([]any)[0].(map[string]any)
	next, _ := target["next"].(map[string]any)
	// Week 2 of the rotation (from Mon 7 Dec): bob, then alice from Mon 14 Dec.
	if fmt.Sprint(target["people"]) != "[bob]" || next == nil || next["user"] != "alice" || next["start"] != "2026-12-14T09:00:00Z" {
		t.Fatalf("target %v", target)
	}
	if oc["acknowledged"] != nil || oc["tiers"].([]any)[0].(map[string]any)["reached"] != true {
		t.Fatalf("on call %v", oc)
	}
}
