// Package comms renders the runbooks' communication templates from incident
// data. Templates use {{name}} placeholders; Render fills every one the data
// can answer and turns the rest into a visible "[name]" for the author to
// complete before posting. Pure: no I/O.
package comms

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// Template is one message shape.
type Template struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Audience string `json:"audience"` // "status page", "internal", "customers"
	Subject  string `json:"subject"`
	Body     string `json:"body"`
}

// Message is a rendered template, ready to edit.
type Message struct {
	TemplateID string   `json:"templateId"`
	Subject    string   `json:"subject"`
	Body       string   `json:"body"`
	Missing    []string `json:"missing"` // placeholders the data could not fill
}

// Context is what a template may draw on beyond the incident itself.
type Context struct {
	Incident  incident.Incident
	Policy    policy.Policy
	Now       time.Time
	Commander string
	// Extra holds values people typed (rootCause, impact, …); they win over
	// derived values of the same name.
	Extra map[string]string
}

var placeholder = regexp.MustCompile(`\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}`)

// Render fills t from c.
func Render(t Template, c Context) Message {
	values := Values(c)
	missing := map[string]bool{}
	fill := func(s string) string {
		return placeholder.ReplaceAllStringFunc(s, func(m string) string {
			name := placeholder.FindStringSubmatch(m)[1]
			if v, ok := values[name]; ok && v != "" {
				return v
			}
			missing[name] = true
			return "[" + name + "]"
		})
	}
	msg := Message{TemplateID: t.ID, Subject: fill(t.Subject), Body: fill(t.Body), Missing: []string{}}
	for name := range missing {
		msg.Missing = append(msg.Missing, name)
	}
	sort.Strings(msg.Missing)
	return msg
}

// Values derives every placeholder value the incident and policy allow.
func Values(c Context) map[string]string {
	inc, now := c.Incident, c.Now.UTC()
	level, _ := c.Policy.Level(inc.Severity)
	v := map[string]string{
		"id":            inc.ID,
		"title":         inc.Title,
		"service":       strings.Join(inc.Services, ", "),
		"severity":      Label(c.Policy.Labels, inc.Severity),
		"severityName":  severityName(inc.Severity),
		"status":        statusName(inc.Status),
		"summary":       inc.Summary,
		"started":       inc.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"),
		"startedTime":   inc.CreatedAt.UTC().Format("15:04 UTC"),
		"now":           now.Format("2006-01-02 15:04 UTC"),
		"nowTime":       now.Format("15:04 UTC"),
		"commander":     c.Commander,
		"whoIsNotified": level.Notify,
	}
	end := now
	if inc.ResolvedAt != nil {
		end = inc.ResolvedAt.UTC()
		v["resolved"] = end.Format("2006-01-02 15:04 UTC")
	}
	if !inc.CreatedAt.IsZero() {
		v["duration"] = HumanDuration(end.Sub(inc.CreatedAt))
	}
	if level.UpdateEvery != nil {
		every := level.UpdateEvery.D()
		v["updateEvery"] = HumanDuration(every)
		v["nextUpdate"] = now.Add(every).Format("15:04 UTC")
	}
	for k, val := range c.Extra {
		if strings.TrimSpace(val) != "" {
			v[k] = val
		}
	}
	return v
}

// Label shows a severity in the org's chosen style: P1 or SEV1.
func Label(style string, s incident.Severity) string {
	if style == "SEV" {
		return "SEV" + strings.TrimPrefix(string(s), "P")
	}
	return string(s)
}

func severityName(s incident.Severity) string {
	return map[incident.Severity]string{incident.P1: "Critical", incident.P2: "Major", incident.P3: "Minor", incident.P4: "Low"}[s]
}

func statusName(s incident.Status) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// HumanDuration writes "X hours Y minutes" as the runbooks do.
func HumanDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	plural := func(n int, unit string) string {
		if n == 1 {
			return fmt.Sprintf("1 %s", unit)
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case h == 0:
		return plural(m, "minute")
	case m == 0:
		return plural(h, "hour")
	}
	return plural(h, "hour") + " " + plural(m, "minute")
}
