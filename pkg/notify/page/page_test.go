package page

import (
	"fmt"
	"mime"
	"reflect"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func paths(errs []incident.FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Path)
	}
	return out
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("a", 250) + "@example.com"
	cases := []struct {
		name string
		errs []incident.FieldError
		want []string
	}{
		{"email ok", Email{Address: "alice@example.com"}.Validate(), nil},
		{"email with name", Email{Address: "Alice <alice@example.com>"}.Validate(), nil},
		{"email empty", Email{}.Validate(), []string{"address"}},
		{"email two", Email{Address: "a@example.com, b@example.com"}.Validate(), []string{"address"}},
		{"email no at", Email{Address: "alice"}.Validate(), []string{"address"}},
		{"email too long", Email{Address: long}.Validate(), []string{"address"}},
		{"email header injection", Email{Address: "a@example.com\r\nBcc: x@example.com"}.Validate(), []string{"address"}},
		{"ntfy ok", Ntfy{URL: "https://ntfy.example/warroom-alice", Token: "tk_abc"}.Validate(), nil},
		{"ntfy private ok", Ntfy{URL: "http://192.168.1.9/alice"}.Validate(), nil},
		{"ntfy no topic", Ntfy{URL: "https://ntfy.example"}.Validate(), []string{"url"}},
		{"ntfy not http", Ntfy{URL: "ftp://ntfy.example/t"}.Validate(), []string{"url"}},
		{"ntfy metadata", Ntfy{URL: "http://169.254.169.254/latest"}.Validate(), []string{"url"}},
		{"ntfy bad token", Ntfy{URL: "https://ntfy.example/t", Token: "a b"}.Validate(), []string{"token"}},
		{"gotify ok", Gotify{URL: "https://gotify.example", Token: "AbC.123"}.Validate(), nil},
		{"gotify nothing", Gotify{}.Validate(), []string{"url", "token"}},
		{"gotify link-local", Gotify{URL: "http://[fe80::1]/", Token: "x"}.Validate(), []string{"url"}},
		{"gotify token newline", Gotify{URL: "https://g.example", Token: "x\ny"}.Validate(), []string{"token"}},
		{"webhook ok", Webhook{URL: "https://user:pw@hooks.example/alice"}.Validate(), nil},
		{"webhook relative", Webhook{URL: "/hooks/alice"}.Validate(), []string{"url"}},
		{"webhook metadata name", Webhook{URL: "http://metadata.google.internal/x"}.Validate(), []string{"url"}},
		{"slack ok", SlackUser{UserID: "U0123ABC"}.Validate(), nil},
		{"slack enterprise ok", SlackUser{UserID: "W0123ABC"}.Validate(), nil},
		{"slack channel id", SlackUser{UserID: "C0123ABC"}.Validate(), []string{"userId"}},
		{"slack lower", SlackUser{UserID: "u0123abc"}.Validate(), []string{"userId"}},
		{"slack short", SlackUser{UserID: "U1"}.Validate(), []string{"userId"}},
		{"slack long", SlackUser{UserID: "U" + strings.Repeat("A", 21)}.Validate(), []string{"userId"}},
		{"smtp ok", smtpOK().Validate(), nil},
		{"smtp plain relay", SMTP{Host: "10.0.0.25", TLS: "none", From: "w@example.com"}.Validate(), nil},
		{"smtp ipv6", SMTP{Host: "[::1]", Port: 2525, TLS: "none", From: "w@example.com"}.Validate(), nil},
		{"smtp nothing", SMTP{}.Validate(), []string{"host", "tls", "from"}},
		{"smtp url as host", SMTP{Host: "smtp://mail.example.com", TLS: "tls", From: "w@example.com"}.Validate(), []string{"host"}},
		{"smtp host with port", SMTP{Host: "mail.example.com:25", TLS: "tls", From: "w@example.com"}.Validate(), []string{"host"}},
		{"smtp unix socket", SMTP{Host: "unix:///run/smtp", TLS: "none", From: "w@example.com"}.Validate(), []string{"host"}},
		{"smtp metadata", SMTP{Host: "169.254.169.254", TLS: "none", From: "w@example.com"}.Validate(), []string{"host"}},
		{"smtp port", SMTP{Host: "m.example", Port: 70000, TLS: "tls", From: "w@example.com"}.Validate(), []string{"port"}},
		{"smtp bad tls", SMTP{Host: "m.example", TLS: "ssl", From: "w@example.com"}.Validate(), []string{"tls"}},
		{"smtp login without tls", SMTP{Host: "m.example", TLS: "none", Username: "u", Password: "p", From: "w@example.com"}.Validate(), []string{"tls"}},
		{"smtp login without password", SMTP{Host: "m.example", TLS: "starttls", Username: "u", From: "w@example.com"}.Validate(), []string{"password"}},
		{"smtp password without login", SMTP{Host: "m.example", TLS: "starttls", Password: "p", From: "w@example.com"}.Validate(), []string{"username"}},
		{"smtp bad from", SMTP{Host: "m.example", TLS: "tls", From: "Warroom"}.Validate(), []string{"from"}},
	}
	for _, c := range cases {
		if got := paths(c.errs); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: paths %v (%v), want %v", c.name, got, c.errs, c.want)
		}
		for _, e := range c.errs {
			for _, secret := range []string{"169.254", "hooks.example", "tk_abc", "pw@"} {
				if strings.Contains(e.Message, secret) {
					t.Errorf("%s: message %q quotes %q", c.name, e.Message, secret)
				}
			}
		}
	}
}

func smtpOK() SMTP {
	return SMTP{Host: "smtp.example.com", Port: 587, TLS: "starttls", Username: "warroom", Password: "hunter2-pw", From: "Warroom <warroom@example.com>"}
}

// TestSecretsNeverPrint: String, GoString and JSON leave secrets out.
func TestSecretsNeverPrint(t *testing.T) {
	values := []any{
		Ntfy{URL: "https://ntfy.example/secret-topic", Token: "tk_secret"},
		Gotify{URL: "https://gotify.example/secret-path", Token: "tk_secret"},
		Webhook{URL: "https://hooks.example/secret-path?k=tk_secret"},
		smtpOK(),
	}
	for _, v := range values {
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(format, v)
			for _, s := range []string{"secret", "hunter2"} {
				if strings.Contains(out, s) {
					t.Errorf("%T %s prints %q", v, format, out)
				}
			}
		}
	}
	if got := fmt.Sprint(Ntfy{URL: "https://ntfy.example/t"}); got != `page.Ntfy{URL:"https://ntfy.example/…" Token:""}` {
		t.Errorf("String %s", got)
	}
}

func TestEncodedWordsStayShort(t *testing.T) {
	title := strings.Repeat("Données 🔥 ", 20)
	h := headerText(title)
	for _, w := range strings.Fields(h) {
		if len(w) > 75 {
			t.Errorf("encoded word of %d characters: %s", len(w), w)
		}
	}
	got, err := new(mime.WordDecoder).DecodeHeader(h)
	if err != nil || got != oneLine(title) {
		t.Errorf("decodes to %q (%v)", got, err)
	}
	if headerText("plain ASCII title") != "plain ASCII title" {
		t.Error("plain ASCII was encoded")
	}
}
