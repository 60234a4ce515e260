package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Signature headers of the webhook contact point's HMAC settings. Grafana
// lets the header names be chosen; X-Warroom-* are documented because some
// proxies strip X-Grafana-* request headers, and the defaults are accepted too.
var (
	signatureHeaders = []string{"X-Warroom-Signature", "X-Grafana-Alerting-Signature"}
	timestampHeaders = []string{"X-Warroom-Timestamp", "X-Grafana-Alerting-Timestamp"}
)

// signatureMaxAge bounds replays of a signed, timestamped notification.
const signatureMaxAge = 5 * time.Minute

var errBadSignature = &Error{Status: http.StatusUnauthorized, Code: "invalid_signature",
	Message: "the alert notification's HMAC signature is missing or wrong; check the contact point's HMAC secret"}

// verifyAlertSignature checks Grafana's webhook HMAC (hex SHA-256 of the
// body, or of "timestamp:body" when a timestamp header is set) when the app
// has a webhook secret. Without one, the Grafana role check alone applies.
func (a *API) verifyAlertSignature(h http.Header, body []byte) error {
	if a.AlertWebhookSecret == "" {
		return nil
	}
	sig, ts := firstHeader(h, signatureHeaders), firstHeader(h, timestampHeaders)
	if sig == "" {
		return errBadSignature
	}
	signed := body
	if ts != "" {
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return errBadSignature
		}
		if sec > 1e12 { // milliseconds
			sec /= 1000
		}
		if age := a.Now().Sub(time.Unix(sec, 0)); age > signatureMaxAge || age < -signatureMaxAge {
			return errBadSignature
		}
		signed = append([]byte(ts+":"), body...)
	}
	mac := hmac.New(sha256.New, []byte(a.AlertWebhookSecret))
	mac.Write(signed)
	want := mac.Sum(nil)
	got, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(sig), "sha256="))
	if err != nil || !hmac.Equal(got, want) {
		return errBadSignature
	}
	return nil
}

func firstHeader(h http.Header, names []string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// readAlertBody reads at most MaxAlertBody bytes.
func readAlertBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxAlertBody+1))
	if err != nil {
		return nil, invalid("could not read the request body")
	}
	if len(body) > MaxAlertBody {
		return nil, errAlertBodyTooLarge
	}
	return body, nil
}

// decodeLenient is decodeBody for payloads another system defines: unknown
// fields are ignored, characters no text may hold are removed (text.go),
// everything else is as strict.
func decodeLenient(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return invalid("the request body is empty; send a JSON object")
	}
	if !json.Valid(body) {
		return describeJSONError(json.Unmarshal(body, dst))
	}
	// Control and bidirectional control characters are removed, invalid
	// UTF-8 is refused (text.go).
	clean, fields := stripBodyText(body)
	if len(fields) > 0 {
		return invalid("text in the request is not valid UTF-8", fields...)
	}
	if err := json.Unmarshal(clean, dst); err != nil {
		return describeJSONError(err)
	}
	return nil
}

// labels are the group's common labels, else the first alert's.
func (n alertNotification) labels() map[string]string {
	if len(n.CommonLabels) > 0 {
		return n.CommonLabels
	}
	return n.Alerts[0].Labels
}

func labelKey(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// severityFromLabel maps common alert severity labels to levels; P3 when
// the label says nothing the runbooks know.
func severityFromLabel(v string) incident.Severity {
	v = strings.ToUpper(strings.TrimSpace(v))
	if s := incident.Severity(strings.Replace(v, "SEV", "P", 1)); s.Valid() {
		return s
	}
	switch v {
	case "CRITICAL", "PAGE", "HIGH":
		return incident.P2
	case "INFO", "LOW", "NONE":
		return incident.P4
	}
	return incident.P3
}

var (
	dashboardPath = regexp.MustCompile(`/d/([A-Za-z0-9_-]{1,40})(?:/|$)`)
	rulePath      = regexp.MustCompile(`/alerting/grafana/([A-Za-z0-9_-]{1,40})/`)
)

// linksFromAlert reads the dashboard, panel and rule the alert points at.
func linksFromAlert(al alertItem) incident.Links {
	var l incident.Links
	for _, raw := range []string{al.PanelURL, al.DashboardURL} {
		u, err := url.Parse(raw)
		if err != nil || raw == "" {
			continue
		}
		if m := dashboardPath.FindStringSubmatch(u.Path); m != nil && l.DashboardUID == "" {
			l.DashboardUID = m[1]
		}
		if p, err := strconv.ParseInt(u.Query().Get("viewPanel"), 10, 64); err == nil && p > 0 && l.PanelID == 0 {
			l.PanelID = p
		}
	}
	if u, err := url.Parse(al.GeneratorURL); err == nil {
		if m := rulePath.FindStringSubmatch(u.Path + "/"); m != nil {
			l.AlertRuleUID = m[1]
		}
	}
	return l
}

// singleLine drops the tabs and line breaks decodeLenient leaves in text:
// labels, fingerprints and group keys are names, shown on one line and
// compared as keys. Other control and bidirectional characters are gone
// already (stripBodyText).
var singleLine = strings.NewReplacer("\t", "", "\n", "", "\r", "")

// cleanNames removes line breaks and tabs from every label (names and
// values), annotation name, fingerprint and the group key, so a label a
// metric carried them in is recorded, not refused: Grafana does not retry a
// refused notification. Annotation values are text and keep their lines.
func (n *alertNotification) cleanNames() {
	n.GroupKey = singleLine.Replace(n.GroupKey)
	n.CommonLabels = cleanMap(n.CommonLabels, true)
	n.CommonAnnotations = cleanMap(n.CommonAnnotations, false)
	for i := range n.Alerts {
		al := &n.Alerts[i]
		al.Fingerprint = singleLine.Replace(al.Fingerprint)
		al.Labels = cleanMap(al.Labels, true)
		al.Annotations = cleanMap(al.Annotations, false)
	}
}

func cleanMap(m map[string]string, values bool) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if values {
			v = singleLine.Replace(v)
		}
		out[singleLine.Replace(k)] = v
	}
	return out
}

