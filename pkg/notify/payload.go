package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Slack limits: a section's text is at most 3000 characters; the top-level
// text is the notification fallback and is kept as short.
const slackSectionMax = 3000

var kindIcon = map[string]string{
	MsgDeclared: ":rotating_light:", MsgEscalation: ":arrow_double_up:", MsgUpdateReminder: ":alarm_clock:",
	MsgStatusUpdate: ":memo:", MsgResolved: ":white_check_mark:", MsgTest: ":wave:",
}

var kindName = map[string]string{
	MsgDeclared: "Declared", MsgEscalation: "Escalation", MsgUpdateReminder: "Update reminder",
	MsgStatusUpdate: "Status update", MsgResolved: "Resolved", MsgTest: "Test",
}

type slackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type slackBlock struct {
	Type     string      `json:"type"`
	Text     *slackText  `json:"text,omitempty"`
	Elements []slackText `json:"elements,omitempty"`
}

// buildSlack renders an incoming-webhook message: a fallback text for
// notifications, a section with the incident linked, and a context line.
func buildSlack(ch Channel, m Message) (Request, error) {
	heading := "[" + m.label() + "] " + m.IncidentID + " " + m.Title
	head := "*" + slackEscape(heading) + "*"
	if m.URL != "" {
		// "|" ends a link's URL part in Slack's syntax, so it cannot appear in the label.
		head = "*<" + slackEscape(m.URL) + "|" + strings.ReplaceAll(slackEscape(heading), "|", "¦") + ">*"
	}
	section := truncate(head+"\n"+slackEscape(m.Text), slackSectionMax)
	context := strings.TrimSpace(kindIcon[m.Kind] + " " + kindNameOf(m.Kind) + " · " + m.At.UTC().Format("2006-01-02 15:04 UTC"))
	body := struct {
		Text   string       `json:"text"`
		Blocks []slackBlock `json:"blocks"`
	}{
		Text: truncate(slackEscape(heading+": "+firstLine(m.Text)), slackSectionMax),
		Blocks: []slackBlock{
			{Type: "section", Text: &slackText{Type: "mrkdwn", Text: section}},
			{Type: "context", Elements: []slackText{{Type: "mrkdwn", Text: slackEscape(context)}}},
		},
	}
	b, err := json.Marshal(body)
	if err != nil {
		return Request{}, err
	}
	return Request{Method: http.MethodPost, URL: ch.URL, Header: http.Header{"Content-Type": {"application/json"}}, Body: b}, nil
}

// slackEscape escapes the three characters Slack's mrkdwn treats as control.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func kindNameOf(k string) string {
	if n, ok := kindName[k]; ok {
		return n
	}
	return k
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// webhookBody is the generic JSON payload; its shape is a public contract.
type webhookBody struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Incident webhookIncident `json:"incident"`
	Text     string          `json:"text"`
	At       time.Time       `json:"at"`
}

type webhookIncident struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Severity      string `json:"severity"`
	SeverityLabel string `json:"severityLabel"`
	URL           string `json:"url,omitempty"`
}

func buildWebhook(ch Channel, m Message) (Request, error) {
	b, err := json.Marshal(webhookBody{ID: m.ID, Kind: m.Kind, Text: m.Text, At: m.At.UTC(),
		Incident: webhookIncident{ID: m.IncidentID, Title: m.Title, Severity: string(m.Severity), SeverityLabel: m.label(), URL: m.URL}})
	if err != nil {
		return Request{}, err
	}
	sent := m.SentAt
	if sent.IsZero() {
		sent = m.At
	}
	ts := strconv.FormatInt(sent.Unix(), 10)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Warroom-Id", m.ID)
	h.Set("X-Warroom-Timestamp", ts)
	h.Set("X-Warroom-Signature", "sha256="+sign(ch.Secret, ts, b))
	return Request{Method: http.MethodPost, URL: ch.URL, Header: h, Body: b}, nil
}

// sign is hex(HMAC-SHA256(secret, timestamp + "." + body)). The timestamp is
// inside the MAC so a captured request cannot be replayed later with a
// fresh one.
func sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// Verification errors.
var (
	ErrNoSecret     = errors.New("no secret to verify with")
	ErrBadTimestamp = errors.New("timestamp is not Unix seconds")
	ErrStale        = errors.New("timestamp is outside the accepted window")
	ErrBadSignature = errors.New("signature does not match")
)

// Verify checks a webhook the way a receiver should: timestamp within
// tolerance of now (either way: clocks differ), then a constant-time MAC
// comparison over exactly the bytes received.
func Verify(secret, timestamp string, body []byte, signature string, now time.Time, tolerance time.Duration) error {
	if secret == "" {
		return ErrNoSecret
	}
	timestamp = strings.TrimSpace(timestamp)
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrBadTimestamp
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrStale
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(signature), "sha256=")
	got, err := hex.DecodeString(hexSig)
	if !ok || err != nil {
		return ErrBadSignature
	}
	want, _ := hex.DecodeString(sign(secret, timestamp, body))
	if !hmac.Equal(got, want) {
		return ErrBadSignature
	}
	return nil
}
