package page

// These drive Sender against httptest servers that check what ntfy, Gotify
// and Slack check. ntfy and Gotify are not run here (a real ntfy would be
// heckel.io/ntfy, too heavy for this suite; Gotify likewise), and Slack's
// API cannot be reached offline, so the fakes follow their published API
// docs (docs.ntfy.sh/publish, gotify.net/api-docs, api.slack.com/methods/
// chat.postMessage). The e-mail sender runs against a real Mailpit
// (email_test.go).

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// local is a Sender whose client may reach the test server on 127.0.0.1
// (the guarded transport allows private ranges; a plain client keeps the
// test independent of that).
func local(srv *httptest.Server) Sender {
	return Sender{HTTP: notify.Sender{Client: srv.Client(), Timeout: 5 * time.Second}}
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestSendNtfy(t *testing.T) {
	var checked bool
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != "POST" || r.URL.Path != "/warroom-alice" || r.Header.Get("Authorization") != "Bearer tk_secret" ||
			r.Header.Get("Priority") != "5" || r.Header.Get("Title") != "[SEV1] INC-2026-12-06-001 Checkout <down> & paging" ||
			r.Header.Get("Actions") != "view, Acknowledge, "+ackURL+", clear=true" || r.Header.Get("Click") != incidentURL ||
			r.Header.Get("User-Agent") != "warroom-incident-app" || !strings.HasPrefix(string(body), "Escalation tier 1") {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		checked = true
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"hwQ2YpKdmg","time":1765029780,"event":"message","topic":"warroom-alice","message":"Escalation"}`)
	})
	res := local(srv).Ntfy(context.Background(), Ntfy{URL: srv.URL + "/warroom-alice", Token: "tk_secret"}, testPage())
	if !res.OK() || !checked {
		t.Fatalf("result %+v", res)
	}
}

func TestSendNtfyRefusalsAreScrubbed(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		// ntfy's 401/403 body; a careless proxy also echoes the token.
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"code":40301,"http":403,"error":"forbidden","token":"`+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`"}`)
	})
	res := local(srv).Ntfy(context.Background(), Ntfy{URL: srv.URL + "/secret-topic", Token: "tk_secret"}, testPage())
	if res.OK() || res.Retryable || res.Status != 403 {
		t.Fatalf("result %+v", res)
	}
	for _, s := range []string{"tk_secret", "secret-topic"} {
		if strings.Contains(res.Error, s) {
			t.Errorf("error %q contains %q", res.Error, s)
		}
	}
}

func TestSendGotify(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/gotify/message" || r.Header.Get("X-Gotify-Key") != "AppTok.1" || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"Unauthorized","errorCode":401,"errorDescription":"you need to provide a valid access token or user credentials to access this api"}`)
			return
		}
		var m struct {
			Title    string `json:"title"`
			Message  string `json:"message"`
			Priority int    `json:"priority"`
		}
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.Title == "" || m.Priority != 10 {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		_, _ = io.WriteString(w, `{"id":25,"appid":5,"message":"…","title":"…","priority":10,"date":"2026-12-06T14:03:00Z"}`)
	})
	res := local(srv).Gotify(context.Background(), Gotify{URL: srv.URL + "/gotify/", Token: "AppTok.1"}, testPage())
	if !res.OK() {
		t.Fatalf("result %+v", res)
	}
	res = local(srv).Gotify(context.Background(), Gotify{URL: srv.URL + "/gotify/", Token: "WrongTok"}, testPage())
	if res.OK() || res.Retryable || res.Status != 401 || strings.Contains(res.Error, "WrongTok") {
		t.Fatalf("wrong token: %+v", res)
	}
}

func TestSendWebhook(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body["ackUrl"] != ackURL ||
			r.Header.Get("Idempotency-Key") != testPage().DeliveryID {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable) // down for now
	})
	res := local(srv).Webhook(context.Background(), Webhook{URL: srv.URL + "/hooks/alice"}, testPage())
	if res.OK() || !res.Retryable || res.Status != 503 {
		t.Fatalf("result %+v", res)
	}
}

