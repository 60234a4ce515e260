package page

import (
	"encoding/json"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

func wantRequest(t *testing.T, r notify.Request, method, url string, header http.Header, body string) {
	t.Helper()
	if r.Method != method || r.URL != url {
		t.Errorf("request %s %s, want %s %s", r.Method, r.URL, method, url)
	}
	if !reflect.DeepEqual(r.Header, header) {
		t.Errorf("headers\n got %q\nwant %q", r.Header, header)
	}
	if string(r.Body) != body {
		t.Errorf("body\n got %s\nwant %s", r.Body, body)
	}
}

func TestBuildNtfy(t *testing.T) {
	r, err := BuildNtfy(Ntfy{URL: "https://ntfy.example/warroom-alice", Token: "tk_secret"}, testPage())
	if err != nil {
		t.Fatal(err)
	}
	wantRequest(t, r, "POST", "https://ntfy.example/warroom-alice", http.Header{
		"Content-Type":  {"text/plain; charset=utf-8"},
		"Title":         {"[SEV1] INC-2026-12-06-001 Checkout <down> & paging"},
		"Priority":      {"5"},
		"Tags":          {"rotating_light"},
		"Click":         {incidentURL},
		"Actions":       {"view, Acknowledge, " + ackURL + ", clear=true"},
		"Authorization": {"Bearer tk_secret"},
		"X-Warroom-Id":  {"3/INC-2026-12-06-001/tier:P1:0/alice/email"},
	}, "Escalation tier 1 of P1: you are on call (Primary)\nAcknowledge: "+ackURL+"\nIncident: "+incidentURL)
}

func TestBuildNtfyPrioritiesAndOptionalParts(t *testing.T) {
	for sev, want := range map[incident.Severity][2]string{
		incident.P1: {"5", "rotating_light"}, incident.P2: {"4", "rotating_light"},
		incident.P3: {"3", "warning"}, incident.P4: {"2", "warning"},
	} {
		p := testPage()
		p.Severity, p.SeverityLabel, p.AckURL = sev, "", ""
		r, err := BuildNtfy(Ntfy{URL: "https://ntfy.example/t"}, p)
		if err != nil {
			t.Fatal(err)
		}
		if got := [2]string{r.Header.Get("Priority"), r.Header.Get("Tags")}; got != want {
			t.Errorf("%s: priority, tags %q, want %q", sev, got, want)
		}
		if r.Header.Get("Title") != "["+string(sev)+"] INC-2026-12-06-001 Checkout <down> & paging" {
			t.Errorf("%s: title %q", sev, r.Header.Get("Title"))
		}
		// No ack link: no action, no ack line; no token: no Authorization.
		if _, ok := r.Header["Actions"]; ok {
			t.Errorf("%s: Actions without an ack link", sev)
		}
		if _, ok := r.Header["Authorization"]; ok {
			t.Errorf("%s: Authorization without a token", sev)
		}
		if strings.Contains(string(r.Body), "Acknowledge") {
			t.Errorf("%s: body %q", sev, r.Body)
		}
	}
}

// TestHeaderInjectionInTitles: CR/LF cannot start a header, non-ASCII is
// carried as an RFC 2047 encoded word that decodes to the title, and a
// title that only looks like an encoded word is encoded too so it decodes
// to itself.
func TestHeaderInjectionInTitles(t *testing.T) {
	cases := []struct{ title, decoded string }{
		{"down\r\nAuthorization: Bearer evil", "down Authorization: Bearer evil"},
		{"down\nX-Injected: 1\n\nbody", "down X-Injected: 1 body"},
		{"down\rTags: skull", "down Tags: skull"},
		{"Données indisponibles 🔥", "Données indisponibles 🔥"},
		{"=?utf-8?B?SGk=?= literal", "=?utf-8?B?SGk=?= literal"},
		{"tab\there\x00nul\u2028sep", "tab here nul sep"},
	}
	for _, c := range cases {
		p := testPage()
		p.Title, p.SeverityLabel = c.title, ""
		p.AckURL = "https://a.example/ack?x=1,\"view, Evil, https://evil.example\";http, Y\r\nZ: 1"
		r, err := BuildNtfy(Ntfy{URL: "https://ntfy.example/t"}, p)
		if err == nil {
			t.Fatalf("%q: an ack link with CR/LF was accepted", c.title)
		}
		p.AckURL = "https://a.example/ack?x=1,\"view,Evil,https://evil.example\";http,'Y'"
		if r, err = BuildNtfy(Ntfy{URL: "https://ntfy.example/t"}, p); err != nil {
			t.Fatal(err)
		}
		for k, vs := range r.Header {
			for _, v := range vs {
				for i := 0; i < len(v); i++ {
					if v[i] < ' ' || v[i] >= 0x7f {
						t.Errorf("%q: header %s has byte %#x: %q", c.title, k, v[i], v)
					}
				}
			}
		}
		got, err := new(mime.WordDecoder).DecodeHeader(r.Header.Get("Title"))
		if err != nil || got != "[P1] INC-2026-12-06-001 "+c.decoded {
			t.Errorf("%q: Title %q decodes to %q (%v)", c.title, r.Header.Get("Title"), got, err)
		}
		if a := r.Header.Get("Actions"); a != "view, Acknowledge, https://a.example/ack?x=1%2C%22view%2CEvil%2Chttps://evil.example%22%3Bhttp%2C%27Y%27, clear=true" {
			t.Errorf("Actions %q", a)
		}
		if len(r.Header.Get("Title")) > 200 || strings.ContainsAny(string(r.Body), "\r") || strings.Count(string(r.Body), "\n") != 2 {
			t.Errorf("body %q", r.Body)
		}
	}
}

func TestHeaderIDIsInjective(t *testing.T) {
	for in, want := range map[string]string{
		"3/INC-1/tier:P1:0/alice/email": "3/INC-1/tier:P1:0/alice/email",
		"3/INC-1/élodie/ntfy":           "3/INC-1/%C3%A9lodie/ntfy",
		"a%C3%A9":                       "a%25C3%25A9",
		"a b\r\nX: y":                   "a%20b%0D%0AX:%20y",
	} {
		if got := headerID(in); got != want {
			t.Errorf("headerID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBuildGotify(t *testing.T) {
	r, err := BuildGotify(Gotify{URL: "https://gotify.example/base/", Token: "AppTok.1"}, testPage())
	if err != nil {
		t.Fatal(err)
	}
	wantRequest(t, r, "POST", "https://gotify.example/base/message", http.Header{
		"Content-Type": {"application/json"},
		"X-Gotify-Key": {"AppTok.1"},
		"X-Warroom-Id": {"3/INC-2026-12-06-001/tier:P1:0/alice/email"},
	}, `{"title":"[SEV1] INC-2026-12-06-001 Checkout \u003cdown\u003e \u0026 paging",`+
		`"message":"Escalation tier 1 of P1: you are on call \\(Primary\\)\n\n[Acknowledge](`+ackURL+`) · [Open the incident](`+incidentURL+`)",`+
		`"priority":10,"extras":{"client::display":{"contentType":"text/markdown"},"client::notification":{"click":{"url":"`+ackURL+`"}}}}`)
}

func TestBuildGotifyPrioritiesAndClick(t *testing.T) {
	for sev, want := range map[incident.Severity]int{incident.P1: 10, incident.P2: 8, incident.P3: 5, incident.P4: 2} {
		p := testPage()
		p.Severity, p.AckURL = sev, ""
		p.Reason = "*bold* [x](https://evil.example) <b>"
		r, err := BuildGotify(Gotify{URL: "http://10.0.0.5:8080", Token: "t"}, p)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Message  string
			Priority int
			Extras   struct {
				Notification struct {
					Click struct{ URL string }
				} `json:"client::notification"`
			}
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		if r.URL != "http://10.0.0.5:8080/message" || body.Priority != want {
			t.Errorf("%s: %s priority %d", sev, r.URL, body.Priority)
		}
		// Without an ack link, tapping opens the incident.
		if got := body.Extras.Notification.Click.URL; got != incidentURL {
			t.Errorf("%s: click %q", sev, got)
		}
		if want := `\*bold\* \[x\]\(https://evil\.example\) \<b\>` + "\n\n[Open the incident](" + incidentURL + ")"; body.Message != want {
			t.Errorf("%s: message\n got %q\nwant %q", sev, body.Message, want)
		}
	}
}

func TestBuildWebhook(t *testing.T) {
	r, err := BuildWebhook(Webhook{URL: "https://hooks.example/alice?k=1"}, testPage())
	if err != nil {
		t.Fatal(err)
	}
	wantRequest(t, r, "POST", "https://hooks.example/alice?k=1", http.Header{
		"Content-Type":    {"application/json"},
		"Idempotency-Key": {"3/INC-2026-12-06-001/tier:P1:0/alice/email"},
		"X-Warroom-Id":    {"3/INC-2026-12-06-001/tier:P1:0/alice/email"},
	}, `{"id":"3/INC-2026-12-06-001/tier:P1:0/alice/email","incidentId":"INC-2026-12-06-001",`+
		`"title":"Checkout \u003cdown\u003e \u0026 paging","severity":"P1","severityLabel":"SEV1",`+
		`"reason":"Escalation tier 1 of P1: you are on call (Primary)","incidentUrl":"`+incidentURL+`",`+
		`"ackUrl":"`+ackURL+`","at":"2026-12-06T14:03:00Z"}`)
}

func TestBuildSlack(t *testing.T) {
	r, err := BuildSlack("xoxb-1-2-abc", SlackUser{UserID: "U0123ABC"}, testPage())
	if err != nil {
		t.Fatal(err)
	}
	wantRequest(t, r, "POST", "https://slack.com/api/chat.postMessage", http.Header{
		"Content-Type":  {"application/json; charset=utf-8"},
		"Authorization": {"Bearer xoxb-1-2-abc"},
		"X-Warroom-Id":  {"3/INC-2026-12-06-001/tier:P1:0/alice/email"},
	}, `{"channel":"U0123ABC",`+
		`"text":"[SEV1] INC-2026-12-06-001 Checkout \u0026lt;down\u0026gt; \u0026amp; paging: Escalation tier 1 of P1: you are on call (Primary)",`+
		`"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*[SEV1] INC-2026-12-06-001 Checkout \u0026lt;down\u0026gt; \u0026amp; paging*\nEscalation tier 1 of P1: you are on call (Primary)"}},`+
		`{"type":"actions","elements":[`+
		`{"type":"button","text":{"type":"plain_text","text":"Acknowledge"},"url":"`+ackURL+`","style":"primary","action_id":"warroom_ack"},`+
		`{"type":"button","text":{"type":"plain_text","text":"Open incident"},"url":"`+incidentURL+`","action_id":"warroom_open"}]}],`+
		`"unfurl_links":false}`)
}

func TestBuildSlackWithoutAckHasOnlyTheIncidentButton(t *testing.T) {
	p := testPage()
	p.AckURL, p.Reason = "", "You were made incident commander"
	r, err := BuildSlack("xoxb-1", SlackUser{UserID: "W012AB"}, p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(r.Body), "Acknowledge") || !strings.Contains(string(r.Body), `"action_id":"warroom_open"`) {
		t.Errorf("body %s", r.Body)
	}
}

// TestBuildersRefuse: every builder refuses a page or method that cannot be
// sent, and its error never quotes a secret.
func TestBuildersRefuse(t *testing.T) {
	const secret = "s3cr3t-value"
	noID := testPage()
	noID.DeliveryID = " "
	badAck := testPage()
	badAck.AckURL = "/relative/ack?t=" + secret
	badSev := testPage()
	badSev.Severity = "P9"
	cases := map[string]func() error{
		"ntfy no id":        func() error { _, err := BuildNtfy(Ntfy{URL: "https://n.example/t"}, noID); return err },
		"ntfy relative ack": func() error { _, err := BuildNtfy(Ntfy{URL: "https://n.example/t"}, badAck); return err },
		"ntfy bad severity": func() error { _, err := BuildNtfy(Ntfy{URL: "https://n.example/t"}, badSev); return err },
		"ntfy no topic":     func() error { _, err := BuildNtfy(Ntfy{URL: "https://n.example/"}, testPage()); return err },
		"ntfy bad token": func() error {
			_, err := BuildNtfy(Ntfy{URL: "https://n.example/t", Token: secret + "\r\n"}, testPage())
			return err
		},
		"ntfy metadata": func() error {
			_, err := BuildNtfy(Ntfy{URL: "http://169.254.169.254/" + secret}, testPage())
			return err
		},
		"gotify no token": func() error { _, err := BuildGotify(Gotify{URL: "https://g.example"}, testPage()); return err },
		"gotify bad url": func() error {
			_, err := BuildGotify(Gotify{URL: "ftp://g.example/" + secret, Token: "t"}, testPage())
			return err
		},
		"webhook no url":  func() error { _, err := BuildWebhook(Webhook{}, testPage()); return err },
		"webhook no id":   func() error { _, err := BuildWebhook(Webhook{URL: "https://h.example/" + secret}, noID); return err },
		"slack no token":  func() error { _, err := BuildSlack("", SlackUser{UserID: "U0123ABC"}, testPage()); return err },
		"slack bad token": func() error { _, err := BuildSlack(secret+" x", SlackUser{UserID: "U0123ABC"}, testPage()); return err },
		"slack bad user":  func() error { _, err := BuildSlack("xoxb-"+secret, SlackUser{UserID: "alice"}, testPage()); return err },
		"email bad address": func() error {
			_, err := BuildEmail(SMTP{From: "w@example.com"}, Email{Address: "a@x, b@y"}, testPage())
			return err
		},
		"email bad from": func() error {
			_, err := BuildEmail(SMTP{From: "nope"}, Email{Address: "a@example.com"}, testPage())
			return err
		},
		"email relative ack": func() error {
			_, err := BuildEmail(SMTP{From: "w@example.com"}, Email{Address: "a@example.com"}, badAck)
			return err
		},
	}
	for name, build := range cases {
		err := build()
		if err == nil {
			t.Errorf("%s: built", name)
		} else if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: error %q quotes the secret", name, err)
		}
	}
}
