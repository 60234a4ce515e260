package policy

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Validate returns every problem with its JSON path, so the config page can
// mark each wrong field.
func (p Policy) Validate() []incident.FieldError {
	var errs []incident.FieldError
	bad := func(path, format string, args ...any) {
		errs = append(errs, incident.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if p.Labels != "P" && p.Labels != "SEV" {
		bad("labels", "must be P or SEV")
	}
	if p.PostmortemDue <= 0 {
		bad("postmortemDue", "must be a positive duration")
	}
	errs = append(errs, p.Thresholds.validate()...)
	errs = append(errs, p.Timers.validate()...)
	errs = append(errs, p.Paging.validate()...)
	seen := map[incident.Severity]bool{}
	for i, l := range p.Levels {
		at := fmt.Sprintf("levels[%d]", i)
		switch {
		case !l.Severity.Valid():
			bad(at+".severity", "unknown level %q; levels are P1, P2, P3, P4", l.Severity)
		case seen[l.Severity]:
			bad(at+".severity", "%s is defined twice", l.Severity)
		}
		seen[l.Severity] = true
		if l.RespondWithin <= 0 {
			bad(at+".respondWithin", "must be a positive duration")
		}
		if l.ResolveWithin != nil && *l.ResolveWithin <= 0 {
			bad(at+".resolveWithin", "must be a positive duration, or left out for best effort")
		}
		if l.UpdateEvery != nil && *l.UpdateEvery <= 0 {
			bad(at+".updateEvery", "must be a positive duration, or left out for no scheduled updates")
		}
		errs = append(errs, validateTiers(at, l.Tiers)...)
	}
	for _, s := range incident.Severities {
		if !seen[s] {
			bad("levels", "%s is missing; every level P1–P4 needs targets", s)
		}
	}
	ids := map[string]bool{}
	for i, r := range p.Rules {
		at := fmt.Sprintf("rules[%d]", i)
		if strings.TrimSpace(r.ID) == "" || ids[r.ID] {
			bad(at+".id", "must be a unique, non-empty name")
		}
		ids[r.ID] = true
		if !r.From.Valid() {
			bad(at+".from", "unknown level %q", r.From)
		}
		if !r.To.Valid() {
			bad(at+".to", "unknown level %q", r.To)
		}
		if r.From.Valid() && r.To.Valid() && r.To >= r.From {
			bad(at+".to", "must be more severe than %s", r.From)
		}
		if r.PersistsFor != nil && *r.PersistsFor <= 0 {
			bad(at+".persistsFor", "must be a positive duration")
		}
		if r.CustomerReports < 0 {
			bad(at+".customerReportsOver", "must not be negative")
		}
		if r.ErrorRateOver < 0 || r.ErrorRateOver > 1 {
			bad(at+".errorRateOver", "is a ratio from 0 to 1 (0.05 = 5%%)")
		}
		if r.PersistsFor == nil && r.CustomerReports == 0 && r.ErrorRateOver == 0 && !r.MultipleServices && !r.DataIntegrity {
			bad(at, "needs at least one condition")
		}
		if r.WithoutMitigation && r.PersistsFor == nil {
			bad(at+".withoutMitigation", "needs persistsFor")
		}
	}
	return errs
}

// validateTiers requires a tier at 0 and strictly increasing start times, so
// at any moment exactly one tier applies.
func validateTiers(at string, tiers []Tier) []incident.FieldError {
	var errs []incident.FieldError
	if len(tiers) == 0 {
		return []incident.FieldError{{Path: at + ".tiers", Message: "needs at least one tier starting at 0"}}
	}
	for j, t := range tiers {
		path := fmt.Sprintf("%s.tiers[%d]", at, j)
		if strings.TrimSpace(t.Who) == "" && len(t.Targets) == 0 {
			errs = append(errs, incident.FieldError{Path: path + ".who", Message: "must name who is engaged, or the tier needs targets"})
		}
		if len(t.Who) > 200 {
			errs = append(errs, incident.FieldError{Path: path + ".who", Message: "at most 200 characters"})
		}
		errs = append(errs, validateTargetShape(path+".targets", t.Targets)...)
		switch {
		case j == 0 && t.After != 0:
			errs = append(errs, incident.FieldError{Path: path + ".after", Message: "the first tier must start at 0"})
		case t.After < 0:
			errs = append(errs, incident.FieldError{Path: path + ".after", Message: "must not be negative"})
		case j > 0 && t.After <= tiers[j-1].After:
			errs = append(errs, incident.FieldError{Path: path + ".after", Message: fmt.Sprintf("must start after the previous tier (%s); tiers may not overlap or go back in time", formatDuration(tiers[j-1].After.D()))})
		}
	}
	return errs
}

func (s Thresholds) validate() []incident.FieldError {
	var errs []incident.FieldError
	bad := func(path, msg string) {
		errs = append(errs, incident.FieldError{Path: "signals." + path, Message: msg})
	}
	if s.ErrorRateHigh <= 0 || s.ErrorRateHigh > 1 {
		bad("errorRateHigh", "is a ratio above 0 and at most 1 (0.05 = 5%)")
	}
	if s.ErrorRateElevated <= 0 || s.ErrorRateElevated >= s.ErrorRateHigh {
		bad("errorRateElevated", "is a ratio above 0 and below errorRateHigh")
	}
	if s.LatencyP99 <= 0 {
		bad("latencyP99", "must be a positive duration")
	}
	if s.SustainedFor <= 0 {
		bad("sustainedFor", "must be a positive duration")
	}
	return errs
}
