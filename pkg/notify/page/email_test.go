package page

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/internal/testservers/mailpit"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

const (
	from = "Warroom <warroom@example.com>"
	to   = "alice@example.com"
)

func TestBuildEmail(t *testing.T) {
	m, err := BuildEmail(SMTP{From: from}, Email{Address: to}, testPage())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for _, want := range []string{
		"Subject: [SEV1] INC-2026-12-06-001 Checkout <down> & paging\r\n",
		"Message-ID: <warroom.247f88d31b099e12f4005dc207a12cf2@example.com>\r\n",
		"X-Warroom-Id: 3/INC-2026-12-06-001/tier:P1:0/alice/email\r\n",
		"Auto-Submitted: auto-generated\r\n",
		"Date: Sun, 06 Dec 2026 14:03:00 +0000\r\n",
		"From: \"Warroom\" <warroom@example.com>\r\n",
		"To: <alice@example.com>\r\n",
		"Content-Type: multipart/alternative;",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Type: text/html; charset=UTF-8",
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("message lacks %q:\n%s", want, raw)
		}
	}
	// The same delivery id gives the same Message-ID; another does not.
	p := testPage()
	if MessageID(from, p) != "warroom.247f88d31b099e12f4005dc207a12cf2@example.com" {
		t.Errorf("MessageID %s", MessageID(from, p))
	}
	p.DeliveryID += "x"
	if MessageID(from, p) == MessageID(from, testPage()) {
		t.Error("different deliveries share a Message-ID")
	}
}

func TestBuildEmailSubjectInjection(t *testing.T) {
	p := testPage()
	p.Title = "down\r\nBcc: evil@example.com"
	p.Reason = "x\r\n\r\n<script>alert(1)</script>"
	m, err := BuildEmail(SMTP{From: from}, Email{Address: to}, p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if strings.Contains(raw, "\r\nBcc:") || !strings.Contains(raw, "Subject: [SEV1] INC-2026-12-06-001 down Bcc: evil@example.com\r\n") {
		t.Errorf("subject injection:\n%s", raw)
	}
	_, html, _ := strings.Cut(raw, "Content-Type: text/html")
	if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;") {
		t.Errorf("HTML not escaped:\n%s", raw)
	}
}

func send(t *testing.T, s EmailSender, p Page) notify.Result {
	t.Helper()
	if s.Timeout == 0 {
		s.Timeout = 10 * time.Second
	}
	return s.Send(context.Background(), Email{Address: to}, p)
}

// received waits for one message and reads it in full.
func received(t *testing.T, mp *mailpit.Server) mailpit.Full {
	t.Helper()
	msgs, err := mp.WaitForMessages(1, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	full, err := mp.Message(msgs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return full
}

func TestEmailPlainDelivers(t *testing.T) {
	mp := Start(t, mailpit.Options{})
	res := send(t, EmailSender{SMTP: SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSNone, From: from}}, testPage())
	if !res.OK() || res.Status != 250 || res.Retryable {
		t.Fatalf("result %+v", res)
	}
	m := received(t, mp)
	if m.Subject != "[SEV1] INC-2026-12-06-001 Checkout <down> & paging" || m.From.Address != "warroom@example.com" ||
		m.From.Name != "Warroom" || len(m.To) != 1 || m.To[0].Address != to {
		t.Errorf("envelope %+v", m)
	}
	if m.MessageID != MessageID(from, testPage()) {
		t.Errorf("Message-ID %q", m.MessageID)
	}
	if !strings.Contains(m.Text, "Acknowledge: "+ackURL) || !strings.Contains(m.Text, "Escalation tier 1 of P1: you are on call (Primary)") {
		t.Errorf("text part %q", m.Text)
	}
	if !strings.Contains(m.HTML, `href="`+strings.ReplaceAll(ackURL, "&", "&amp;")+`"`) || !strings.Contains(m.HTML, "Checkout &lt;down&gt; &amp; paging") {
		t.Errorf("HTML part %q", m.HTML)
	}
	if got := m.Headers["X-Warroom-Id"]; len(got) != 1 || got[0] != testPage().DeliveryID {
		t.Errorf("X-Warroom-Id %q", got)
	}
}

// Start is mailpit.Start; named here so the tests read as what they do.
var Start = mailpit.Start

func TestEmailRequiredSTARTTLSWithLogin(t *testing.T) {
	mp := Start(t, mailpit.Options{Users: map[string]string{"warroom": "pw-right"}, RequireSTARTTLS: true})
	cfg := SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSStartTLS, Username: "warroom", Password: "pw-right", From: from}
	if res := send(t, EmailSender{SMTP: cfg, RootCAs: mp.Cert.Pool}, testPage()); !res.OK() {
		t.Fatalf("result %+v", res)
	}
	if m := received(t, mp); m.MessageID != MessageID(from, testPage()) {
		t.Errorf("Message-ID %q", m.MessageID)
	}
	// InsecureSkipVerify (lab relays) also gets through.
	cfg.InsecureSkipVerify = true
	if res := send(t, EmailSender{SMTP: cfg}, testPage()); !res.OK() {
		t.Fatalf("insecure: result %+v", res)
	}
	// An untrusted certificate is not accepted.
	cfg.InsecureSkipVerify = false
	res := send(t, EmailSender{SMTP: cfg}, testPage())
	if res.OK() || res.Error != "TLS failed: the mail server's certificate was not accepted" {
		t.Errorf("untrusted certificate: %+v", res)
	}
}

