package scheduler

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// Author of what the scheduler writes on a timeline (as the metric
// re-evaluation does).
const Author = "warroom"

// Input is one due incident as of Now (open, or resolved: its post-mortem
// timer runs, though nothing fires once resolved), with its policy and the
// org's channel routes (no secrets: delivery resolves them later).
type Input struct {
	Open   store.DueIncident
	Policy policy.Policy
	Routes []notify.Channel
	Now    time.Time
	// Reach is who each target of the owed tiers reaches now, with their
	// contact methods (Scheduler.Roster resolves it); nil when paging is
	// not available, which the timeline then says.
	Reach *paging.Resolution
}

// Plan returns the effects of every firing owed now, in timers.Compute's
// order (rules, then tiers, then reminders). Each is computed from the same
// incident version; the store refuses all but the first state change, and
// the scheduler recomputes after one. Pure: the store decides what fires.
func Plan(in Input) []store.Effects {
	return planFrom(in, compute(in))
}

// compute is the timer engine's answer for in.
func compute(in Input) timers.Output {
	return timers.Compute(timers.Input{Incident: in.Open.Incident, Events: in.Open.Events, Policy: in.Policy, Now: in.Now})
}

// planFrom is Plan given the engine's answer out for in.
func planFrom(in Input, out timers.Output) []store.Effects {
	inc := in.Open.Incident
	effects := make([]store.Effects, 0, len(out.Firings))
	// Reminders owed together (an incident forgotten for hours, or a back end
	// that was down) are one message: the older ones are claimed silently and
	// the newest says how many periods were missed.
	newest, owed := -1, 0
	for i, f := range out.Firings {
		if f.Kind == timers.FiringUpdate {
			newest, owed = i, owed+1
		}
	}
	for i, f := range out.Firings {
		if f.Kind == timers.FiringUpdate && i != newest {
			effects = append(effects, store.Effects{OrgID: inc.OrgID, IncidentID: inc.ID, Key: f.Key, At: in.Now, ExpectVersion: inc.Version})
			continue
		}
		missed := 0
		if i == newest && owed > 1 {
			missed = owed
		}
		effects = append(effects, plan(inc, f, in, missed))
	}
	return effects
}

func plan(inc incident.Incident, f timers.Firing, in Input, missed int) store.Effects {
	e := store.Effects{OrgID: inc.OrgID, IncidentID: inc.ID, Key: f.Key, At: in.Now, ExpectVersion: inc.Version}
	esc := incident.EscalationPayload{Key: f.Key, Firing: f.Kind, DueAt: f.At.UTC(), Severity: f.FromSeverity}
	kind, msgKind, sev := incident.EventEscalation, notify.MsgEscalation, inc.Severity
	var text string
	switch f.Kind {
	case timers.FiringRule:
		applied := false
		esc.Rule, esc.From, esc.To, esc.Applied = f.RuleID, f.FromSeverity, f.ToSeverity, &applied
		text = fmt.Sprintf("Escalation from %s to %s is due: rule %s holds since %s. The policy leaves the change to the incident commander.",
			f.FromSeverity, f.ToSeverity, f.RuleID, clock(f.At))
		if f.AutoApply {
			to := f.ToSeverity
			next, evs, err := incident.Apply(inc, incident.Update{Version: inc.Version, Severity: &to,
				Reason: fmt.Sprintf("escalation rule %s applies automatically", f.RuleID)}, Author, in.Now)
			if err == nil {
				e.Update = &next
				e.Events = append(e.Events, toNew(evs)...)
				applied, sev = true, to
				text = fmt.Sprintf("Escalated automatically from %s to %s: rule %s holds since %s.", f.FromSeverity, f.ToSeverity, f.RuleID, clock(f.At))
			}
		}
	case timers.FiringTier:
		who := ""
		if f.Tier != nil {
			who = f.Tier.Who
			esc.Who = who
		}
		text = fmt.Sprintf("Escalation tier reached at %s: engage %s.", clock(f.At), who)
		if f.Tier != nil && len(f.Tier.Targets) > 0 {
			text = fmt.Sprintf("Escalation tier reached at %s: paging %s.", clock(f.At), describeTargets(f.Tier.Targets, who))
			pageTier(&e, &esc, inc, f, in)
		}
	case timers.FiringUpdate:
		kind, msgKind = incident.EventUpdateDue, notify.MsgUpdateReminder
		text = fmt.Sprintf("A stakeholder update was due at %s; post one from the incident page.", clock(f.At))
	}
	channels := []string{}
	named := channelTargets(f)
	for _, ch := range in.Routes {
		if !named[ch.Name] && (!ch.Accepts(sev) || !ch.AcceptsEvent(msgKind)) {
			continue
		}
		id := DeliveryID(inc.OrgID, inc.ID, f.Key, ch.Name)
		body, err := json.Marshal(notify.Message{ID: id, IncidentID: inc.ID, Title: inc.Title, Text: text, Severity: sev, Kind: msgKind, At: in.Now.UTC()})
		if err != nil {
			continue // a Message always encodes; nothing to send otherwise
		}
		e.Outbox = append(e.Outbox, store.NewOutbox{Channel: ch.Name, DeliveryID: id, Payload: body, Priority: outbox.Priority(msgKind)})
		channels = append(channels, ch.Name)
	}
	var payload any
	if kind == incident.EventUpdateDue {
		payload = incident.UpdateDuePayload{Key: esc.Key, Firing: esc.Firing, DueAt: esc.DueAt, Severity: esc.Severity,
			Channels: channels, Text: text, Missed: missed}
	} else {
		esc.Channels, esc.Text = channels, text
		payload = esc
	}
	e.Events = append(e.Events, store.NewEvent{Kind: kind, Author: Author, At: in.Now, Payload: incident.PayloadMap(payload)})
	return e
}

// DeliveryID is the stable idempotency key of one notification: the same
// firing to the same channel always has the same id, on every instance.
func DeliveryID(orgID int64, incidentID, key, channel string) string {
	return fmt.Sprintf("%d/%s/%s/%s", orgID, incidentID, key, channel)
}

func clock(t time.Time) string { return t.UTC().Format("15:04 UTC") }

func toNew(evs []incident.Event) []store.NewEvent {
	out := make([]store.NewEvent, len(evs))
	for i, e := range evs {
		out[i] = store.NewEvent{Kind: e.Kind, Author: e.Author, At: e.At, Payload: e.Payload}
	}
	return out
}
