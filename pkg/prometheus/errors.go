package prometheus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
)

// Kinds of Error.
const (
	KindUnreachable  = "unreachable"  // no connection, or a gateway could not reach Prometheus
	KindTimeout      = "timeout"      // no answer in time
	KindBadQuery     = "bad_query"    // Prometheus rejected the query (400/422)
	KindUnauthorized = "unauthorized" // 401/403
	KindServer       = "server"       // 5xx, 429
	KindBadResponse  = "bad_response" // an answer that is not a Prometheus query result
)

// Error is a failed request. Message is safe to show users: it names the
// host but never credentials, tokens or a URL with userinfo.
type Error struct {
	Kind    string
	Message string

	retry      bool          // worth another attempt
	retryAfter time.Duration // the server's Retry-After, if any
}

func (e *Error) Error() string { return e.Message }

// apiError is Prometheus' error body.
type apiError struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
}

// statusError classifies a non-2xx answer.
func (c *Client) statusError(resp *http.Response, body []byte) *Error {
	var ae apiError
	detail := ""
	if json.Unmarshal(body, &ae) == nil && ae.Error != "" {
		detail = ": " + truncate(ae.Error, 500)
	}
	code := resp.StatusCode
	status := fmt.Sprintf("%d %s", code, http.StatusText(code))
	e := &Error{Kind: KindBadResponse}
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e.Kind = KindUnauthorized
		if c.direct {
			e.Message = fmt.Sprintf("%s refused the credentials (%s)", c.target, status)
		} else {
			e.Message = fmt.Sprintf("%s refused the service-account token or its access to the data source (%s)", c.target, status)
		}
	case code == http.StatusBadRequest || code == http.StatusUnprocessableEntity:
		e.Kind, e.Message = KindBadQuery, "Prometheus rejected the query"+detail
	case code == http.StatusNotFound:
		e.Message = fmt.Sprintf("%s answered %s: check the URL or data source UID", c.target, status)
	case ae.ErrorType == "timeout" || ae.ErrorType == "canceled":
		// Prometheus' own query timeout: the same query would time out again.
		e.Kind, e.Message = KindTimeout, "Prometheus gave up on the query"+detail
	case code == http.StatusBadGateway || code == http.StatusGatewayTimeout:
		e.Kind, e.retry = KindUnreachable, true
		e.Message = fmt.Sprintf("%s answered %s: Prometheus behind it is unreachable", c.target, status)
	case code == http.StatusTooManyRequests || code >= 500:
		e.Kind, e.retry = KindServer, true
		e.Message = fmt.Sprintf("%s answered %s%s", c.target, status, detail)
	default:
		e.Message = fmt.Sprintf("%s answered %s%s", c.target, status, detail)
	}
	if e.retry {
		e.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
	}
	e.Message = c.redact(e.Message)
	return e
}

// transportError classifies a failure to get an answer. parent is the
// caller's context, attempt the one bounded by the per-attempt timeout.
func (c *Client) transportError(parent, attempt context.Context, err error) error {
	switch {
	case errors.Is(parent.Err(), context.Canceled):
		return parent.Err() // the caller gave up: not Prometheus' fault
	case parent.Err() != nil:
		return &Error{Kind: KindTimeout, Message: fmt.Sprintf("%s did not answer before the request deadline", c.target)}
	case attempt.Err() != nil:
		// Not retried: a Prometheus too slow once is usually too slow again,
		// and more attempts would only multiply the wait and its load.
		return &Error{Kind: KindTimeout, Message: fmt.Sprintf("%s did not answer within %s", c.target, c.timeout)}
	}
	var blocked *httpcheck.BlockedError
	if errors.As(err, &blocked) {
		// The address policy refused the resolved address: another attempt
		// would be refused again.
		return &Error{Kind: KindUnreachable,
			Message: c.redact(fmt.Sprintf("%s is not contacted: %s (metadata and link-local addresses are never called)", c.target, blocked.Error()))}
	}
	cause := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err.Error()
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		cause = "cannot resolve " + dns.Name
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		cause = op.Err.Error()
	}
	return &Error{Kind: KindUnreachable, retry: true,
		Message: c.redact(fmt.Sprintf("%s is unreachable: %s", c.target, cause))}
}

func (c *Client) redact(s string) string {
	for _, secret := range c.secrets {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}

func parseRetryAfter(v string) time.Duration {
	var secs int
	if _, err := fmt.Sscanf(v, "%d", &secs); err != nil || secs < 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
