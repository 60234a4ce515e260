package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
)

// DefaultTimeout bounds one delivery attempt when Sender.Timeout is unset:
// a receiver slower than this is treated as down and retried later.
const DefaultTimeout = 10 * time.Second

// Sender delivers requests. The zero value works: it dials under the
// address policy (guarded).
type Sender struct {
	// Client replaces the guarded client (tests that need their own).
	Client  *http.Client
	Timeout time.Duration
	// Resolver looks receivers' names up for the guarded client; nil is
	// the system resolver (tests give a fake one).
	Resolver *net.Resolver
}

// guarded is the zero Sender's transport, shared so connections to a
// receiver are reused across deliveries: every new connection is checked
// against the address policy after DNS resolution, so a name that turns
// into the metadata service after the URL was saved is still refused.
var guarded = httpcheck.Transport(true, nil)

// Result is the outcome of one attempt, safe to store on the timeline: Error
// never contains the channel URL.
type Result struct {
	Status    int    `json:"status,omitempty"`
	Retryable bool   `json:"retryable"`
	Error     string `json:"error,omitempty"`
	// RetryAfter is the receiver's own Retry-After (seconds form), if any.
	RetryAfter time.Duration `json:"retryAfter,omitempty"`
}

// OK reports a delivered message.
func (r Result) OK() bool { return r.Error == "" && r.Status >= 200 && r.Status < 300 }

// Deliver makes one attempt. 2xx is delivered; 408, 429, 5xx and network
// failures are retryable; any other answer, redirects included, is
// permanent: resending the same request cannot fix it.
func (s Sender) Deliver(ctx context.Context, r Request) Result {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return Result{Error: "the request could not be built; check the channel URL"}
	}
	req.Header = r.Header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("User-Agent", "warroom-incident-app")
	resp, err := s.client().Do(req)
	if err != nil {
		// A refused address is refused again on every attempt.
		var blocked *httpcheck.BlockedError
		return Result{Retryable: !errors.As(err, &blocked), Error: describe(err, timeout)}
	}
	defer resp.Body.Close()
	snippet := readSnippet(resp.Body)
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	res := Result{Status: resp.StatusCode}
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return res
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		res.Retryable, res.RetryAfter = true, retryAfter(resp.Header)
	}
	res.Error = fmt.Sprintf("the receiver answered %d %s", code, http.StatusText(code))
	if code >= 300 && code < 400 {
		res.Error += "; redirects are not followed, configure the final URL"
	}
	if snippet != "" {
		res.Error += ": " + snippet
	}
	res.Error = scrub(res.Error, r.URL)
	return res
}

// client never follows redirects: a redirected POST may be replayed
// elsewhere or silently turned into a GET, and the body is signed for one URL.
func (s Sender) client() *http.Client {
	c := http.Client{Transport: guarded}
	switch {
	case s.Client != nil:
		c = *s.Client
	case s.Resolver != nil:
		c.Transport = httpcheck.Transport(true, s.Resolver)
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// describe names a network failure without quoting url.Error, whose text
// carries the full URL.
func describe(err error, timeout time.Duration) string {
	var blocked *httpcheck.BlockedError
	if errors.As(err, &blocked) {
		// The address policy refused the address the name resolved to.
		return "not sent: the receiver's address is a " + blocked.Reason + ", which is never called"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %s", timeout)
	}
	return DescribeNetError(err, timeout, "the receiver")
}

// DescribeNetError names a network failure talking to peer ("the
// receiver", "the mail server") in words safe for a timeline: never the
// error's own text, which may quote a URL or a server's banner.
func DescribeNetError(err error, timeout time.Duration, peer string) string {
	var dns *net.DNSError
	var netErr net.Error
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var op *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("no answer from %s within %s", peer, timeout)
	case errors.Is(err, context.Canceled):
		return "canceled before " + peer + " answered"
	case errors.As(err, &dns):
		return peer + "'s host name could not be resolved"
	case errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid), errors.As(err, &record):
		return "TLS failed: " + peer + "'s certificate was not accepted"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), strings.Contains(err.Error(), "EOF"):
		return peer + " closed the connection without answering"
	case errors.As(err, &op) && op.Op == "dial":
		return "could not connect to " + peer
	}
	return "network error before " + peer + " answered"
}

// readSnippet keeps the start of a plain-text answer (Slack says
// "invalid_payload", "no_text"…); HTML error pages are noise.
func readSnippet(body io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(body, 512))
	s := strings.TrimSpace(string(b))
	if l := strings.ToLower(s); strings.HasPrefix(l, "<!doctype") || strings.HasPrefix(l, "<html") {
		return ""
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, s)
	return truncate(strings.Join(strings.Fields(s), " "), 200)
}

// scrub removes the URL and its secret-bearing parts from text a receiver
// may have echoed back.
func scrub(s, raw string) string {
	parts := []string{raw}
	if u, err := url.Parse(raw); err == nil {
		parts = append(parts, u.String(), u.RequestURI(), u.EscapedPath(), u.Path, u.RawQuery)
		if u.User != nil {
			parts = append(parts, u.User.String())
		}
	}
	for _, p := range parts {
		if len(p) > 1 { // "/" alone is no secret and would mangle the text
			s = strings.ReplaceAll(s, p, "…")
		}
	}
	return s
}

func retryAfter(h http.Header) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || n <= 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, time.Hour)
}

// Backoff is the wait after the attempt-th failed attempt (from 1): 5s, 15s,
// 45s, 2m15s, 6m45s, then 15m. Deterministic so schedules are testable and
// identical on every instance; a caller spreading many retries adds jitter.
func Backoff(attempt int) time.Duration {
	const base, ceiling = 5 * time.Second, 15 * time.Minute
	if attempt < 1 {
		return 0
	}
	d := base
	for i := 1; i < attempt && d < ceiling; i++ {
		d *= 3
	}
	return min(d, ceiling)
}
