package page

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// TLS modes of an SMTP relay.
const (
	TLSNone     = "none"     // plain SMTP; no login allowed
	TLSStartTLS = "starttls" // STARTTLS, required: a server that does not offer it is refused
	TLSImplicit = "tls"      // TLS from the first byte (port 465, "SMTPS")
)

// SMTP is the org's mail relay. Password lives in secureJsonData.
type SMTP struct {
	Host     string `json:"host"`
	Port     int    `json:"port"` // 0: 25, 587 or 465 by TLS mode
	TLS      string `json:"tls" tstype:"'none' | 'starttls' | 'tls'"`
	Username string `json:"username"`
	Password string `json:"-"`
	From     string `json:"from"` // "Warroom <warroom@example.com>"
	// InsecureSkipVerify accepts any certificate. Only for tests and
	// self-signed lab relays: anyone on the path can then read the mail and
	// the password.
	InsecureSkipVerify bool `json:"insecureSkipVerify"`
}

// String keeps the password out of logs that print the settings.
func (s SMTP) String() string {
	return fmt.Sprintf("page.SMTP{Host:%q Port:%d TLS:%q Username:%q Password:%s From:%q InsecureSkipVerify:%v}",
		s.Host, s.port(), s.TLS, s.Username, redacted(s.Password), s.From, s.InsecureSkipVerify)
}

// GoString covers %#v.
func (s SMTP) GoString() string { return s.String() }

func (s SMTP) port() int {
	if s.Port != 0 {
		return s.Port
	}
	switch s.TLS {
	case TLSStartTLS:
		return 587
	case TLSImplicit:
		return 465
	}
	return 25
}

var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

// Validate names each wrong field; messages never quote the password.
func (s SMTP) Validate() []incident.FieldError {
	var errs []incident.FieldError
	bad := func(path, msg string) { errs = append(errs, incident.FieldError{Path: path, Message: msg}) }
	if err := checkHost(s.Host); err != nil {
		bad("host", err.Error())
	}
	if s.Port < 0 || s.Port > 65535 {
		bad("port", "must be between 1 and 65535, or 0 for the mode's standard port")
	}
	switch s.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		bad("tls", "must be none, starttls or tls")
	}
	if s.Username != "" {
		if s.TLS == TLSNone {
			bad("tls", "must be starttls or tls when a username is set: a password is never sent unencrypted")
		}
		if s.Password == "" {
			bad("password", "is required with a username")
		}
		if strings.ContainsAny(s.Username, "\r\n\x00") {
			bad("username", "must be one line")
		}
	} else if s.Password != "" {
		bad("username", "is required with a password")
	}
	if _, err := parseAddress(s.From); err != nil {
		bad("from", err.Error())
	}
	return errs
}

// checkHost: a host name or IP address (no scheme, port or path) under the
// configured-URL address policy: private relays are fine, metadata and
// link-local addresses are not. The dial checks again (DialControl).
func checkHost(host string) error {
	if host == "" {
		return errors.New("is required")
	}
	literal := strings.Trim(host, "[]")
	if ip := net.ParseIP(literal); ip == nil && !hostName.MatchString(host) {
		return errors.New("must be a host name or IP address, without scheme or port")
	}
	var blocked *httpcheck.BlockedError
	if err := httpcheck.CheckConfiguredURL("https://"+net.JoinHostPort(literal, "1")+"/", true); errors.As(err, &blocked) {
		return errors.New("must not be a " + blocked.Reason + "; metadata and link-local addresses are never called")
	} else if err != nil {
		return errors.New("must be a host name or IP address, without scheme or port")
	}
	return nil
}

// MessageID is the Message-ID (without <>) of p's e-mail: derived from the
// delivery id, so a resent page has the same one and mail clients thread or
// drop the copy; the From domain keeps it globally unique.
func MessageID(from string, p Page) string {
	sum := sha256.Sum256([]byte(p.DeliveryID))
	domain := "warroom.invalid"
	if a, err := parseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" && hostName.MatchString(d) {
			domain = d
		}
	}
	return "warroom." + hex.EncodeToString(sum[:16]) + "@" + domain
}

