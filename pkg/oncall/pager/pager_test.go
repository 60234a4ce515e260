package pager_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/oncall/acklink"
	"github.com/warroom/warroom-incident-app/pkg/oncall/contact"
	"github.com/warroom/warroom-incident-app/pkg/oncall/pager"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/seal"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var now = time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)

// hook is a personal webhook receiver: a real HTTP server that keeps what it got.
type hook struct {
	mu     sync.Mutex
	bodies []map[string]any
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	h.mu.Lock()
	h.bodies = append(h.bodies, m)
	h.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func setup(t *testing.T, hookURL string) (*pager.Pager, store.Store) {
	t.Helper()
	st := testsqlite.Open(t)
	k, err := seal.KeyFromSecret("pager-test")
	if err != nil {
		t.Fatal(err)
	}
	m := contact.Method{Kind: contact.Webhook, Secret: contact.Secret{URL: hookURL}}
	cfg, secret, _ := m.Encode()
	sealed, err := seal.Seal(k, secret, contact.AAD(1, "bob", "hook"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cm := range []store.ContactMethod{
		{ID: "hook", Login: "bob", Kind: contact.Webhook, Config: cfg, Sealed: sealed},
		{ID: "mail", Login: "bob", Kind: contact.Email, Config: []byte(`{"address":"bob@example.com"}`), Position: 1},
		{ID: "dm", Login: "bob", Kind: contact.Slack, Config: []byte(`{"userId":"U0BOB"}`), Position: 2},
	} {
		if _, err := st.PutContactMethod(t.Context(), 1, cm); err != nil {
			t.Fatal(err)
		}
	}
	return &pager.Pager{Store: st, Key: &k}, st
}

func job(method string) paging.Job {
	return paging.Job{IncidentID: "INC-2026-12-06-001", Title: "API down", Severity: "P1", Login: "bob",
		Method: paging.Method{ID: method}, Reason: "P1 escalation", Firing: "tier:P1:1", NeedsAck: true, At: now}
}

// A page carries a link that acknowledges exactly its incident as the
// person paged, through the method that reached them.
func TestAPageCarriesASignedAcknowledgeLink(t *testing.T) {
	h := &hook{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	p, st := setup(t, srv.URL+"/bob")
	org := outbox.Org{BaseURL: "https://grafana.example/", SeverityLabels: "SEV"}
	j := job("hook")
	j.Method.Kind = contact.Webhook
	if res := p.Page(t.Context(), 1, org, j, "1/INC/tier:P1:1/page/bob/hook", now); !res.OK() {
		t.Fatalf("page: %+v", res)
	}
	if len(h.bodies) != 1 {
		t.Fatalf("%d deliveries", len(h.bodies))
	}
	got := h.bodies[0]
	if got["incidentUrl"] != "https://grafana.example/a/warroom-incident-app/incidents/INC-2026-12-06-001" || got["severityLabel"] != "SEV1" {
		t.Errorf("page %v", got)
	}
	link, _ := url.Parse(got["ackUrl"].(string))
	if link.Host != "grafana.example" || link.Path != "/a/warroom-incident-app/ack" {
		t.Fatalf("ack link %v", link)
	}
	key, _ := st.SigningKey(t.Context(), 1)
	c, err := acklink.Verify(key, link.Query().Get("token"), now.Add(time.Hour))
	if err != nil || c.IncidentID != "INC-2026-12-06-001" || c.Login != "bob" || c.Via != contact.Webhook || c.Firing != "tier:P1:1" {
		t.Fatalf("claims %+v %v", c, err)
	}
}

func TestWhatCannotBeSentSaysWhyAndIsNotRetried(t *testing.T) {
	p, _ := setup(t, "http://127.0.0.1:1/none")
	base := outbox.Org{BaseURL: "https://grafana.example"}
	cases := map[string]struct {
		org  outbox.Org
		job  paging.Job
		want string
	}{
		"no mail relay":     {base, job("mail"), "no mail server is configured"},
		"no Slack bot":      {base, job("dm"), "no Slack bot token"},
		"method removed":    {base, job("gone"), "removed"},
		"no Grafana URL":    {outbox.Org{}, job("mail"), "root_url"},
		"another key's row": {base, job("hook"), ""},
	}
	wrongKey, _ := seal.KeyFromSecret("another")
	for name, c := range cases {
		pp := *p
		if name == "another key's row" {
			pp.Key = &wrongKey
			c.want = "cannot be opened"
		}
		res := pp.Page(t.Context(), 1, c.org, c.job, "d", now)
		if res.OK() || res.Retryable || !strings.Contains(res.Error, c.want) {
			t.Errorf("%s: %+v, want a permanent error about %q", name, res, c.want)
		}
	}
}
