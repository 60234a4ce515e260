package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

const slackURL = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX"

var at = time.Date(2026, 3, 10, 10, 15, 0, 0, time.UTC)

func message() Message {
	return Message{ID: "INC-2026-03-10-001:tier:P1:1", IncidentID: "INC-2026-03-10-001", Title: "Alerting API <down> & paging",
		Text: "Escalated to Senior engineer.\nNo acknowledgement after 15m.", Severity: incident.P1, SeverityLabel: "SEV1",
		Kind: MsgEscalation, URL: "https://grafana.example.com/a/warroom-incident-app/incidents/INC-2026-03-10-001", At: at}
}

func TestSlackBody(t *testing.T) {
	r, err := Build(Channel{ID: "c1", Name: "#incidents", Kind: KindSlack, URL: slackURL}, message())
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "POST" || r.URL != slackURL || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("request %v %v", r, r.Header)
	}
	var body struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type, Text string
			} `json:"text"`
			Elements []struct{ Type, Text string } `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Text != "[SEV1] INC-2026-03-10-001 Alerting API &lt;down&gt; &amp; paging: Escalated to Senior engineer." {
		t.Errorf("fallback text %q", body.Text)
	}
	if len(body.Blocks) != 2 || body.Blocks[0].Type != "section" || body.Blocks[0].Text.Type != "mrkdwn" || body.Blocks[1].Type != "context" {
		t.Fatalf("blocks %s", r.Body)
	}
	want := "*<" + message().URL + "|[SEV1] INC-2026-03-10-001 Alerting API &lt;down&gt; &amp; paging>*\nEscalated to Senior engineer.\nNo acknowledgement after 15m."
	if got := body.Blocks[0].Text.Text; got != want {
		t.Errorf("section\n got %q\nwant %q", got, want)
	}
	if got := body.Blocks[1].Elements[0]; got.Type != "mrkdwn" || got.Text != ":arrow_double_up: Escalation · 2026-03-10 10:15 UTC" {
		t.Errorf("context %+v", got)
	}
}

func TestSlackSectionStaysWithinLimits(t *testing.T) {
	m := message()
	m.Text, m.URL, m.Title = strings.Repeat("é", 5000), "", "a|b"
	r, err := Build(Channel{Name: "s", Kind: KindSlack, URL: slackURL}, m)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Blocks []struct{ Text *struct{ Text string } } `json:"blocks"`
	}
	_ = json.Unmarshal(r.Body, &body)
	s := body.Blocks[0].Text.Text
	if n := len([]rune(s)); n != slackSectionMax || !strings.HasSuffix(s, "…") || !strings.HasPrefix(s, "*[SEV1] INC-2026-03-10-001 a|b*\n") {
		t.Errorf("section of %d runes: %.60q", n, s)
	}
}

func TestWebhookIsSignedAndVerifiable(t *testing.T) {
	ch := Channel{ID: "c2", Name: "pager bridge", Kind: KindWebhook, URL: "https://hooks.example.com/in?token=abc", Secret: "s3cret"}
	m := message()
	m.SentAt = at.Add(2 * time.Hour) // a retry signs with its own time
	r, err := Build(ch, m)
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header
	if h.Get("Content-Type") != "application/json" || h.Get("X-Warroom-Id") != m.ID || h.Get("X-Warroom-Timestamp") != fmt.Sprint(m.SentAt.Unix()) {
		t.Fatalf("headers %v", h)
	}
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	inc := body["incident"].(map[string]any)
	if body["id"] != m.ID || body["kind"] != "escalation" || body["at"] != "2026-03-10T10:15:00Z" || inc["severity"] != "P1" || inc["severityLabel"] != "SEV1" || inc["title"] != m.Title {
		t.Errorf("body %s", r.Body)
	}
	ts, sig, now := h.Get("X-Warroom-Timestamp"), h.Get("X-Warroom-Signature"), m.SentAt.Add(30*time.Second)
	if !strings.HasPrefix(sig, "sha256=") {
		t.Fatalf("signature %q", sig)
	}
	if err := Verify("s3cret", ts, r.Body, sig, now, 5*time.Minute); err != nil {
		t.Fatalf("valid signature refused: %v", err)
	}
	tampered := append([]byte(nil), r.Body...)
	tampered[len(tampered)-2] = ' '
	cases := []struct {
		name            string
		secret, ts, sig string
		body            []byte
		now             time.Time
		want            error
	}{
		{"tampered body", "s3cret", ts, sig, tampered, now, ErrBadSignature},
		{"wrong secret", "other", ts, sig, r.Body, now, ErrBadSignature},
		{"other timestamp", "s3cret", fmt.Sprint(m.SentAt.Unix() + 1), sig, r.Body, now, ErrBadSignature},
		{"stale", "s3cret", ts, sig, r.Body, now.Add(10 * time.Minute), ErrStale},
		{"from the future", "s3cret", ts, sig, r.Body, m.SentAt.Add(-10 * time.Minute), ErrStale},
		{"no prefix", "s3cret", ts, strings.TrimPrefix(sig, "sha256="), r.Body, now, ErrBadSignature},
		{"not hex", "s3cret", ts, "sha256=zz", r.Body, now, ErrBadSignature},
		{"bad timestamp", "s3cret", "yesterday", sig, r.Body, now, ErrBadTimestamp},
		{"no secret", "", ts, sig, r.Body, now, ErrNoSecret},
	}
	for _, tc := range cases {
		if err := Verify(tc.secret, tc.ts, tc.body, tc.sig, tc.now, 5*time.Minute); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestBuildRefusesWithoutQuotingTheURL(t *testing.T) {
	secretURL := "https://hooks.slack.com/services/T/B/topsecret"
	cases := []struct {
		name string
		ch   Channel
		m    func(m *Message)
	}{
		{"no id", Channel{Name: "s", Kind: KindSlack, URL: secretURL}, func(m *Message) { m.ID = " " }},
		{"unknown kind", Channel{Name: "s", Kind: "pager", URL: secretURL}, nil},
		{"webhook without secret", Channel{Name: "s", Kind: KindWebhook, URL: secretURL}, nil},
		{"relative url", Channel{Name: "s", Kind: KindSlack, URL: "/services/T/B/topsecret"}, nil},
		{"ftp url", Channel{Name: "s", Kind: KindSlack, URL: "ftp://hooks.slack.com/topsecret"}, nil},
	}
	for _, tc := range cases {
		m := message()
		if tc.m != nil {
			tc.m(&m)
		}
		_, err := Build(tc.ch, m)
		if err == nil || strings.Contains(err.Error(), "topsecret") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestChannelNeverPrintsItsSecrets(t *testing.T) {
	ch := Channel{ID: "c1", Name: "#incidents", Kind: KindWebhook, URL: "https://user:pw@hooks.example.com/in/topsecret?token=tok", Secret: "hmackey"}
	r, _ := Build(ch, message())
	b, _ := json.Marshal(ch)
	for _, s := range []string{fmt.Sprint(ch), fmt.Sprintf("%+v", ch), fmt.Sprintf("%#v", ch), fmt.Sprintf("%v", r), fmt.Sprintf("%#v", r), string(b)} {
		for _, secret := range []string{"topsecret", "tok", "pw", "hmackey"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q leaks %q", s, secret)
			}
		}
	}
	if errs := ch.Validate(); len(errs) != 0 {
		t.Errorf("valid channel: %v", errs)
	}
	bad := Channel{Kind: "sms", URL: "hooks/topsecret", Severities: []incident.Severity{"P0"}}
	paths := []string{}
	for _, e := range bad.Validate() {
		paths = append(paths, e.Path)
		if strings.Contains(e.Message, "topsecret") {
			t.Errorf("validation quotes the URL: %v", e)
		}
	}
	if got := strings.Join(paths, ","); got != "id,name,kind,url,severities[0]" {
		t.Errorf("paths %s", got)
	}
}

func TestAccepts(t *testing.T) {
	all := Channel{}
	p12 := Channel{Severities: []incident.Severity{incident.P1, incident.P2}}
	if !all.Accepts(incident.P4) || !p12.Accepts(incident.P2) || p12.Accepts(incident.P3) {
		t.Error("severity filter")
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		slackURL:                               "https://hooks.slack.com/…",
		"https://user:pw@example.com:8443/x?y": "https://example.com:8443/…",
		"http://receiver.internal":             "http://receiver.internal",
		"http://receiver.internal/":            "http://receiver.internal",
		"https://example.com?token=t":          "https://example.com/…",
		"not a url":                            "(invalid URL)",
		"":                                     "(invalid URL)",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
