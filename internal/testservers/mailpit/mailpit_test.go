package mailpit

import (
	"crypto/tls"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPlainRoundTrip sends with the standard library's client and reads the
// message back through the API.
func TestPlainRoundTrip(t *testing.T) {
	s := Start(t, Options{})
	msg := "From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\nMessage-ID: <m1@example.com>\r\nX-Test: yes\r\n\r\nbody text\r\n"
	if err := smtp.SendMail(s.SMTPAddr(), nil, "a@example.com", []string{"b@example.com"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.WaitForMessages(1, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0].Subject != "hello" || msgs[0].MessageID != "m1@example.com" || msgs[0].To[0].Address != "b@example.com" {
		t.Fatalf("messages %+v", msgs)
	}
	full, err := s.Message(msgs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(full.Text) != "body text" || full.Headers["X-Test"][0] != "yes" || full.From.Address != "a@example.com" {
		t.Fatalf("message %+v", full)
	}
}

// TestRequiredSTARTTLSWithAuthFile: mail before STARTTLS is refused; after
// it, with the certificate trusted through Cert.Pool, the login works.
func TestRequiredSTARTTLSWithAuthFile(t *testing.T) {
	s := Start(t, Options{Users: map[string]string{"alice": "pw-1"}, RequireSTARTTLS: true})
	c, err := smtp.Dial(s.SMTPAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("a@example.com"); err == nil {
		t.Fatal("MAIL before STARTTLS was accepted")
	}
	if err := c.StartTLS(&tls.Config{ServerName: "127.0.0.1", RootCAs: s.Cert.Pool}); err != nil {
		t.Fatal(err)
	}
	if err := c.Auth(smtp.PlainAuth("", "alice", "wrong", "127.0.0.1")); err == nil || !strings.HasPrefix(err.Error(), "535") {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestMissingBinaryNamesTheFix(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "pkg", "a")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	_, err := Binary()
	if err == nil || !strings.Contains(err.Error(), "run bash scripts/setup.sh") || !strings.Contains(err.Error(), filepath.Join(root, ".tools", "bin", "mailpit")) {
		t.Fatalf("error %v does not name the path and the fix", err)
	}
}
