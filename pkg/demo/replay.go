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
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// alertAuthor declares the incidents an alert opened (the webhook's caller).
const alertAuthor = "grafana-alerting"

// maxWakes bounds the scheduler's wake-ups between two actions: more would
// mean the timers engine never settles, which is a bug, not a history.
const maxWakes = 500

// replay is one past incident played forward in memory by the product's
// own rules: declare.New, incident.Apply, incident.StatusUpdateEvent,
// postmortem.Save, and between the people's actions the scheduler's plan
// (scheduler.Plan) at each moment the timers engine says it would have
// woken, so escalations and missed-update reminders are recorded where and
// as they fell due.
//
// It is played in memory and stored at once (seedPast) rather than write by
// write: the running scheduler ticks every second, and would otherwise find
// a half-written incident open weeks after its declaration and escalate it
// now.
type replay struct {
	pol    policy.Policy
	inc    incident.Incident
	events []incident.Event
	// fired remembers the firings' keys, as the store's claims do.
	fired map[string]bool
}

// play returns the incident as it ends and every event after its
// declaration, in order.
func (r *replay) play(p Past) (incident.Incident, []incident.Event, error) {
	last := p.Declared
	for _, a := range p.Actions {
		if err := r.catchUp(last, a.At); err != nil {
			return r.inc, nil, err
		}
		if err := r.act(a); err != nil {
			return r.inc, nil, err
		}
		last = a.At
	}
	return r.inc, r.events[1:], nil
}

// add appends events as the store would number them.
func (r *replay) add(events ...incident.Event) {
	for _, e := range events {
		e.OrgID, e.IncidentID, e.Seq = r.inc.OrgID, r.inc.ID, int64(len(r.events)+1)
		r.events = append(r.events, e)
	}
}

// act does one person's action at its time.
func (r *replay) act(a Action) error {
	switch {
	case a.Update != nil:
		u := *a.Update
		if u.Severity != nil && *u.Severity == r.inc.Severity {
			return nil // a policy's rule applied it already, automatically
		}
		u.Version = r.inc.Version
		next, events, err := incident.Apply(r.inc, u, a.By, a.At)
		if err != nil {
			return err
		}
		r.inc = next
		r.add(events...)
	case a.Post != nil:
		ev, errs := incident.StatusUpdateEvent(*a.Post, a.By, a.At)
		if len(errs) > 0 {
			return incident.Invalid(errs)
		}
		r.add(ev)
	case a.Postmortem != nil:
		doc := postmortem.Prefill(r.inc, a.By)
		doc.WhatHappened = a.Postmortem.WhatHappened
		for _, it := range a.Postmortem.Items {
			doc.ActionItems = append(doc.ActionItems, postmortem.ActionItem{Action: it.Action, Owner: a.By, Priority: "Medium",
				Due: it.Due.UTC().Format(time.DateOnly), Done: it.Done})
		}
		next, ev, err := postmortem.Save(r.inc, a.By, doc, a.At)
		if err != nil {
			return err
		}
		r.inc = next
		r.add(ev)
	default:
		return errors.New("demo: an action that does nothing")
	}
	return nil
}

// catchUp runs the scheduler's plan at from (the last action) and at each
// moment it would have woken after, before until, keeping what it fires
// once per key.
func (r *replay) catchUp(from, until time.Time) error {
	at := from
	for range maxWakes {
		in := scheduler.Input{Open: store.DueIncident{Incident: r.inc, Events: r.events}, Policy: r.pol, Now: at}
		changed := false
		for _, e := range scheduler.Plan(in) {
			if r.fired[e.Key] {
				continue
			}
			r.fired[e.Key] = true
			for _, ne := range e.Events {
				r.add(incident.Event{Kind: ne.Kind, Author: ne.Author, At: ne.At, Payload: ne.Payload})
			}
			if e.Update != nil {
				r.inc, changed = *e.Update, true
				break // the store takes one state change; the scheduler recomputes after it
			}
		}
		if changed {
			continue
		}
		next := timers.Compute(timers.Input{Incident: r.inc, Events: r.events, Policy: r.pol, Now: at}).NextChange
		if next == nil || !next.Before(until) {
			return nil
		}
		at = *next
	}
	return errors.New("demo: the timers did not settle")
}

// seedPast stores the demo's history (PastIncidents) under the org's
// current policy and returns how many incidents it created.
func seedPast(ctx context.Context, st store.Store, orgID int64, author string, now time.Time) (int, error) {
	pol, err := policystore.Current(ctx, st, orgID)
	if err != nil {
		return 0, err
	}
	past := PastIncidents(now)
	for _, p := range past {
		if err := storePast(ctx, st, orgID, author, pol, p); err != nil {
			return 0, err
		}
	}
	return len(past), nil
}

// storePast declares p as the declare form (metric evidence) or the alert
// intake (alert events) would have, plays it, and stores it: created with
// its whole timeline, which ends resolved, so the scheduler owes it nothing
// from the start, then brought to its final state.
func storePast(ctx context.Context, st store.Store, orgID int64, author string, pol policy.Policy, p Past) error {
	d := incident.Declare{Title: p.Title, Severity: p.Severity, Services: []string{p.Service}, Summary: p.Summary}
	switch p.ImpactFrom {
	case insights.FromMetrics:
		d.Evidence = &incident.Evidence{Suggested: p.Severity, Reasons: []string{p.Service + ": error rate above the policy's threshold since the onset"}}
	case insights.FromAlert:
		author = alertAuthor
		d.Labels = map[string]string{"source": "grafana-alert", "alertname": p.Service + " errors"}
	}
	n, declared, err := declare.New(ctx, st, orgID, author, d, p.Declared)
	if err != nil {
		return err
	}
	n.Details.Impact = &incident.Impact{Start: p.Impact, From: p.ImpactFrom}
	r := &replay{pol: pol, fired: map[string]bool{}, inc: incident.Incident{OrgID: orgID, Title: n.Title, Severity: n.Severity,
		Status: n.Status, Services: n.Services, Summary: n.Summary, CreatedBy: n.Author, CreatedAt: n.At, UpdatedAt: n.At,
		Version: 1, Details: n.Details}}
	r.add(incident.Event{Kind: declared.Kind, Author: declared.Author, At: declared.At, Payload: declared.Payload})
	if p.ImpactFrom == insights.FromAlert {
		n.Details.Impact.Detected = &p.Impact
		r.inc.Details = n.Details
		r.add(incident.NewEvent(incident.EventAlertFiring, author, p.Declared, incident.AlertPayload{Fingerprint: "demo-" + p.Service,
			StartsAt: p.Impact.UTC().Format(time.RFC3339Nano), AlertName: d.Labels["alertname"], Summary: p.Summary,
			Labels: map[string]string{"service": p.Service}}))
	}
	final, events, err := r.play(p)
	if err != nil {
		return err
	}
	created, err := st.CreateIncident(ctx, orgID, n, append([]store.NewEvent{declared}, timeline.NewEvents(events)...))
	if err != nil {
		return err
	}
	final.ID, final.Version = created.ID, created.Version
	_, err = st.UpdateIncident(ctx, final, nil)
	return err
}
