// Package notify turns incident messages into HTTP requests for the channels
// an org configures (Slack incoming webhooks and a signed generic JSON
// webhook) and delivers them. Building is pure, so every payload is
// unit-tested byte for byte; Sender is the only part that does I/O.
//
// A channel URL is a credential (a Slack webhook URL lets anyone post), so it
// never reaches a log line, an error or a timeline entry: Channel and Request
// print redacted, Result.Error is built from classified causes, and the
// timeline shows RedactURL.
package notify

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Channel kinds.
const (
	KindSlack   = "slack"
	KindWebhook = "webhook"
)

// Message kinds.
const (
	MsgDeclared       = "declared"
	MsgEscalation     = "escalation"
	MsgUpdateReminder = "update_reminder"
	MsgStatusUpdate   = "status_update"
	MsgResolved       = "resolved"
	MsgTest           = "test"
)

// Channel is one configured destination. URL and Secret live in the
// plugin's secureJsonData; they are excluded from JSON so a channel list can
// be returned to the browser as it is.
type Channel struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind" tstype:"'slack' | 'webhook'"`
	URL    string `json:"-"`
	Secret string `json:"-"` // HMAC key of a webhook channel
	// Severities the channel receives; empty means all.
	Severities []incident.Severity `json:"severities" tstype:"Severity[] | null"`
	// Events are the message kinds the channel receives (RoutedKinds);
	// empty means all.
	Events []string `json:"events" tstype:"Array<'escalation' | 'update_reminder' | 'status_update'> | null"`
}

// RoutedKinds are the message kinds a channel's events filter may name.
var RoutedKinds = []string{MsgEscalation, MsgUpdateReminder, MsgStatusUpdate}

// AcceptsEvent reports whether the channel wants messages of kind k.
func (c Channel) AcceptsEvent(k string) bool {
	if len(c.Events) == 0 {
		return true
	}
	for _, v := range c.Events {
		if v == k {
			return true
		}
	}
	return false
}

// Accepts reports whether the channel wants messages about level s.
func (c Channel) Accepts(s incident.Severity) bool {
	if len(c.Severities) == 0 {
		return true
	}
	for _, v := range c.Severities {
		if v == s {
			return true
		}
	}
	return false
}

// String keeps the URL and secret out of logs that print a channel.
func (c Channel) String() string {
	return fmt.Sprintf("notify.Channel{ID:%q Name:%q Kind:%q URL:%q Severities:%v}", c.ID, c.Name, c.Kind, RedactURL(c.URL), c.Severities)
}

// GoString covers %#v, which ignores String.
func (c Channel) GoString() string { return c.String() }

// Validate names each wrong field; messages never quote the URL.
func (c Channel) Validate() []incident.FieldError {
	var errs []incident.FieldError
	bad := func(path, msg string) { errs = append(errs, incident.FieldError{Path: path, Message: msg}) }
	if strings.TrimSpace(c.ID) == "" {
		bad("id", "is required")
	}
	if strings.TrimSpace(c.Name) == "" {
		bad("name", "is required")
	}
	if c.Kind != KindSlack && c.Kind != KindWebhook {
		bad("kind", "must be slack or webhook")
	}
	if err := checkURL(c.URL); err != nil {
		bad("url", err.Error())
	}
	if c.Kind == KindWebhook && c.Secret == "" {
		bad("secret", "is required: receivers verify each webhook with it")
	}
	for i, s := range c.Severities {
		if !s.Valid() {
			bad(fmt.Sprintf("severities[%d]", i), "must be one of P1, P2, P3, P4")
		}
	}
	for i, k := range c.Events {
		if !slices.Contains(RoutedKinds, k) {
			bad(fmt.Sprintf("events[%d]", i), "must be one of "+strings.Join(RoutedKinds, ", "))
		}
	}
	return errs
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("must be an absolute http or https URL")
	}
	// The health check's address policy, with private ranges allowed: a
	// self-hosted receiver (Mattermost, an on-call bridge) usually lives on
	// one. Sender checks again at every dial (httpcheck.Transport). The
	// message names the kind of address, never the URL.
	// Credentials in the URL are a receiver's basic auth: allowed here.
	host := *u
	host.User = nil
	var blocked *httpcheck.BlockedError
	if err := httpcheck.CheckConfiguredURL(host.String(), true); errors.As(err, &blocked) {
		return errors.New("must not point at a " + blocked.Reason + "; metadata and link-local addresses are never called")
	} else if err != nil {
		return errors.New("must be an absolute http or https URL")
	}
	return nil
}

// Message is one notification. ID is its idempotency key: receivers drop a
// second delivery of the same ID, so retries are safe.
type Message struct {
	ID         string            `json:"id"`
	IncidentID string            `json:"incidentId"`
	Title      string            `json:"title"`
	Text       string            `json:"text"`
	Severity   incident.Severity `json:"severity"`
	// SeverityLabel is the level as the org shows it ("SEV1"); empty shows
	// Severity.
	SeverityLabel string    `json:"severityLabel,omitempty"`
	Kind          string    `json:"kind"`
	URL           string    `json:"url"` // the incident page
	At            time.Time `json:"at"`  // when it happened
	// SentAt stamps this delivery attempt (X-Warroom-Timestamp). Receivers
	// refuse stale timestamps, so each retry is built afresh with its own
	// time; zero means At.
	SentAt time.Time `json:"-"`
}

func (m Message) label() string {
	if m.SeverityLabel != "" {
		return m.SeverityLabel
	}
	return string(m.Severity)
}

// Request is a ready-to-send HTTP request.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// String keeps the URL and signature out of logs that print a request.
func (r Request) String() string {
	return fmt.Sprintf("notify.Request{%s %s, %d bytes}", r.Method, RedactURL(r.URL), len(r.Body))
}

// GoString covers %#v.
func (r Request) GoString() string { return r.String() }

// Build renders m for ch. It fails on a channel that cannot be sent to and on
// a message without an ID, never quoting the URL.
func Build(ch Channel, m Message) (Request, error) {
	if err := checkURL(ch.URL); err != nil {
		return Request{}, fmt.Errorf("channel %q: url %w", ch.Name, err)
	}
	if strings.TrimSpace(m.ID) == "" {
		return Request{}, errors.New("a message needs an ID: receivers deduplicate retries by it")
	}
	switch ch.Kind {
	case KindSlack:
		return buildSlack(ch, m)
	case KindWebhook:
		if ch.Secret == "" {
			return Request{}, fmt.Errorf("channel %q: a webhook needs a secret to sign with", ch.Name)
		}
		return buildWebhook(ch, m)
	}
	return Request{}, fmt.Errorf("channel %q: unknown kind %q", ch.Name, ch.Kind)
}

// RedactURL shows where a channel points without its credentials:
// "https://hooks.slack.com/…". The path and query often are the secret.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "(invalid URL)"
	}
	out := u.Scheme + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		out += "/…"
	}
	return out
}
