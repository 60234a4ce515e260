package page

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// Sender sends pages over the HTTP transports (ntfy, Gotify, webhook,
// Slack), one attempt each, through notify.Sender: the address policy on
// every dial, no redirects, the same classification of answers. The zero
// value works.
type Sender struct {
	HTTP notify.Sender
}

// notSent is the Result of a page that could not be built: permanent, since
// the same method and page fail the same way next time.
func notSent(err error) notify.Result {
	return notify.Result{Error: "not sent: " + err.Error()}
}

// Ntfy publishes p to m's topic.
func (s Sender) Ntfy(ctx context.Context, m Ntfy, p Page) notify.Result {
	req, err := BuildNtfy(m, p)
	if err != nil {
		return notSent(err)
	}
	return scrubResult(s.HTTP.Deliver(ctx, req), m.Token)
}

// Gotify posts p to m's server.
func (s Sender) Gotify(ctx context.Context, m Gotify, p Page) notify.Result {
	req, err := BuildGotify(m, p)
	if err != nil {
		return notSent(err)
	}
	return scrubResult(s.HTTP.Deliver(ctx, req), m.Token)
}

// Webhook posts p to m's URL.
func (s Sender) Webhook(ctx context.Context, m Webhook, p Page) notify.Result {
	req, err := BuildWebhook(m, p)
	if err != nil {
		return notSent(err)
	}
	return s.HTTP.Deliver(ctx, req)
}

// Slack sends p as a direct message with the bot token and reads Slack's
// answer (SlackResult): notify.Sender only reports the HTTP status, and
// Slack refuses with a 200.
func (s Sender) Slack(ctx context.Context, token string, m SlackUser, p Page) notify.Result {
	req, err := BuildSlack(token, m, p)
	if err != nil {
		return notSent(err)
	}
	capture := &captureTransport{base: s.transport()}
	hs := s.HTTP
	c := http.Client{}
	if s.HTTP.Client != nil {
		c = *s.HTTP.Client
	}
	c.Transport = capture
	hs.Client = &c
	res := hs.Deliver(ctx, req)
	return scrubResult(SlackResult(capture.body(), res), token)
}

// guarded is the address-policy transport for the zero Sender, shared so
// connections are reused (notify keeps its own unexported one).
var guarded = httpcheck.Transport(true, nil)

// transport is what notify.Sender would dial with.
func (s Sender) transport() http.RoundTripper {
	switch {
	case s.HTTP.Client != nil && s.HTTP.Client.Transport != nil:
		return s.HTTP.Client.Transport
	case s.HTTP.Client != nil:
		return http.DefaultTransport
	case s.HTTP.Resolver != nil:
		return httpcheck.Transport(true, s.HTTP.Resolver)
	}
	return guarded
}

// captureTransport keeps the first 64 KiB of the response body as the
// caller reads it (notify.Sender reads the whole answer of a small body).
type captureTransport struct {
	base http.RoundTripper
	mu   sync.Mutex
	buf  bytes.Buffer
}

const captureMax = 64 << 10

func (c *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	resp.Body = &teeBody{ReadCloser: resp.Body, c: c}
	return resp, nil
}

func (c *captureTransport) body() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.buf.Bytes())
}

type teeBody struct {
	io.ReadCloser
	c *captureTransport
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.c.mu.Lock()
	if room := captureMax - t.c.buf.Len(); room > 0 {
		t.c.buf.Write(p[:min(n, room)])
	}
	t.c.mu.Unlock()
	return n, err
}

// scrubResult removes tokens a receiver may have echoed into its answer
// (notify already removes the URL).
func scrubResult(r notify.Result, secrets ...string) notify.Result {
	r.Error = scrubSecrets(r.Error, secrets...)
	return r
}
