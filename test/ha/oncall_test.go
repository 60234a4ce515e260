package ha

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/internal/testservers/mailpit"
	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/notify/page"
	"github.com/warroom/warroom-incident-app/pkg/oncall/pager"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/seal"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

// sealSecret derives the key both back ends and the API seal contact
// methods with (secret_key in grafana.ini, shared by an HA cluster).
const sealSecret = "ha-oncall-secret-key"

// baseURL is Grafana's root URL as the pages link to it.
const baseURL = "https://grafana.example"

func sealKey() seal.Key {
	k, err := seal.KeyFromSecret(sealSecret)
	if err != nil {
		panic(err)
	}
	return k
}

// pagingWorker is a node's outbox worker with the org's relay and pager.
func pagingWorker(name string, st store.Store, smtpAddr string) *outbox.Worker {
	host, port, _ := strings.Cut(smtpAddr, ":")
	p, _ := strconv.Atoi(port)
	dir := &outbox.Directory{}
	dir.Set(1, outbox.Org{BaseURL: baseURL, SMTP: &page.SMTP{Host: host, Port: p, TLS: page.TLSNone, From: "Warroom <warroom@example.com>"}})
	k := sealKey()
	return &outbox.Worker{Store: st, Directory: dir, Owner: name, Lease: time.Minute, Parallel: 2,
		Pager: &pager.Pager{Store: st, Key: &k, Email: page.EmailSender{Timeout: 10 * time.Second}}}
}

// pushReceiver is a personal push endpoint (what an ntfy or Gotify
// webhook bridge receives): it counts each page by its delivery id.
type pushReceiver struct {
	mu    sync.Mutex
	pages map[string]int // X-Warroom-Id → deliveries
	to    map[string]string
}

func (p *pushReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var m struct {
		AckURL string `json:"ackUrl"`
	}
	_ = json.Unmarshal(body, &m)
	p.mu.Lock()
	defer p.mu.Unlock()
	id := r.Header.Get("X-Warroom-Id")
	p.pages[id]++
	p.to[id] = r.URL.Path
	w.WriteHeader(http.StatusOK)
}

func (p *pushReceiver) byPath() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for id, n := range p.pages {
		out[p.to[id]] += n
	}
	return out
}

