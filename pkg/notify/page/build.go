package page

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// plainText is the body of the text transports: why, then the links.
func plainText(p Page) string {
	var b strings.Builder
	b.WriteString(oneLine(p.Reason))
	if p.AckURL != "" {
		b.WriteString("\nAcknowledge: " + p.AckURL)
	}
	if p.IncidentURL != "" {
		b.WriteString("\nIncident: " + p.IncidentURL)
	}
	return strings.TrimLeft(b.String(), "\n")
}

// headerURL percent-encodes the bytes of a link that do not belong in a
// header or that delimit ntfy's action syntax (',', ';', quotes): the link
// cannot add a field, an action or a header. Percent-encoding these bytes
// does not change what an http(s) link points at, except in a host, where
// none of them is valid anyway.
func headerURL(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`,;"'`, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ntfy priorities: 5 max/urgent (long vibration bursts, pop-over), 4 high,
// 3 default, 2 low (https://docs.ntfy.sh/publish/#message-priority).
var ntfyPriority = map[incident.Severity]string{incident.P1: "5", incident.P2: "4", incident.P3: "3", incident.P4: "2"}

// ntfy tags that match an emoji are shown as the emoji before the title.
var ntfyTag = map[incident.Severity]string{incident.P1: "rotating_light", incident.P2: "rotating_light", incident.P3: "warning", incident.P4: "warning"}

// BuildNtfy renders p for ntfy's publish API
// (https://docs.ntfy.sh/publish/): POST to the topic URL, the message as a
// plain-text body, the rest in headers. The title goes into a header as
// ASCII or an RFC 2047 encoded word (ntfy decodes those); see the package
// doc for the header rules.
func BuildNtfy(m Ntfy, p Page) (notify.Request, error) {
	if errs := m.Validate(); len(errs) > 0 {
		return notify.Request{}, fieldErr("ntfy", errs)
	}
	if err := p.check(); err != nil {
		return notify.Request{}, err
	}
	h := http.Header{}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Title", headerText(p.heading()))
	h.Set("Priority", ntfyPriority[p.Severity])
	h.Set("Tags", ntfyTag[p.Severity])
	if p.IncidentURL != "" {
		h.Set("Click", headerURL(p.IncidentURL))
	}
	if p.AckURL != "" {
		h.Set("Actions", "view, Acknowledge, "+headerURL(p.AckURL)+", clear=true")
	}
	if m.Token != "" {
		h.Set("Authorization", "Bearer "+m.Token)
	}
	h.Set("X-Warroom-Id", headerID(p.DeliveryID))
	return notify.Request{Method: http.MethodPost, URL: m.URL, Header: h, Body: []byte(plainText(p))}, nil
}

// Gotify priorities: 8 and up make the Android app ring and pop up, 4–7
// notify with sound, 1–3 silently (Gotify's own guidance).
var gotifyPriority = map[incident.Severity]int{incident.P1: 10, incident.P2: 8, incident.P3: 5, incident.P4: 2}

type gotifyBody struct {
	Title    string       `json:"title"`
	Message  string       `json:"message"`
	Priority int          `json:"priority"`
	Extras   gotifyExtras `json:"extras"`
}

type gotifyExtras struct {
	Display struct {
		ContentType string `json:"contentType"`
	} `json:"client::display"`
	Notification struct {
		Click struct {
			URL string `json:"url"`
		} `json:"click"`
	} `json:"client::notification"`
}

// BuildGotify renders p for Gotify's API (POST <base>/message with the
// application token in X-Gotify-Key): a Markdown message whose
// notification, when tapped, opens the acknowledge link (or the incident).
func BuildGotify(m Gotify, p Page) (notify.Request, error) {
	if errs := m.Validate(); len(errs) > 0 {
		return notify.Request{}, fieldErr("gotify", errs)
	}
	if err := p.check(); err != nil {
		return notify.Request{}, err
	}
	u, _ := url.Parse(m.URL) // valid: checked above
	u.Path = strings.TrimRight(u.Path, "/") + "/message"
	u.RawPath = ""
	body := gotifyBody{Title: p.heading(), Message: gotifyMarkdown(p), Priority: gotifyPriority[p.Severity]}
	body.Extras.Display.ContentType = "text/markdown"
	body.Extras.Notification.Click.URL = p.AckURL
	if body.Extras.Notification.Click.URL == "" {
		body.Extras.Notification.Click.URL = p.IncidentURL
	}
	b, err := json.Marshal(body)
	if err != nil {
		return notify.Request{}, err
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Gotify-Key", m.Token)
	h.Set("X-Warroom-Id", headerID(p.DeliveryID))
	return notify.Request{Method: http.MethodPost, URL: u.String(), Header: h, Body: b}, nil
}

func gotifyMarkdown(p Page) string {
	var links []string
	if p.AckURL != "" {
		links = append(links, "[Acknowledge]("+mdURL(p.AckURL)+")")
	}
	if p.IncidentURL != "" {
		links = append(links, "[Open the incident]("+mdURL(p.IncidentURL)+")")
	}
	text := mdEscape(oneLine(p.Reason))
	if len(links) > 0 {
		text += "\n\n" + strings.Join(links, " · ")
	}
	return strings.TrimLeft(text, "\n")
}

// mdEscape backslash-escapes CommonMark's ASCII punctuation that can start
// markup, so a reason renders as the text it is.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>()#+-.!|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdURL keeps a link destination in one piece: parentheses, angle
// brackets and spaces would end it.
func mdURL(s string) string {
	return strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20").Replace(s)
}

// webhookBody is the personal webhook's JSON: a public contract.
type webhookBody struct {
	ID            string    `json:"id"`
	IncidentID    string    `json:"incidentId"`
	Title         string    `json:"title"`
	Severity      string    `json:"severity"`
	SeverityLabel string    `json:"severityLabel"`
	Reason        string    `json:"reason"`
	IncidentURL   string    `json:"incidentUrl"`
	AckURL        string    `json:"ackUrl"`
	At            time.Time `json:"at"`
}

// BuildWebhook renders p as JSON for a personal webhook, with the delivery
// id as Idempotency-Key and X-Warroom-Id so a receiver drops a retry.
func BuildWebhook(m Webhook, p Page) (notify.Request, error) {
	if errs := m.Validate(); len(errs) > 0 {
		return notify.Request{}, fieldErr("webhook", errs)
	}
	if err := p.check(); err != nil {
		return notify.Request{}, err
	}
	b, err := json.Marshal(webhookBody{ID: p.DeliveryID, IncidentID: p.IncidentID, Title: p.Title, Severity: string(p.Severity),
		SeverityLabel: p.label(), Reason: p.Reason, IncidentURL: p.IncidentURL, AckURL: p.AckURL, At: p.At.UTC()})
	if err != nil {
		return notify.Request{}, err
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Idempotency-Key", headerID(p.DeliveryID))
	h.Set("X-Warroom-Id", headerID(p.DeliveryID))
	return notify.Request{Method: http.MethodPost, URL: m.URL, Header: h, Body: b}, nil
}

// fieldErr names the wrong fields of a method; FieldError messages never
// quote a secret.
func fieldErr(kind string, errs []incident.FieldError) error {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Path + " " + e.Message
	}
	return errors.New(kind + ": " + strings.Join(parts, "; "))
}
