package policy

import (
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// PagingRules say what the tier ladder does when nobody acknowledges. An
// acknowledgement (the incident's acknowledge step) always stops the ladder:
// no tier reached after it pages anyone.
type PagingRules struct {
	// RepeatUntilAcknowledged starts the ladder again from tier 0,
	// RepeatAfter after its last tier was reached, at most MaxRepeats times:
	// an unanswered page at 3 a.m. is sent again rather than left to the
	// last tier alone (as OnCall's "repeat escalation" does).
	RepeatUntilAcknowledged bool     `json:"repeatUntilAcknowledged"`
	RepeatAfter             Duration `json:"repeatAfter"`
	MaxRepeats              int      `json:"maxRepeats"`
}

// MaxRepeatsLimit bounds the repeats: every round pages every tier again.
const MaxRepeatsLimit = 10

// DefaultPagingRules repeat nothing; an admin turns repeats on. Policies saved
// before paging existed decode to these.
func DefaultPagingRules() PagingRules {
	return PagingRules{RepeatAfter: Duration(15 * time.Minute), MaxRepeats: 3}
}

func (r PagingRules) validate() []incident.FieldError {
	if !r.RepeatUntilAcknowledged {
		return nil
	}
	var errs []incident.FieldError
	if r.RepeatAfter <= 0 {
		errs = append(errs, incident.FieldError{Path: "paging.repeatAfter", Message: "must be a positive duration"})
	}
	if r.MaxRepeats < 1 || r.MaxRepeats > MaxRepeatsLimit {
		errs = append(errs, incident.FieldError{Path: "paging.maxRepeats", Message: fmt.Sprintf("must be from 1 to %d", MaxRepeatsLimit)})
	}
	return errs
}
