package outbox_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// scripted answers each request with the next status of its script.
type scripted struct {
	mu      sync.Mutex
	script  []int
	got     []*http.Request
	bodies  []string
	retryIn string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, r)
	b, _ := io.ReadAll(r.Body)
	s.bodies = append(s.bodies, string(b))
	code := http.StatusOK
	if len(s.script) > 0 {
		code, s.script = s.script[0], s.script[1:]
	}
	if s.retryIn != "" {
		w.Header().Set("Retry-After", s.retryIn)
	}
	w.WriteHeader(code)
	fmt.Fprint(w, "echo "+r.URL.String()) // a receiver echoing the secret path back
}

func setup(t *testing.T, script ...int) (*outbox.Worker, store.Store, incident.Incident, *scripted) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rc := &scripted{script: script}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	inc, err := st.CreateIncident(t.Context(), 1, store.NewIncident{Title: "t", Severity: incident.P1, Status: incident.Investigating, Author: "ada", At: t0,
		Details: incident.Details{}.Normalize()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"id":"1/` + inc.ID + `/tier:P1:1/ops","incidentId":"` + inc.ID + `","title":"t","text":"engage","severity":"P1","kind":"escalation","at":"2026-11-02T09:15:00Z"}`
	if _, err := st.Commit(t.Context(), store.Effects{OrgID: 1, IncidentID: inc.ID, Key: "tier:P1:1", At: t0,
		Outbox: []store.NewOutbox{{Channel: "ops", DeliveryID: "1/" + inc.ID + "/tier:P1:1/ops", Payload: []byte(body)}}}); err != nil {
		t.Fatal(err)
	}
	dir := &outbox.Directory{}
	dir.Set(1, outbox.Org{BaseURL: "https://grafana.example.com/", SeverityLabels: "SEV", Channels: []notify.Channel{
		{ID: "ops", Name: "ops", Kind: notify.KindWebhook, URL: srv.URL + "/in/s3cr3t-path?token=tok3n", Secret: "k"}}})
	return &outbox.Worker{Store: st, Directory: dir, Owner: "me", MaxAttempts: 3}, st, inc, rc
}

func timeline(t *testing.T, st store.Store, id string) (delivered, failed []incident.Event) {
	evs, err := st.ListEvents(t.Context(), 1, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		switch e.Kind {
		case incident.EventNotificationDelivered:
			delivered = append(delivered, e)
		case incident.EventNotificationFailed:
			failed = append(failed, e)
		}
		if p := fmt.Sprint(e.Payload); strings.Contains(p, "s3cr3t") || strings.Contains(p, "tok3n") {
			t.Errorf("the channel URL reached the timeline: %s", p)
		}
	}
	return delivered, failed
}

func pass(t *testing.T, w *outbox.Worker, at time.Duration) outbox.Stats {
	t.Helper()
	s, err := w.RunOnce(t.Context(), t0.Add(at))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRetriesWithBackoffThenDelivers(t *testing.T) {
	w, st, inc, rc := setup(t, 500, 503, 200)
	if s := pass(t, w, 0); s.Retried != 1 {
		t.Fatalf("first pass %+v", s)
	}
	if s := pass(t, w, 4*time.Second); s != (outbox.Stats{}) {
		t.Fatalf("retried before the 5s backoff: %+v", s)
	}
	pass(t, w, 5*time.Second) // second failure: next in 15s
	if s := pass(t, w, 19*time.Second); s != (outbox.Stats{}) {
		t.Fatalf("retried before the 15s backoff: %+v", s)
	}
	if s := pass(t, w, 20*time.Second); s.Delivered != 1 {
		t.Fatalf("third attempt %+v", s)
	}
	if s := pass(t, w, time.Hour); s != (outbox.Stats{}) {
		t.Fatalf("a delivered row came back: %+v", s)
	}
	delivered, failed := timeline(t, st, inc.ID)
	if len(delivered) != 1 || len(failed) != 0 || delivered[0].Payload["attempts"] != float64(3) {
		t.Fatalf("timeline: delivered %v, failed %v; want one entry after 3 attempts", delivered, failed)
	}
	r := rc.got[2]
	if r.Header.Get("Idempotency-Key") != "1/"+inc.ID+"/tier:P1:1/ops" || r.Header.Get("X-Warroom-Id") != r.Header.Get("Idempotency-Key") {
		t.Errorf("idempotency headers %v", r.Header)
	}
	if rc.got[0].Header.Get("X-Warroom-Timestamp") == rc.got[2].Header.Get("X-Warroom-Timestamp") {
		t.Error("a retry must be signed with its own timestamp")
	}
}

func TestGivesUpOnceWithOneEntry(t *testing.T) {
	t.Run("permanent answer", func(t *testing.T) {
		w, st, inc, _ := setup(t, 404)
		if s := pass(t, w, 0); s.Failed != 1 {
			t.Fatalf("%+v", s)
		}
		_, failed := timeline(t, st, inc.ID)
		if len(failed) != 1 || !strings.Contains(fmt.Sprint(failed[0].Payload["error"]), "404") {
			t.Fatalf("failed entries %v", failed)
		}
	})
	t.Run("retries exhausted", func(t *testing.T) {
		w, st, inc, rc := setup(t, 500, 500, 500, 200)
		for _, at := range []time.Duration{0, 5 * time.Second, 20 * time.Second, time.Hour} {
			pass(t, w, at)
		}
		delivered, failed := timeline(t, st, inc.ID)
		if len(rc.got) != 3 || len(delivered) != 0 || len(failed) != 1 {
			t.Fatalf("requests %d, delivered %d, failed %d; want 3 attempts and one failure entry", len(rc.got), len(delivered), len(failed))
		}
	})
	t.Run("channel removed from the settings", func(t *testing.T) {
		w, st, inc, rc := setup(t)
		w.Directory.Set(1, outbox.Org{})
		if s := pass(t, w, 0); s.Failed != 1 || len(rc.got) != 0 {
			t.Fatalf("%+v, %d requests", s, len(rc.got))
		}
		if _, failed := timeline(t, st, inc.ID); len(failed) != 1 {
			t.Fatalf("failed entries %v", failed)
		}
	})
}

// Rows of orgs this process has no settings for wait for a process that has.
func TestOnlyKnownOrgsAreClaimed(t *testing.T) {
	w, _, _, rc := setup(t)
	w.Directory = &outbox.Directory{}
	if s := pass(t, w, 0); s != (outbox.Stats{}) || len(rc.got) != 0 {
		t.Fatalf("%+v, %d requests", s, len(rc.got))
	}
}

func TestMessageCarriesLinkAndLabels(t *testing.T) {
	w, _, inc, rc := setup(t)
	pass(t, w, 0)
	if len(rc.got) != 1 {
		t.Fatal(len(rc.got))
	}
	// The body is signed and checked by notify's tests; here: the link and
	// the org's labels were filled at delivery.
	body := rc.bodies[0]
	if !strings.Contains(body, `"url":"https://grafana.example.com/a/warroom-incident-app/incidents/`+inc.ID+`"`) || !strings.Contains(body, `"severityLabel":"SEV1"`) {
		t.Errorf("body %s", body)
	}
}
