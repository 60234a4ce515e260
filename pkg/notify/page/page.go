package page

import (
	"encoding/base64"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// Page is one page to one person: what the message says. Pure data.
type Page struct {
	// DeliveryID is the idempotency key, stable across retries, e.g.
	// "3/INC-2026-12-06-001/tier:P1:0/alice/email".
	DeliveryID string
	IncidentID string
	Title      string // incident title
	Severity   incident.Severity
	// SeverityLabel is the level as the org shows it ("SEV1"); empty shows
	// Severity.
	SeverityLabel string
	// Reason says why this person is paged: "Escalation tier 1 of P1: you
	// are on call (Primary)", "You were made incident commander".
	Reason      string
	IncidentURL string // absolute link to the incident page
	// AckURL is the absolute one-click acknowledge link; empty for
	// notifications that need no acknowledgement.
	AckURL string
	At     time.Time
}

func (p Page) label() string {
	if p.SeverityLabel != "" {
		return p.SeverityLabel
	}
	return string(p.Severity)
}

// heading is "[P1] INC-2026-12-06-001 Title", on one line.
func (p Page) heading() string {
	return oneLine("[" + p.label() + "] " + strings.TrimSpace(p.IncidentID+" "+p.Title))
}

// check is what every builder needs from a page: an id to deduplicate by
// and absolute links. Errors never quote the links (an ack link is a
// credential: it acknowledges in one click).
func (p Page) check() error {
	if strings.TrimSpace(p.DeliveryID) == "" {
		return errors.New("a page needs a DeliveryID: receivers deduplicate retries by it")
	}
	if !p.Severity.Valid() {
		return errors.New("a page needs a severity (P1..P4)")
	}
	if p.IncidentURL != "" && !absoluteHTTP(p.IncidentURL) {
		return errors.New("the incident link must be an absolute http or https URL")
	}
	if p.AckURL != "" && !absoluteHTTP(p.AckURL) {
		return errors.New("the acknowledge link must be an absolute http or https URL")
	}
	return nil
}

func absoluteHTTP(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http") && !strings.ContainsAny(raw, " \r\n\t")
}

// Contact methods. Secrets are excluded from JSON (they live in
// secureJsonData) and from String.

// Email is an e-mail address.
type Email struct {
	Address string `json:"address"`
}

// Ntfy is an ntfy topic (https://ntfy.sh or self-hosted).
type Ntfy struct {
	URL   string `json:"-"` // topic URL, https://ntfy.example/warroom-alice; the topic name is a secret on a public server
	Token string `json:"-"` // optional access token (tk_…)
}

// Gotify is a Gotify server and an application token.
type Gotify struct {
	URL   string `json:"-"` // server base URL
	Token string `json:"-"` // application token
}

// Webhook is a generic personal JSON webhook; the URL is its credential.
type Webhook struct {
	URL string `json:"-"`
}

// SlackUser is a Slack member the bot sends a direct message to.
type SlackUser struct {
	UserID string `json:"userId"` // Slack member id, U0123ABC
}

// String keeps the URL and token out of logs that print a method.
func (m Ntfy) String() string {
	return fmt.Sprintf("page.Ntfy{URL:%q Token:%s}", notify.RedactURL(m.URL), redacted(m.Token))
}

// GoString covers %#v, which ignores String.
func (m Ntfy) GoString() string { return m.String() }

// String keeps the URL and token out of logs that print a method.
func (m Gotify) String() string {
	return fmt.Sprintf("page.Gotify{URL:%q Token:%s}", notify.RedactURL(m.URL), redacted(m.Token))
}

// GoString covers %#v.
func (m Gotify) GoString() string { return m.String() }

// String keeps the URL out of logs that print a method.
func (m Webhook) String() string { return fmt.Sprintf("page.Webhook{URL:%q}", notify.RedactURL(m.URL)) }

// GoString covers %#v.
func (m Webhook) GoString() string { return m.String() }

func redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "(set)"
}

// MaxEmail is the longest address accepted (RFC 5321's path limit less the
// angle brackets).
const MaxEmail = 254

// Validate names each wrong field.
func (m Email) Validate() []incident.FieldError {
	if _, err := parseAddress(m.Address); err != nil {
		return []incident.FieldError{{Path: "address", Message: err.Error()}}
	}
	return nil
}

// parseAddress accepts exactly one address, bare or with a display name.
func parseAddress(raw string) (*netmail.Address, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return nil, errors.New("is required")
	case len(raw) > MaxEmail:
		return nil, fmt.Errorf("must be at most %d characters", MaxEmail)
	case strings.ContainsAny(raw, "\r\n"):
		return nil, errors.New("must be one e-mail address")
	}
	a, err := netmail.ParseAddress(raw)
	if err != nil || !strings.Contains(a.Address, "@") {
		return nil, errors.New("must be one e-mail address, like alice@example.com")
	}
	return a, nil
}

