// Package alertintake turns Grafana's webhook notifications into incidents:
// a firing group opens one incident (deduplicated by its group key, also
// across Grafana HA and racing deliveries), later notifications of the
// group attach their alerts to its timeline, and a group whose incident
// was resolved opens the next one. The HTTP side (body limits, signature,
// decoding, validation) is pkg/api's.
package alertintake

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Notification is the body of Grafana's webhook contact point (version 1).
// Grafana adds fields over time, so unknown ones are ignored.
type Notification struct {
	Receiver          string            `json:"receiver"`
	Status            string            `json:"status"`
	Alerts            []Alert           `json:"alerts"`
	GroupKey          string            `json:"groupKey"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	Title             string            `json:"title"`
}

// Alert is one alert of a notification.
type Alert struct {
	Status       string             `json:"status"`
	Labels       map[string]string  `json:"labels"`
	Annotations  map[string]string  `json:"annotations"`
	StartsAt     time.Time          `json:"startsAt"`
	EndsAt       time.Time          `json:"endsAt"`
	GeneratorURL string             `json:"generatorURL"`
	Fingerprint  string             `json:"fingerprint"`
	DashboardURL string             `json:"dashboardURL"`
	PanelURL     string             `json:"panelURL"`
	Values       map[string]float64 `json:"values"`
}

// groupKey falls back to the first alert's fingerprint for senders that
// send no group key.
func (n Notification) groupKey() string {
	if n.GroupKey != "" {
		return n.GroupKey
	}
	if len(n.Alerts) > 0 && n.Alerts[0].Fingerprint != "" {
		return "fp:" + n.Alerts[0].Fingerprint
	}
	return "labels:" + labelKey(n.CommonLabels)
}

// dedupKey is the key the store holds for the group's open incident.
func (n Notification) dedupKey() string {
	sum := sha256.Sum256([]byte(n.groupKey()))
	return "alert:" + hex.EncodeToString(sum[:16])
}

func (n Notification) firing() bool {
	for _, al := range n.Alerts {
		if al.Status == "firing" {
			return true
		}
	}
	return false
}

// labels are the group's common labels, else the first alert's.
func (n Notification) labels() map[string]string {
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
func linksFromAlert(al Alert) incident.Links {
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

// singleLine drops the tabs and line breaks lenient decoding leaves in
// text: labels, fingerprints and group keys are names, shown on one line
// and compared as keys. Other control and bidirectional characters are
// gone already (pkg/api strips them).
var singleLine = strings.NewReplacer("\t", "", "\n", "", "\r", "")

// CleanNames removes line breaks and tabs from every label (names and
// values), annotation name, fingerprint and the group key, so a label a
// metric carried them in is recorded, not refused: Grafana does not retry a
// refused notification. Annotation values are text and keep their lines.
func (n *Notification) CleanNames() {
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

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