// toSlack sends every request to srv, whatever its URL says, so the request
// that leaves BuildSlack (https://slack.com/api/chat.postMessage) is what
// the fake Slack sees.
type toSlack struct {
	srv  *httptest.Server
	seen *url.URL
}

func (t *toSlack) RoundTrip(r *http.Request) (*http.Response, error) {
	t.seen = r.URL
	u, _ := url.Parse(t.srv.URL)
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = u.Scheme, u.Host
	return http.DefaultTransport.RoundTrip(r)
}

// fakeSlack answers chat.postMessage as Slack does: 200 with ok:false for
// a bad token or an unknown member.
func fakeSlack(t *testing.T) (*httptest.Server, *toSlack) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		var m struct {
			Channel string `json:"channel"`
			Blocks  []struct {
				Type     string `json:"type"`
				Elements []struct {
					URL string `json:"url"`
				} `json:"elements"`
			} `json:"blocks"`
		}
		switch {
		case r.Method != "POST" || r.URL.Path != "/api/chat.postMessage":
			w.WriteHeader(http.StatusNotFound)
		case r.Header.Get("Authorization") != "Bearer xoxb-good":
			_, _ = io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
		case json.NewDecoder(r.Body).Decode(&m) != nil:
			_, _ = io.WriteString(w, `{"ok":false,"error":"invalid_json"}`)
		case m.Channel == "URATE":
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
		case m.Channel != "U0123ABC":
			_, _ = io.WriteString(w, `{"ok":false,"error":"user_not_found"}`)
		case len(m.Blocks) != 2 || m.Blocks[1].Elements[0].URL != ackURL:
			_, _ = io.WriteString(w, `{"ok":false,"error":"invalid_blocks"}`)
		default:
			_, _ = io.WriteString(w, `{"ok":true,"channel":"D0123","ts":"1765029780.000100","message":{"text":"…"}}`)
		}
	})
	return srv, &toSlack{srv: srv}
}

func TestSendSlack(t *testing.T) {
	_, rt := fakeSlack(t)
	s := Sender{HTTP: notify.Sender{Client: &http.Client{Transport: rt}, Timeout: 5 * time.Second}}
	cases := []struct {
		name, token, user string
		ok, retryable     bool
		err               string
	}{
		{"delivered", "xoxb-good", "U0123ABC", true, false, ""},
		{"bad token", "xoxb-bad-SECRET", "U0123ABC", false, false, "the Slack bot token is not valid (invalid_auth)"},
		{"unknown member", "xoxb-good", "U0999ZZZ", false, false, "Slack has no member with this id, or the bot cannot see them (user_not_found)"},
		{"rate limited", "xoxb-good", "URATE", false, true, "Slack is rate limiting the bot (ratelimited)"},
	}
	for _, c := range cases {
		res := s.Slack(context.Background(), c.token, SlackUser{UserID: c.user}, testPage())
		if res.OK() != c.ok || res.Retryable != c.retryable || res.Error != c.err {
			t.Errorf("%s: %+v", c.name, res)
		}
		if c.name == "rate limited" && res.RetryAfter != 30*time.Second {
			t.Errorf("rate limited: RetryAfter %s", res.RetryAfter)
		}
		if rt.seen == nil || rt.seen.String() != SlackPostMessageURL {
			t.Errorf("%s: sent to %v", c.name, rt.seen)
		}
	}
	// A page that cannot be built is not sent, and says why without the token.
	res := s.Slack(context.Background(), "xoxb SECRET", SlackUser{UserID: "U0123ABC"}, testPage())
	if res.Retryable || strings.Contains(res.Error, "SECRET") || !strings.HasPrefix(res.Error, "not sent: ") {
		t.Errorf("unbuildable: %+v", res)
	}
}

// TestMetadataAddressIsNeverCalled: a metadata URL is refused before any
// packet (the guarded transport would refuse it again at dial time).
func TestMetadataAddressIsNeverCalled(t *testing.T) {
	res := Sender{}.Webhook(context.Background(), Webhook{URL: "http://169.254.169.254/latest"}, testPage())
	if res.OK() || res.Retryable || !strings.Contains(res.Error, "metadata") {
		t.Fatalf("result %+v", res)
	}
}