// oneLine is text for a single-line field (an incident title from an
// alert's summary): line breaks and tabs become spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// alertEvents are the timeline entries of n that existing does not hold:
// one per (fingerprint, status, startsAt), so re-sent notifications add
// nothing; bounded per incident (MaxAlertEvents, MaxAlertSummaries).
// dropped counts the new alerts that are not recorded one by one.
func alertEvents(n alertNotification, existing []incident.Event, author string, at time.Time) (out []store.NewEvent, dropped int) {
	seen := map[string]bool{}
	recorded, summaries := 0, 0
	for _, e := range existing {
		if e.Kind == incident.EventAlertFiring || e.Kind == incident.EventAlertResolved {
			if _, ok := e.Payload["notRecorded"]; ok {
				summaries++
				continue
			}
			recorded++
			fp, _ := e.Payload["fingerprint"].(string)
			starts, _ := e.Payload["startsAt"].(string)
			seen[string(e.Kind)+"|"+fp+"|"+starts] = true
		}
	}
	for _, al := range n.Alerts {
		kind := incident.EventAlertFiring
		if al.Status == "resolved" {
			kind = incident.EventAlertResolved
		}
		starts := al.StartsAt.UTC().Format(time.RFC3339Nano)
		id := string(kind) + "|" + al.Fingerprint + "|" + starts
		if seen[id] {
			continue
		}
		seen[id] = true
		if recorded >= MaxAlertEvents {
			dropped++
			continue
		}
		recorded++
		payload := map[string]any{
			"fingerprint": al.Fingerprint, "startsAt": starts,
			"alertname": clip(al.Labels["alertname"], incident.MaxLabelPart),
			"summary":   clip(al.Annotations["summary"], incident.MaxLabelPart),
			"labels":    clipLabels(al.Labels),
		}
		if kind == incident.EventAlertResolved && !al.EndsAt.IsZero() {
			payload["endsAt"] = al.EndsAt.UTC().Format(time.RFC3339Nano)
		}
		if len(al.Values) > 0 {
			payload["values"] = al.Values
		}
		out = append(out, store.NewEvent{Kind: kind, Author: author, At: at, Payload: payload})
	}
	if dropped > 0 && summaries < MaxAlertSummaries {
		// One entry says what this notification brought beyond the limit,
		// as a firing alert so every timeline view shows it.
		out = append(out, store.NewEvent{Kind: incident.EventAlertFiring, Author: author, At: at, Payload: map[string]any{
			"alertname": clip(n.labels()["alertname"], incident.MaxLabelPart),
			"summary": fmt.Sprintf("%d more alerts not recorded: this incident holds %d alert events, the most Warroom keeps per incident",
				dropped, MaxAlertEvents),
			"notRecorded": dropped,
		}})
	}
	return out, dropped
}

// clip shortens text to max characters, so a verbose alert still declares.
func clip(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

func clipAll(reasons []string) []string {
	if len(reasons) > incident.MaxReasons {
		reasons = reasons[:incident.MaxReasons]
	}
	out := make([]string, len(reasons))
	for i, r := range reasons {
		out[i] = clip(r, incident.MaxReasonLen)
	}
	return out
}

func clipLabels(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if len(out) == incident.MaxLabels {
			break
		}
		out[clip(k, incident.MaxLabelPart)] = clip(v, incident.MaxLabelPart)
	}
	return out
}
