package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// Roster resolves escalation targets to people and their contact methods
// (pkg/oncall/roster). An error leaves the incident for the next tick: its
// firing is not claimed, so nobody misses a page because a read failed.
type Roster interface {
	Resolve(ctx context.Context, orgID int64, targets []policy.Target, now time.Time) (paging.Resolution, error)
}

// pageTier adds the pages of a tier with targets to e, and who they went
// to (or why nobody) to the tier's timeline entry. An acknowledged incident
// pages nobody: a tier reached before the acknowledgement but fired after it
// (a back end that was down) would wake someone for nothing.
func pageTier(e *store.Effects, esc *incident.EscalationPayload, inc incident.Incident, f timers.Firing, in Input) {
	if m, ok := inc.Details.Steps["acknowledge"]; ok && !m.At.IsZero() {
		esc.Unreached = []string{"nobody paged: " + m.By + " acknowledged at " + clock(m.At)}
		return
	}
	if in.Reach == nil {
		esc.Unreached = []string{"nobody paged: paging is not available in this back end"}
		return
	}
	pg := paging.Plan(paging.Input{OrgID: inc.OrgID, IncidentID: inc.ID, Title: inc.Title, Severity: string(inc.Severity),
		Firing: f.Key, Reason: reason(f), NeedsAck: true, At: in.Now}, reachOf(*in.Reach, f.Tier.Targets))
	e.Outbox = append(e.Outbox, pg.Outbox...)
	esc.Paged, esc.Unreached = pg.Recipients, pg.Problems
}

// reachOf keeps the resolution of one tier's targets, in the tier's order;
// channel targets are posted to like any channel, not paged.
func reachOf(all paging.Resolution, targets []policy.Target) paging.Resolution {
	out := paging.Resolution{Methods: all.Methods}
	for _, t := range targets {
		if t.Kind == policy.TargetChannel {
			continue
		}
		found := false
		for _, r := range all.Reaches {
			if r.Target == t {
				out.Reaches = append(out.Reaches, r)
				found = true
				break
			}
		}
		if !found {
			out.Reaches = append(out.Reaches, paging.Reach{Target: t, Problem: paging.Describe(t) + " was not resolved"})
		}
	}
	return out
}

// channelTargets are the channels a tier names: they get the tier whatever
// their severity and event filters say.
func channelTargets(f timers.Firing) map[string]bool {
	out := map[string]bool{}
	if f.Tier != nil {
		for _, t := range f.Tier.Targets {
			if t.Kind == policy.TargetChannel {
				out[t.ID] = true
			}
		}
	}
	return out
}

func reason(f timers.Firing) string {
	n := strings.Count(f.Key, ":")
	round := ""
	if n == 3 {
		round = " (repeated: nobody acknowledged)"
	}
	who := ""
	if f.Tier != nil && f.Tier.Who != "" {
		who = " — " + f.Tier.Who
	}
	return fmt.Sprintf("%s escalation%s%s", f.FromSeverity, who, round)
}

func describeTargets(ts []policy.Target, who string) string {
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		parts = append(parts, paging.Describe(t))
	}
	s := strings.Join(parts, ", ")
	if who != "" {
		s = who + " (" + s + ")"
	}
	return s
}

// tierTargets lists the targets of the owed tiers that page.
func tierTargets(out timers.Output) []policy.Target {
	var tiers []policy.Tier
	for _, f := range out.Firings {
		if f.Kind == timers.FiringTier && f.Tier != nil {
			tiers = append(tiers, *f.Tier)
		}
	}
	return paging.Targets(tiers...)
}
