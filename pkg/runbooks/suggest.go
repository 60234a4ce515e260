package runbooks

import (
	"fmt"
	"slices"
	"sort"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Suggestion is a runbook the evidence points to, with why.
type Suggestion struct {
	Runbook Runbook  `json:"runbook"`
	Reasons []string `json:"reasons"`
}

// Suggest returns the runbooks at least one triggering condition of which
// matches a finding, most reasons first. Failed checks (StatusError) carry
// no evidence and only match conditions that ask for that status.
func Suggest(lib Library, findings []diagnostics.Finding) []Suggestion {
	var out []Suggestion
	for _, rb := range lib.Runbooks {
		var reasons []string
		triggered := false
		for _, c := range rb.Match {
			for _, f := range findings {
				if !c.matches(f) {
					continue
				}
				reasons = append(reasons, c.explain(f))
				triggered = triggered || !c.Supporting
			}
		}
		if triggered {
			out = append(out, Suggestion{Runbook: rb, Reasons: reasons})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Reasons) > len(out[j].Reasons) })
	return out
}

func (c Condition) matches(f diagnostics.Finding) bool {
	if c.Check != "" && c.Check != f.Check {
		return false
	}
	if len(c.Status) > 0 && !slices.Contains(c.Status, f.Status) {
		return false
	}
	if f.Status == diagnostics.StatusError && !slices.Contains(c.Status, diagnostics.StatusError) {
		return false
	}
	if c.Fact == "" {
		return true
	}
	v, ok := f.Facts[c.Fact]
	if !ok {
		return false
	}
	switch c.Op {
	case ">=":
		return v >= c.Value
	case ">":
		return v > c.Value
	case "<=":
		return v <= c.Value
	case "<":
		return v < c.Value
	case "==":
		return v == c.Value
	case "!=":
		return v != c.Value
	}
	return false
}

func (c Condition) explain(f diagnostics.Finding) string {
	what := c.Reason
	if c.Fact != "" {
		what += fmt.Sprintf(" (%s = %g)", c.Fact, f.Facts[c.Fact])
	}
	return fmt.Sprintf("%s — %s [%s]: %s", what, f.Title, f.Service, f.Summary)
}