// TestThreeAM is the scenario on PostgreSQL with two back-end
// processes and a driven clock: at 03:00 an alert opens a P1; dave (on call
// tonight by an override of the weekly primary rotation) gets one email and
// one push page; nobody acknowledges; at 03:15 the secondary (bob) is paged;
// bob acknowledges through the link in his email as a person without a
// Grafana login; at 03:30 and 04:00 nothing more fires. Every page exactly
// once across both processes.
func TestThreeAM(t *testing.T) {
	ctx := t.Context()
	dsn := testpg.DSN(t)
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mail := mailpit.Start(t, mailpit.Options{})
	push := &pushReceiver{pages: map[string]int{}, to: map[string]string{}}
	pushSrv := httptest.NewServer(push)
	defer pushSrv.Close()

	night := time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC) // a Tuesday, 04:00 in Berlin
	clock := night
	k := sealKey()
	srv := apitest.Over(st, func(a *api.API) { a.Now = func() time.Time { return clock }; a.ContactKey = &k })
	admin := apitest.Caller{OrgID: 1, Login: "ada", Role: "Admin"}
	call := func(who apitest.Caller, method, path string, body any, want int) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		if body == nil {
			b = nil
		}
		r := srv.Call(t, who, method, path, string(b))
		if r.Status != want {
			t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
		}
		return r.JSON(t)
	}

	// Schedules: a weekly primary rotation (alice, carol; Monday 09:00
	// Berlin) with dave covering tonight; a weekly secondary of bob.
	primary := schedule.Schedule{ID: "primary", Name: "Primary", TimeZone: "Europe/Berlin",
		Layers:    []schedule.Layer{{Name: "weekly", Rotation: &schedule.Rotation{Participants: []string{"alice", "carol"}, Every: 1, Unit: "weeks", Start: "2026-11-30T09:00"}}},
		Overrides: []schedule.Override{{ID: "cover", User: "dave", Start: night.Add(-6 * time.Hour), End: night.Add(4 * time.Hour), Reason: "alice at a wedding"}}}
	secondary := schedule.Schedule{ID: "secondary", Name: "Secondary", TimeZone: "Europe/Berlin",
		Layers: []schedule.Layer{{Name: "weekly", Rotation: &schedule.Rotation{Participants: []string{"bob"}, Every: 1, Unit: "weeks", Start: "2026-11-30T09:00"}}}}
	for _, s := range []schedule.Schedule{primary, secondary} {
		call(admin, "POST", "/oncall/schedules", api.ScheduleRequest{Schedule: s}, http.StatusCreated)
	}
	now := call(admin, "GET", "/oncall/schedules", nil, http.StatusOK)["schedules"].([]any)
	if who := now[0].(map[string]any)["now"].(map[string]any)["user"]; who != "dave" {
		t.Fatalf("primary on call at 03:00: %v, want dave (the override)", who)
	}

	// Contact methods: each person's email and personal push endpoint.
	for _, who := range []string{"dave", "bob", "alice"} {
		me := apitest.Caller{OrgID: 1, Login: who, Role: "Viewer"}
		call(me, "PUT", "/oncall/contact-methods/mail", api.ContactMethodRequest{Kind: "email", Address: who + "@example.com"}, http.StatusOK)
		call(me, "PUT", "/oncall/contact-methods/push", api.ContactMethodRequest{Kind: "webhook", URL: pushSrv.URL + "/" + who, Position: 1}, http.StatusOK)
	}

	// The policy: P1 pages the primary at once and the secondary after 15
	// minutes (tiers 30m and 60m stay notes).
	pol := call(admin, "GET", "/policy", nil, http.StatusOK)
	var p policy.Policy
	b, _ := json.Marshal(pol)
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p.Levels[0].Tiers[0].Targets = []policy.Target{{Kind: policy.TargetSchedule, ID: "primary"}}
	p.Levels[0].Tiers[1].Targets = []policy.Target{{Kind: policy.TargetSchedule, ID: "secondary"}}
	call(admin, "PUT", "/policy", p, http.StatusOK)

	// 03:00: the alert opens a P1.
	alert := strings.ReplaceAll(apitest.AlertNotification("group-3am", "firing", "fp-1"), `"severity":"critical"`, `"severity":"P1"`)
	id := srv.OpenByAlert(t, alert)

	h := newHarness(t, dsn, night)
	a := startNode(t, "a", "page", dsn, envSMTP+"="+mail.SMTPAddr())
	bNode := startNode(t, "b", "page", dsn, envSMTP+"="+mail.SMTPAddr())
	step := func(at time.Time) {
		t.Helper()
		clock = at
		h.set(at)
		h.waitFor(at, "a", "b")
		// A delivery started in a pass finishes in it (RunOnce waits), and a
		// row committed by the other node's tick is taken at the next value:
		// one more pass each at the same minute plus a second.
		at2 := at.Add(time.Second)
		h.set(at2)
		h.waitFor(at2, "a", "b")
	}

	step(night)
	msgs, err := mail.WaitForMessages(1, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0].To[0].Address != "dave@example.com" || !strings.Contains(msgs[0].Subject, id) {
		t.Fatalf("at 03:00 mail %+v, want one page to dave about %s", msgs, id)
	}
	if got := push.byPath(); got["/dave"] != 1 || len(got) != 1 {
		t.Fatalf("push pages at 03:00 %v, want one to dave", got)
	}

	// Nobody acknowledges: at 03:15 the secondary is paged.
	step(night.Add(15 * time.Minute))
	msgs, err = mail.WaitForMessages(2, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var bobMail string
	for _, m := range msgs {
		if m.To[0].Address == "bob@example.com" {
			bobMail = m.ID
		}
	}
	if len(msgs) != 2 || bobMail == "" {
		t.Fatalf("at 03:15 mail %+v, want a second page, to bob", msgs)
	}
	if got := push.byPath(); got["/dave"] != 1 || got["/bob"] != 1 || len(got) != 2 {
		t.Fatalf("push pages at 03:15 %v", got)
	}

	// Bob acknowledges through the link in his email, without a login
	// (Grafana's anonymous user).
	full, err := mail.Message(bobMail)
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(baseURL+pager.AppPath+"/ack?token=") + `[A-Za-z0-9._%-]+`).FindString(full.Text)
	if link == "" {
		t.Fatalf("no acknowledge link in bob's email:\n%s", full.Text)
	}
	u, _ := url.Parse(link)
	clock = night.Add(17 * time.Minute)
	anon := apitest.Anonymous("Viewer")
	info := call(anon, "GET", "/ack?token="+url.QueryEscape(u.Query().Get("token")), nil, http.StatusOK)
	if info["incidentId"] != id || info["login"] != "bob" || info["via"] != "email" || info["acknowledged"] != nil {
		t.Fatalf("link describes %v", info)
	}
	acked := call(anon, "POST", "/ack", api.AckRequest{Token: u.Query().Get("token")}, http.StatusOK)
	if ack, _ := acked["acknowledged"].(map[string]any); ack == nil || ack["by"] != "bob" {
		t.Fatalf("acknowledged %v, want by bob", acked)
	}

	// 03:30 and 04:00: the ladder is stopped; nothing more is sent.
	step(night.Add(30 * time.Minute))
	step(night.Add(60 * time.Minute))
	h.stop()
	a.wait(t)
	bNode.wait(t)

	if msgs, _ := mail.Messages(); len(msgs) != 2 {
		t.Errorf("%d emails in all, want 2 (dave, bob)", len(msgs))
	}
	if got := push.byPath(); got["/dave"] != 1 || got["/bob"] != 1 || len(got) != 2 {
		t.Errorf("push pages in all %v, want one each to dave and bob", got)
	}
	for id, n := range push.pages {
		if n != 1 {
			t.Errorf("push page %s delivered %d times", id, n)
		}
	}
	// The timeline: tiers 0 and 1 paged (one escalation each), tier 2 and 3
	// never fired; one delivery record per person and method; the
	// acknowledgement by bob through email.
	evs, err := st.ListEvents(ctx, 1, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var tiers, delivered []string
	ackBy := ""
	for _, e := range evs {
		switch e.Kind {
		case "escalation":
			tiers = append(tiers, fmt.Sprint(e.Payload["key"]))
		case "notification_delivered":
			delivered = append(delivered, fmt.Sprint(e.Payload["recipient"], "/", e.Payload["via"]))
		case "step_completed":
			if strings.Contains(fmt.Sprint(e.Payload), "acknowledged through the email page link") {
				ackBy = e.Author
			}
		}
	}
	if fmt.Sprint(tiers) != "[tier:P1:0 tier:P1:1]" {
		t.Errorf("escalations %v, want tier 0 and tier 1 only", tiers)
	}
	if len(delivered) != 4 {
		t.Errorf("delivery records %v, want 4 (dave and bob, email and push)", delivered)
	}
	if ackBy != "bob" {
		t.Errorf("acknowledged by %q, want bob through email", ackBy)
	}
	if a.cmd.ProcessState == nil || bNode.cmd.ProcessState == nil {
		t.Fatal("nodes still running")
	}
}
