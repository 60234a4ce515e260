package correlation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// metrics are the facts of one evaluation the rules' metric conditions test.
type metrics struct {
	breaching []string  // services with a sustained breach, in input order
	ruleTh    []float64 // distinct ErrorRateOver thresholds of the rules
	crossedBy []string  // per ruleTh: first service sustained above it, or ""
	sustained time.Duration
}

// ruleThresholds lists the distinct ErrorRateOver values of rules, so each is
// measured once per error-rate series during the single scan.
func ruleThresholds(rules []policy.Rule) []float64 {
	var out []float64
	for _, r := range rules {
		if r.ErrorRateOver > 0 && !slices.Contains(out, r.ErrorRateOver) {
			out = append(out, r.ErrorRateOver)
		}
	}
	return out
}

// holds reports whether any metric condition of r holds, and says which.
// PersistsFor, CustomerReports and DataIntegrity are about the incident, not
// the series: the timer engine applies them.
func (m metrics) holds(r policy.Rule) (string, bool) {
	if r.ErrorRateOver > 0 {
		if svc := m.crossedBy[slices.Index(m.ruleTh, r.ErrorRateOver)]; svc != "" {
			return fmt.Sprintf("%s: error rate above %s for %s", svc, fmtValue(ErrorRate, r.ErrorRateOver), fmtDuration(m.sustained)), true
		}
	}
	if r.MultipleServices && len(m.breaching) >= 2 {
		return fmt.Sprintf("%d services breach (%s)", len(m.breaching), strings.Join(m.breaching, ", ")), true
	}
	return "", false
}

// applyRules escalates cur until no rule fires. Only rules that move to a
// more severe valid level are applied, so the walk is monotonic and ends
// within len(Severities) steps even when an admin writes a cycle.
func applyRules(cur incident.Severity, rules []policy.Rule, m metrics) (incident.Severity, []string, []string) {
	var fired, reasons []string
	for changed := true; changed; {
		changed = false
		for _, r := range rules {
			if r.From != cur || !r.To.Valid() || r.To >= r.From { // "P1" < "P2": To must be more severe
				continue
			}
			why, ok := m.holds(r)
			if !ok {
				continue
			}
			fired = append(fired, r.ID)
			reasons = append(reasons, fmt.Sprintf("%s: rule %s raises %s to %s", why, r.ID, r.From, r.To))
			cur, changed = r.To, true
			break
		}
	}
	return cur, fired, reasons
}
