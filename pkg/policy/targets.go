package policy

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Target kinds: who a tier pages.
const (
	// TargetSchedule pages whoever the schedule has on call when the tier
	// is reached.
	TargetSchedule = "schedule"
	// TargetUser pages one Grafana user of the org (by login).
	TargetUser = "user"
	// TargetTeam pages every member of a Grafana team (by team id).
	TargetTeam = "team"
	// TargetChannel posts to one notification channel (by name).
	TargetChannel = "channel"
)

// TargetKinds lists every kind (the generated TypeScript union).
var TargetKinds = []string{TargetSchedule, TargetUser, TargetTeam, TargetChannel}

// MaxTargets bounds one tier's fan-out.
const MaxTargets = 10

// Target is one recipient of a tier's pages.
type Target struct {
	Kind string `json:"kind" tstype:"'schedule' | 'user' | 'team' | 'channel'"`
	// ID is a schedule id, a user login, a team id or a channel name.
	ID string `json:"id"`
}

// Directory answers whether targets exist in an org. Existence is not the
// policy's business (it is pure), so the API asks it when a policy is saved.
type Directory interface {
	// Exists reports whether a target of kind with id exists. An error means
	// it could not be checked (Grafana unreachable): the save is refused
	// with that error rather than storing a target nobody checked.
	Exists(kind, id string) (bool, error)
}

// validateTargetShape checks what needs no directory: kind, id and bounds.
func validateTargetShape(path string, targets []Target) []incident.FieldError {
	var errs []incident.FieldError
	if len(targets) > MaxTargets {
		errs = append(errs, incident.FieldError{Path: path, Message: fmt.Sprintf("at most %d targets per tier", MaxTargets)})
	}
	seen := map[Target]bool{}
	for i, t := range targets {
		at := fmt.Sprintf("%s[%d]", path, i)
		if !validKind(t.Kind) {
			errs = append(errs, incident.FieldError{Path: at + ".kind", Message: "must be one of " + strings.Join(TargetKinds, ", ")})
		}
		switch {
		case strings.TrimSpace(t.ID) == "" || len(t.ID) > 200:
			errs = append(errs, incident.FieldError{Path: at + ".id", Message: "must name the target (1–200 characters)"})
		case seen[t]:
			errs = append(errs, incident.FieldError{Path: at, Message: "is listed twice in this tier"})
		}
		seen[t] = true
	}
	return errs
}

func validKind(k string) bool {
	for _, v := range TargetKinds {
		if v == k {
			return true
		}
	}
	return false
}

// ValidateTargets reports every target of p that dir says does not exist,
// with its field path ("levels[0].tiers[1].targets[0].id"). Call it after
// Validate passes. A directory error stops the check and is returned.
func (p Policy) ValidateTargets(dir Directory) ([]incident.FieldError, error) {
	var errs []incident.FieldError
	for i, l := range p.Levels {
		for j, t := range l.Tiers {
			for k, tg := range t.Targets {
				ok, err := dir.Exists(tg.Kind, tg.ID)
				if err != nil {
					return nil, err
				}
				if !ok {
					errs = append(errs, incident.FieldError{
						Path:    fmt.Sprintf("levels[%d].tiers[%d].targets[%d].id", i, j, k),
						Message: fmt.Sprintf("no %s %q exists in this org", tg.Kind, truncate(tg.ID, 60)),
					})
				}
			}
		}
	}
	return errs, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
