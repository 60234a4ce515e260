package notify

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// secretPath is the part of a channel URL that is a credential.
const secretPath = "/services/T000/B000/topsecret"

// receiver answers with handler and returns the channel URL pointing at it.
func receiver(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL + secretPath + "?token=tok123"
}

func noLeak(t *testing.T, res Result, url string) {
	t.Helper()
	for _, s := range []string{url, secretPath, "topsecret", "tok123"} {
		if strings.Contains(res.Error, s) {
			t.Errorf("Result.Error %q contains %q", res.Error, s)
		}
	}
}

func TestDeliverSignedWebhookEndToEnd(t *testing.T) {
	var verr error
	got := make(chan string, 1)
	url := receiver(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		verr = Verify("s3cret", r.Header.Get("X-Warroom-Timestamp"), body, r.Header.Get("X-Warroom-Signature"), at, time.Minute)
		got <- r.Header.Get("X-Warroom-Id") + " " + r.Header.Get("User-Agent")
		w.WriteHeader(http.StatusAccepted)
	})
	req, err := Build(Channel{Name: "bridge", Kind: KindWebhook, URL: url, Secret: "s3cret"}, message())
	if err != nil {
		t.Fatal(err)
	}
	res := Sender{}.Deliver(context.Background(), req)
	if !res.OK() || res.Status != http.StatusAccepted || res.Retryable {
		t.Fatalf("result %+v", res)
	}
	if verr != nil {
		t.Fatalf("receiver could not verify: %v", verr)
	}
	if h := <-got; h != message().ID+" warroom-incident-app" {
		t.Errorf("headers seen: %q", h)
	}
}

func TestDeliverClassifiesAnswers(t *testing.T) {
	echo := func(code int, header map[string]string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			for k, v := range header {
				w.Header().Set(k, v)
			}
			w.WriteHeader(code)
			// A careless receiver echoes the request URL: it must not reach us.
			fmt.Fprintf(w, "no route for POST %s (%s)", r.URL.RequestURI(), r.URL.Path)
		}
	}
	cases := []struct {
		name       string
		handler    http.HandlerFunc
		status     int
		retryable  bool
		retryAfter time.Duration
		contains   string
	}{
		{"delivered", echo(200, nil), 200, false, 0, ""},
		{"server error", echo(500, nil), 500, true, 0, "500 Internal Server Error"},
		{"unavailable with Retry-After", echo(503, map[string]string{"Retry-After": "120"}), 503, true, 2 * time.Minute, "503"},
		{"rate limited", echo(429, nil), 429, true, 0, "429"},
		{"bad request is permanent", echo(400, nil), 400, false, 0, "400 Bad Request: no route for POST"},
		{"gone is permanent", echo(404, nil), 404, false, 0, "404"},
		{"redirect is not followed", echo(302, map[string]string{"Location": "https://elsewhere.example/"}), 302, false, 0, "redirects are not followed"},
		{"slack says why", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			_, _ = io.WriteString(w, "invalid_payload")
		}, 400, false, 0, "400 Bad Request: invalid_payload"},
		{"html error pages are dropped", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			_, _ = io.WriteString(w, "<html><body>Bad gateway</body></html>")
		}, 502, true, 0, "502 Bad Gateway"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := receiver(t, tc.handler)
			req, err := Build(Channel{Name: "s", Kind: KindSlack, URL: url}, message())
			if err != nil {
				t.Fatal(err)
			}
			res := Sender{}.Deliver(context.Background(), req)
			if res.Status != tc.status || res.Retryable != tc.retryable || res.RetryAfter != tc.retryAfter {
				t.Errorf("result %+v", res)
			}
			if res.OK() != (tc.contains == "") || !strings.Contains(res.Error, tc.contains) {
				t.Errorf("error %q, want it to contain %q", res.Error, tc.contains)
			}
			if strings.Contains(res.Error, "<html") {
				t.Errorf("error keeps HTML: %q", res.Error)
			}
			noLeak(t, res, url)
		})
	}
}

func TestDeliverNetworkFailuresAreRetryable(t *testing.T) {
	release := make(chan struct{})
	slow := receiver(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL + secretPath
	closed.Close()
	cases := []struct {
		name, url, contains string
	}{
		{"timeout", slow, "no answer within 100ms"},
		{"connection refused", closedURL, "could not connect"},
		{"unresolvable host", "https://topsecret.invalid" + secretPath, "could not be resolved"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := Build(Channel{Name: "s", Kind: KindSlack, URL: tc.url}, message())
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			res := Sender{Timeout: 100 * time.Millisecond}.Deliver(context.Background(), req)
			if !res.Retryable || res.OK() || res.Status != 0 || !strings.Contains(res.Error, tc.contains) {
				t.Errorf("result %+v", res)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			noLeak(t, res, tc.url)
		})
	}
}

func TestDeliverUsesTheCallersClientWithoutChangingIt(t *testing.T) {
	client := &http.Client{}
	url := receiver(t, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/next", http.StatusFound) })
	req, _ := Build(Channel{Name: "s", Kind: KindSlack, URL: url}, message())
	if res := (Sender{Client: client}).Deliver(context.Background(), req); res.Status != http.StatusFound {
		t.Errorf("result %+v", res)
	}
	if client.CheckRedirect != nil {
		t.Error("the caller's client was modified")
	}
}

func TestBackoffSchedule(t *testing.T) {
	want := []time.Duration{0, 5 * time.Second, 15 * time.Second, 45 * time.Second, 2*time.Minute + 15*time.Second,
		6*time.Minute + 45*time.Second, 15 * time.Minute, 15 * time.Minute}
	for attempt, w := range want {
		if got := Backoff(attempt); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", attempt, got, w)
		}
	}
	if got := Backoff(1 << 30); got != 15*time.Minute {
		t.Errorf("Backoff(huge) = %v", got)
	}
}
