package demo

import (
	"context"
	"errors"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/declare"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/postmortem/postmortemstore"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/statusupdate"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// alertAuthor declares the incidents an alert opened (the webhook's caller).
const alertAuthor = "grafana-alerting"

// maxWakes bounds the scheduler's wake-ups between two actions: more would
// mean the timers engine never settles, which is a bug, not a history.
const maxWakes = 500

// replayer writes past incidents through the paths the product writes them
// by: declare.New and CreateIncident, incident.Apply and UpdateIncident,
// statusupdate.Post, postmortemstore.Save, and between the people's actions
// the scheduler's own plan (scheduler.Plan, Commit) at each moment the
// timers engine says it would have woken, so escalations and missed-update
// reminders are recorded where and as they fell due.
type replayer struct {
	st     store.Store
	orgID  int64
	author string
	pol    policy.Policy
}

func (rp *replayer) replay(ctx context.Context, p Past) error {
	inc, err := rp.declare(ctx, p)
	if err != nil {
		return err
	}
	fired, last := map[string]bool{}, p.Declared
	for _, a := range p.Actions {
		if inc, err = rp.catchUp(ctx, inc, last, a.At, fired); err != nil {
			return err
		}
		if inc, err = rp.act(ctx, inc, a); err != nil {
			return err
		}
		last = a.At
	}
	return nil
}

// declare creates the incident as the declare form (metric evidence) or
// the alert intake (alert events) would have, with its impact start.
func (rp *replayer) declare(ctx context.Context, p Past) (incident.Incident, error) {
	d := incident.Declare{Title: p.Title, Severity: p.Severity, Services: []string{p.Service}, Summary: p.Summary}
	author := rp.author
	switch p.ImpactFrom {
	case insights.FromMetrics:
		d.Evidence = &incident.Evidence{Suggested: p.Severity, Reasons: []string{p.Service + ": error rate above the policy's threshold since the onset"}}
	case insights.FromAlert:
		author = alertAuthor
		d.Labels = map[string]string{"source": "grafana-alert", "alertname": p.Service + " errors"}
	}
	n, declared, err := declare.New(ctx, rp.st, rp.orgID, author, d, p.Declared)
	if err != nil {
		return incident.Incident{}, err
	}
	n.Details.Impact = &incident.Impact{Start: p.Impact, From: p.ImpactFrom}
	events := []store.NewEvent{declared}
	if p.ImpactFrom == insights.FromAlert {
		n.Details.Impact.Detected = &p.Impact
		events = append(events, store.NewEvent{Kind: incident.EventAlertFiring, Author: author, At: p.Declared,
			Payload: incident.PayloadMap(incident.AlertPayload{Fingerprint: "demo-" + p.Service, StartsAt: p.Impact.UTC().Format(time.RFC3339Nano),
				AlertName: d.Labels["alertname"], Summary: p.Summary, Labels: map[string]string{"service": p.Service}})})
	}
	return rp.st.CreateIncident(ctx, rp.orgID, n, events)
}

// act does one person's action at its time.
func (rp *replayer) act(ctx context.Context, inc incident.Incident, a Action) (incident.Incident, error) {
	switch {
	case a.Update != nil:
		u := *a.Update
		if u.Severity != nil && *u.Severity == inc.Severity {
			return inc, nil // a policy's rule applied it already, automatically
		}
		u.Version = inc.Version
		next, events, err := incident.Apply(inc, u, a.By, a.At)
		if err != nil {
			return inc, err
		}
		return rp.st.UpdateIncident(ctx, next, timeline.NewEvents(events))
	case a.Post != nil:
		ev, errs := incident.StatusUpdateEvent(*a.Post, a.By, a.At)
		if len(errs) > 0 {
			return inc, incident.Invalid(errs)
		}
		_, err := statusupdate.Post(ctx, rp.st, rp.orgID, inc.ID, *a.Post, ev, nil, a.At)
		return inc, err
	case a.Postmortem != nil:
		doc := postmortem.Prefill(inc, a.By)
		doc.WhatHappened = a.Postmortem.WhatHappened
		for _, it := range a.Postmortem.Items {
			doc.ActionItems = append(doc.ActionItems, postmortem.ActionItem{Action: it.Action, Owner: a.By, Priority: "Medium",
				Due: it.Due.UTC().Format(time.DateOnly), Done: it.Done})
		}
		if _, err := postmortemstore.Save(ctx, rp.st, rp.orgID, inc.ID, a.By, postmortem.VersionOf(inc.Details), doc,
			func() time.Time { return a.At }); err != nil {
			return inc, err
		}
		return rp.st.GetIncident(ctx, rp.orgID, inc.ID)
	}
	return inc, errors.New("demo: an action that does nothing")
}

// catchUp runs the scheduler at from (the last action) and at each moment
// it would have woken after, before until: what fell due is committed under
// its key, as the scheduler does.
// fired remembers the keys already committed, to spare the store the
// claims it would refuse.
func (rp *replayer) catchUp(ctx context.Context, inc incident.Incident, from, until time.Time, fired map[string]bool) (incident.Incident, error) {
	at := from
	events, err := rp.timerEvents(ctx, inc)
	if err != nil {
		return inc, err
	}
	for range maxWakes {
		in := scheduler.Input{Open: store.DueIncident{Incident: inc, Events: events}, Policy: rp.pol, Now: at}
		changed := false
		for _, e := range scheduler.Plan(in) {
			if fired[e.Key] {
				continue
			}
			c, err := rp.st.Commit(ctx, e)
			if err != nil {
				return inc, err
			}
			fired[e.Key] = true
			changed = changed || (c.Fired && e.Update != nil)
			if changed {
				break // the scheduler recomputes after a state change
			}
		}
		if changed {
			if inc, err = rp.st.GetIncident(ctx, rp.orgID, inc.ID); err != nil {
				return inc, err
			}
			if events, err = rp.timerEvents(ctx, inc); err != nil {
				return inc, err
			}
			continue
		}
		next := timers.Compute(timers.Input{Incident: inc, Events: events, Policy: rp.pol, Now: at}).NextChange
		if next == nil || !next.Before(until) {
			return inc, nil
		}
		at = *next
	}
	return inc, errors.New("demo: the timers did not settle")
}

// timerEvents are the incident's events the timers engine reads, as the
// store hands them to the scheduler.
func (rp *replayer) timerEvents(ctx context.Context, inc incident.Incident) ([]incident.Event, error) {
	all, err := rp.st.ListEvents(ctx, rp.orgID, inc.ID, 0)
	if err != nil {
		return nil, err
	}
	keep := map[incident.EventKind]bool{}
	for _, k := range timers.EventKinds {
		keep[k] = true
	}
	out := all[:0]
	for _, e := range all {
		if keep[e.Kind] {
			out = append(out, e)
		}
	}
	return out, nil
}

// seedPast writes the demo's history (PastIncidents) under the org's
// current policy and returns how many incidents it created.
func seedPast(ctx context.Context, st store.Store, orgID int64, author string, now time.Time) (int, error) {
	pol, err := policystore.Current(ctx, st, orgID)
	if err != nil {
		return 0, err
	}
	rp := &replayer{st: st, orgID: orgID, author: author, pol: pol}
	past := PastIncidents(now)
	for _, p := range past {
		if err := rp.replay(ctx, p); err != nil {
			return 0, err
		}
	}
	return len(past), nil
}