// Validate names each wrong field; messages never quote the URL or token.
func (m Ntfy) Validate() []incident.FieldError {
	var errs []incident.FieldError
	if err := checkURL(m.URL); err != nil {
		errs = append(errs, incident.FieldError{Path: "url", Message: err.Error()})
	} else if u, _ := url.Parse(m.URL); strings.Trim(u.Path, "/") == "" {
		errs = append(errs, incident.FieldError{Path: "url", Message: "must name the topic: https://ntfy.example/<topic>"})
	}
	if m.Token != "" && !tokenSafe(m.Token) {
		errs = append(errs, incident.FieldError{Path: "token", Message: "must be printable ASCII without spaces"})
	}
	return errs
}

// Validate names each wrong field; messages never quote the URL or token.
func (m Gotify) Validate() []incident.FieldError {
	var errs []incident.FieldError
	if err := checkURL(m.URL); err != nil {
		errs = append(errs, incident.FieldError{Path: "url", Message: err.Error()})
	}
	switch {
	case m.Token == "":
		errs = append(errs, incident.FieldError{Path: "token", Message: "is required: the Gotify application token"})
	case !tokenSafe(m.Token):
		errs = append(errs, incident.FieldError{Path: "token", Message: "must be printable ASCII without spaces"})
	}
	return errs
}

// Validate names each wrong field; messages never quote the URL.
func (m Webhook) Validate() []incident.FieldError {
	if err := checkURL(m.URL); err != nil {
		return []incident.FieldError{{Path: "url", Message: err.Error()}}
	}
	return nil
}

var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// Validate names each wrong field.
func (m SlackUser) Validate() []incident.FieldError {
	if !slackUserID.MatchString(m.UserID) {
		return []incident.FieldError{{Path: "userId", Message: "must be a Slack member id like U0123ABC (profile → ⋮ → Copy member ID)"}}
	}
	return nil
}

// checkURL is notify's rule for channel URLs: an absolute http(s) URL under
// the configured-URL address policy with private ranges allowed (a
// self-hosted ntfy or Gotify usually lives on one); metadata and link-local
// addresses are refused. The sender checks again at every dial. The message
// names the kind of address, never the URL.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("must be an absolute http or https URL")
	}
	host := *u
	host.User = nil // credentials in the URL are the receiver's basic auth: allowed
	var blocked *httpcheck.BlockedError
	if err := httpcheck.CheckConfiguredURL(host.String(), true); errors.As(err, &blocked) {
		return errors.New("must not point at a " + blocked.Reason + "; metadata and link-local addresses are never called")
	} else if err != nil {
		return errors.New("must be an absolute http or https URL")
	}
	return nil
}

// tokenSafe: a token goes into a header as it is, so it must be printable
// ASCII without spaces.
func tokenSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return s != ""
}

// oneLine turns control characters (CR, LF, tab…) into spaces and collapses
// runs of spaces: titles and reasons become one clean line.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// headerText makes free text safe for an HTTP header value: one line, and
// if it is not plain printable ASCII (or could be read as an encoded word)
// an RFC 2047 encoded word, which ntfy decodes. The result is ASCII only.
func headerText(s string) string {
	s = oneLine(s)
	plain := !strings.Contains(s, "=?")
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= ' ' && s[i] < 0x7f
	}
	if plain {
		return s
	}
	return encodedWords(strings.ToValidUTF8(s, "\uFFFD"))
}

// encodedWords is s as RFC 2047 "B" encoded words of at most 75 characters
// (45 bytes of UTF-8 each, cut between runes), separated by spaces, which
// decoders drop between adjacent words. Unlike mime.BEncoding it always
// encodes, so ASCII that merely looks like an encoded word survives.
func encodedWords(s string) string {
	var words []string
	for s != "" {
		n := 0
		for _, r := range s {
			if l := utf8.RuneLen(r); n+l <= 45 {
				n += l
				continue
			}
			break
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// headerID percent-encodes an id for a header: printable ASCII other than
// '%' stays, everything else is %XX per byte. Injective, so two ids never
// share a header value.
func headerID(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0x7f && c != '%' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// scrubSecrets removes secrets a receiver may have echoed into an error.
func scrubSecrets(s string, secrets ...string) string {
	for _, v := range secrets {
		if len(v) > 3 {
			s = strings.ReplaceAll(s, v, "…")
		}
	}
	return s
}