func TestEmailWrongPasswordIsPermanentAndSafe(t *testing.T) {
	mp := Start(t, mailpit.Options{Users: map[string]string{"warroom": "pw-right"}, RequireSTARTTLS: true})
	cfg := SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSStartTLS, Username: "warroom", Password: "pw-WRONG-secret", From: from}
	res := send(t, EmailSender{SMTP: cfg, RootCAs: mp.Cert.Pool}, testPage())
	if res.OK() || res.Retryable || res.Status != 535 || !strings.HasPrefix(res.Error, "the mail server refused the login (535") {
		t.Fatalf("result %+v", res)
	}
	if strings.Contains(res.Error, "pw-WRONG-secret") || strings.Contains(strings.ToLower(res.Error), "mailpit") {
		t.Errorf("unsafe error %q", res.Error)
	}
}

// TestEmailSTARTTLSIsRequired: a server without STARTTLS is refused rather
// than used in clear.
func TestEmailSTARTTLSIsRequired(t *testing.T) {
	mp := Start(t, mailpit.Options{})
	res := send(t, EmailSender{SMTP: SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSStartTLS, From: from}}, testPage())
	if res.OK() || res.Retryable || res.Error != "the mail server does not offer STARTTLS, which the settings require" {
		t.Fatalf("result %+v", res)
	}
	if msgs, _ := mp.Messages(); len(msgs) != 0 {
		t.Errorf("%d messages went through in clear", len(msgs))
	}
}

func TestEmailImplicitTLS(t *testing.T) {
	mp := Start(t, mailpit.Options{RequireTLS: true, AuthAcceptAny: true})
	cfg := SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSImplicit, Username: "any", Password: "thing", From: from}
	if res := send(t, EmailSender{SMTP: cfg, RootCAs: mp.Cert.Pool}, testPage()); !res.OK() {
		t.Fatalf("result %+v", res)
	}
	if m := received(t, mp); m.Subject == "" {
		t.Errorf("message %+v", m)
	}
	// Plain SMTP against the TLS port does not deliver and is retried.
	res := send(t, EmailSender{SMTP: SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSNone, From: from}, Timeout: 2 * time.Second}, testPage())
	if res.OK() || !res.Retryable {
		t.Errorf("plain against TLS port: %+v", res)
	}
}

func TestEmailUnknownRecipientIsPermanent(t *testing.T) {
	mp := Start(t, mailpit.Options{AllowedRecipients: `^bob@example\.com$`})
	res := send(t, EmailSender{SMTP: SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSNone, From: from}}, testPage())
	if res.OK() || res.Retryable || res.Status/100 != 5 || !strings.HasPrefix(res.Error, "the mail server refused the recipient (5") {
		t.Fatalf("result %+v", res)
	}
	if strings.Contains(res.Error, to) {
		t.Errorf("error quotes the server's text: %q", res.Error)
	}
}

func TestEmailTemporaryRefusalIsRetryable(t *testing.T) {
	mp := Start(t, mailpit.Options{ChaosTriggers: "Recipient:451:100"})
	res := send(t, EmailSender{SMTP: SMTP{Host: mp.SMTPHost, Port: mp.SMTPPort, TLS: TLSNone, From: from}}, testPage())
	if res.OK() || !res.Retryable || res.Status != 451 || !strings.HasPrefix(res.Error, "the mail server refused the recipient (451") {
		t.Fatalf("result %+v", res)
	}
}

func TestEmailServerDownIsRetryable(t *testing.T) {
	host, port, _ := strings.Cut(testenv.ClosedAddr(t), ":")
	cfg := SMTP{Host: host, TLS: TLSNone, From: from}
	cfg.Port = atoi(t, port)
	res := send(t, EmailSender{SMTP: cfg}, testPage())
	if res.OK() || !res.Retryable || res.Error != "could not connect to the mail server" {
		t.Fatalf("result %+v", res)
	}
}

func TestEmailRefusesBadSettingsWithoutDialing(t *testing.T) {
	res := send(t, EmailSender{SMTP: SMTP{Host: "169.254.169.254", TLS: TLSNone, From: from}}, testPage())
	if res.Retryable || !strings.HasPrefix(res.Error, "not sent: smtp: host must not be a cloud metadata address") {
		t.Fatalf("result %+v", res)
	}
	res = send(t, EmailSender{SMTP: SMTP{Host: "127.0.0.1", Port: 1, TLS: TLSNone, Username: "u", Password: "hunter2", From: from}}, testPage())
	if res.Retryable || strings.Contains(res.Error, "hunter2") || !strings.Contains(res.Error, "tls must be starttls or tls") {
		t.Fatalf("result %+v", res)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("port %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}