var emailHTML = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html><body style="font-family: sans-serif">
<p><strong>{{.Heading}}</strong></p>
{{if .Reason}}<p>{{.Reason}}</p>
{{end}}{{if .AckURL}}<p><a href="{{.AckURL}}" style="font-weight: bold">Acknowledge</a></p>
{{end}}{{if .IncidentURL}}<p><a href="{{.IncidentURL}}">Open the incident</a></p>
{{end}}<p style="color: #666; font-size: small">Sent by Warroom{{if .At}} at {{.At}}{{end}}.</p>
</body></html>
`))

type emailView struct {
	Heading, Reason, AckURL, IncidentURL, At string
}

func emailText(v emailView) string {
	var b strings.Builder
	b.WriteString(v.Heading + "\n\n")
	if v.Reason != "" {
		b.WriteString(v.Reason + "\n\n")
	}
	if v.AckURL != "" {
		b.WriteString("Acknowledge: " + v.AckURL + "\n")
	}
	if v.IncidentURL != "" {
		b.WriteString("Open the incident: " + v.IncidentURL + "\n")
	}
	b.WriteString("\nSent by Warroom")
	if v.At != "" {
		b.WriteString(" at " + v.At)
	}
	b.WriteString(".\n")
	return b.String()
}

// BuildEmail renders p as an e-mail from the relay's From to one person:
// subject "[P1] INC-… title", a text/plain and a text/html alternative,
// both with the acknowledge link, Message-ID from the delivery id (see
// MessageID), X-Warroom-Id, and Auto-Submitted so vacation responders stay
// quiet. Pure: nothing is sent.
func BuildEmail(from SMTP, to Email, p Page) (*gomail.Msg, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	sender, err := parseAddress(from.From)
	if err != nil {
		return nil, fmt.Errorf("email: from %w", err)
	}
	rcpt, err := parseAddress(to.Address)
	if err != nil {
		return nil, fmt.Errorf("email: address %w", err)
	}
	v := emailView{Heading: p.heading(), Reason: oneLine(p.Reason), AckURL: p.AckURL, IncidentURL: p.IncidentURL}
	if !p.At.IsZero() {
		v.At = p.At.UTC().Format("2006-01-02 15:04 UTC")
	}
	var html bytes.Buffer
	if err := emailHTML.Execute(&html, v); err != nil {
		return nil, err
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(sender)
	m.ToMailAddress(rcpt)
	m.Subject(v.Heading)
	m.SetMessageIDWithValue(MessageID(from.From, p))
	if !p.At.IsZero() {
		m.SetDateWithValue(p.At)
	} else {
		m.SetDate()
	}
	m.SetUserAgent("warroom-incident-app")
	m.SetGenHeader("X-Warroom-Id", headerID(p.DeliveryID))
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	if p.Severity == incident.P1 || p.Severity == incident.P2 {
		m.SetGenHeader(gomail.HeaderImportance, "high")
		m.SetGenHeader(gomail.HeaderXPriority, "1")
	}
	m.SetBodyString(gomail.TypeTextPlain, emailText(v))
	m.AddAlternativeString(gomail.TypeTextHTML, html.String())
	return m, nil
}

// EmailSender sends pages through the org's relay, one attempt each.
type EmailSender struct {
	SMTP    SMTP
	Timeout time.Duration // whole attempt; 0 is notify.DefaultTimeout
	// RootCAs verifies the relay's certificate; nil is the system pool.
	RootCAs *x509.CertPool
}

// Send makes one attempt to deliver p to one address. Result.Status is the
// SMTP reply code when there is one (250 on success, so Result.OK holds);
// network failures, timeouts and 4xx replies are retryable, 5xx replies
// (550 no such user, 535 login refused) and settings that cannot work are
// permanent. Error is a classified sentence, never the password or what the
// server said.
func (s EmailSender) Send(ctx context.Context, to Email, p Page) notify.Result {
	if errs := s.SMTP.Validate(); len(errs) > 0 {
		return notSent(fieldErr("smtp", errs))
	}
	msg, err := BuildEmail(s.SMTP, to, p)
	if err != nil {
		return notSent(err)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = notify.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client, err := gomail.NewClient(s.SMTP.Host, s.options(timeout)...)
	if err != nil {
		return notSent(errors.New("the SMTP client could not be set up"))
	}
	err = client.DialAndSendWithContext(ctx, msg)
	if msg.IsDelivered() {
		// Accepted at the end of DATA; a failure after that (QUIT, RSET)
		// does not undo it, and resending would duplicate the page.
		return notify.Result{Status: 250}
	}
	if err == nil {
		return notify.Result{Status: 250}
	}
	return scrubResult(classifySMTP(err, timeout), s.SMTP.Password, s.SMTP.Username)
}

func (s SMTP) tlsConfig(roots *x509.CertPool) *tls.Config {
	return &tls.Config{
		ServerName: strings.Trim(s.Host, "[]"), MinVersion: tls.VersionTLS12, RootCAs: roots,
		InsecureSkipVerify: s.InsecureSkipVerify, // #nosec G402 -- opt-in for test and lab relays, documented on the field
	}
}

func (s EmailSender) options(timeout time.Duration) []gomail.Option {
	tlsConf := s.SMTP.tlsConfig(s.RootCAs)
	// Every dial goes through the address policy, like the HTTP senders.
	dialer := &net.Dialer{Timeout: timeout, Control: httpcheck.DialControl(true)}
	dial := dialer.DialContext
	opts := []gomail.Option{
		gomail.WithPort(s.SMTP.port()),
		gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(tlsConf),
	}
	switch s.SMTP.TLS {
	case TLSImplicit:
		// A dial function replaces go-mail's own TLS dialer, so TLS is ours.
		tlsDialer := &tls.Dialer{NetDialer: dialer, Config: tlsConf}
		dial = tlsDialer.DialContext
		opts = append(opts, gomail.WithSSL())
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	opts = append(opts, gomail.WithDialContextFunc(dial))
	if s.SMTP.Username != "" {
		// PLAIN or LOGIN (go-mail's versions refuse to run outside TLS);
		// with neither offered, go-mail picks a challenge-response mechanism.
		opts = append(opts, gomail.WithUsername(s.SMTP.Username), gomail.WithPassword(s.SMTP.Password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	return opts
}

var enhancedCode = regexp.MustCompile(`^[245]\.\d{1,3}\.\d{1,3}\b`)

// classifySMTP turns go-mail's error into a Result. Reply codes decide:
// 4xx is "try later", 5xx is "this will not work". Only the codes are
// quoted, never the server's text (it can echo addresses and banners).
func classifySMTP(err error, timeout time.Duration) notify.Result {
	var sendErr *gomail.SendError
	var reply *textproto.Error
	var blocked *httpcheck.BlockedError
	switch {
	case errors.As(err, &sendErr) && sendErr.ErrorCode() != 0:
		code := sendErr.ErrorCode()
		what := "the message"
		switch sendErr.Reason {
		case gomail.ErrSMTPMailFrom:
			what = "the sender"
		case gomail.ErrSMTPRcptTo:
			what = "the recipient"
		}
		return replyResult(code, sendErr.EnhancedStatusCode(), "the mail server refused "+what)
	case errors.As(err, &reply):
		esc := ""
		if m := enhancedCode.FindString(reply.Msg); m != "" {
			esc = m
		}
		switch reply.Code {
		case 535, 534, 530, 538, 454:
			return replyResult(reply.Code, esc, "the mail server refused the login")
		case 421:
			return replyResult(reply.Code, esc, "the mail server is not taking mail right now")
		}
		return replyResult(reply.Code, esc, "the mail server refused the connection")
	case errors.As(err, &blocked):
		return notify.Result{Error: "not sent: the mail server's address is a " + blocked.Reason + ", which is never called"}
	case errors.Is(err, gosmtp.ErrUnencrypted):
		return notify.Result{Error: "not sent: the connection is not encrypted, and a password is never sent in clear"}
	case errors.Is(err, gomail.ErrNoSupportedAuthDiscovered), errors.Is(err, gomail.ErrPlainAuthNotSupported),
		errors.Is(err, gomail.ErrLoginAuthNotSupported):
		return notify.Result{Error: "the mail server offers no login mechanism Warroom can use"}
	case strings.Contains(err.Error(), "does not support STARTTLS"):
		return notify.Result{Error: "the mail server does not offer STARTTLS, which the settings require"}
	case strings.Contains(err.Error(), "server does not support SMTP AUTH"):
		return notify.Result{Error: "the mail server does not offer a login (AUTH); clear the username or use a relay that does"}
	}
	return notify.Result{Retryable: true, Error: notify.DescribeNetError(err, timeout, "the mail server")}
}

func replyResult(code int, esc, what string) notify.Result {
	res := notify.Result{Status: code, Retryable: code >= 400 && code < 500}
	detail := strconv.Itoa(code)
	if esc != "" {
		detail += " " + esc
	}
	res.Error = what + " (" + detail + ")"
	if res.Retryable {
		res.Error += "; will retry"
	}
	return res
}
