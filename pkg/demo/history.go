package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
)

// The demo's past: resolved incidents over the weeks before the scenarios,
// so the Insights page and the shipped dashboard have something to measure.
// They end two days before the seed, so they never overlap the scenarios or
// the metrics the demo fleet backfills, and none is still open.
const (
	pastCount = 96
	pastWeeks = 12
	pastEnd   = 48 * time.Hour // the newest declaration at the latest, before the seed
	// maxUpdates bounds one incident's status updates: the rest of its
	// periods go unannounced, as they did.
	maxUpdates = 16
)

// pastSeed fixes the choices: the same demo history on every run, aged from
// the seed's clock.
const pastSeed = 20

// Past is one past incident as the people (and the alert) that ran it acted:
// each action at its time, in time order. The scheduler's escalations and
// reminders are not listed: replaying the actions through the scheduler
// records them where they fell due (replay.go).
type Past struct {
	Title    string
	Service  string
	Summary  string
	Severity incident.Severity
	Declared time.Time
	// Impact is the impact start (insights.FromMetrics, FromAlert or
	// FromDeclared, as the product records each).
	Impact     time.Time
	ImpactFrom string
	Actions    []Action
}

// Action is one thing done on a past incident, by By at At: exactly one of
// Update, Post and Postmortem says what.
type Action struct {
	At         time.Time
	By         string
	Update     *incident.Update // Version is filled when applied
	Post       *incident.StatusUpdate
	Postmortem *PastPostmortem
}

// PastPostmortem is a saved post-mortem: its action items, some done.
type PastPostmortem struct {
	WhatHappened string
	Items        []PastItem
}

// PastItem is one action item of a past post-mortem.
type PastItem struct {
	Action string
	Due    time.Time
	Done   bool
}

// trouble is a kind of incident a demo service has had.
type trouble struct {
	service, title, summary, cause string
}

// troubles are the demo services' recurring incidents: the scenarios'
// services, so filters by service show both, under other titles, so a
// scenario's title names one incident.
var troubles = []trouble{
	{"checkout-api", "Checkout API 502s after a deploy", "Load balancer targets failing health checks.", "A deploy shipped a health check that timed out under load."},
	{"checkout-api", "Payment provider timeouts at checkout", "Card authorisations timing out upstream.", "The provider's regional endpoint degraded; no retry budget on our side."},
	{"orders-api", "Orders database connections saturated", "Orders timing out waiting for connections.", "A batch job held idle connections for hours."},
	{"orders-api", "Order confirmation emails delayed", "Queue backlog on the mailer.", "The mailer's consumer crashed on a malformed address."},
	{"auth-api", "Login failures from session store", "Redis failover dropped sessions.", "The cache node was replaced without draining."},
	{"auth-api", "Token refresh errors for mobile clients", "Refresh endpoint returning 401s.", "Clock skew on one node after a kernel update."},
	{"search-api", "Search latency above target", "p99 above 500 ms after a deploy.", "A ranking query lost its index hint."},
	{"search-api", "Search results stale", "Indexer lagging behind writes.", "The indexer's partition rebalanced in a loop."},
	{"status-page", "Status page not updating", "Component states stuck.", "The status page's API key expired."},
	{"status-page", "Status page shows the wrong maintenance window", "Wrong date reported by support.", "No review step for banner text."},
}

// people are who acknowledges, runs and reviews the past incidents.
var people = []string{"ada", "grace", "linus", "margaret", "ken"}

// pastShape is how long a severity's incidents typically take.
type pastShape struct {
	weight      int // out of 10
	ack         [2]time.Duration
	resolve     [2]time.Duration
	postmortems int // out of 10 that get one
}

var shapes = map[incident.Severity]pastShape{
	incident.P1: {1, [2]time.Duration{2 * time.Minute, 22 * time.Minute}, [2]time.Duration{40 * time.Minute, 3 * time.Hour}, 10},
	incident.P2: {3, [2]time.Duration{4 * time.Minute, 45 * time.Minute}, [2]time.Duration{time.Hour, 9 * time.Hour}, 7},
	incident.P3: {4, [2]time.Duration{10 * time.Minute, 150 * time.Minute}, [2]time.Duration{2 * time.Hour, 28 * time.Hour}, 3},
	incident.P4: {2, [2]time.Duration{time.Hour, 30 * time.Hour}, [2]time.Duration{4 * time.Hour, 34 * time.Hour}, 0},
}

// cadence is how often each level asks for stakeholder updates in the
// default policy (the demo only changes when timers warn).
var cadence = map[incident.Severity]time.Duration{incident.P1: 15 * time.Minute, incident.P2: 30 * time.Minute}

// PastIncidents is the demo's history as of now: pastCount incidents, oldest
// first, spread over pastWeeks weeks across every severity and service.
// Pure and deterministic: the same now gives the same history.
func PastIncidents(now time.Time) []Past {
	r := rand.New(rand.NewPCG(pastSeed, pastSeed)) // #nosec G404 -- a fixed seed: the same demo history every time, nothing secret
	first := now.Add(-pastWeeks * 7 * 24 * time.Hour)
	step := (now.Add(-pastEnd).Sub(first)) / pastCount
	out := make([]Past, 0, pastCount)
	for i := range pastCount {
		declared := first.Add(time.Duration(i+1)*step - between(r, 0, step/2)).Truncate(time.Second)
		out = append(out, pastIncident(r, i, declared, now))
	}
	return out
}

func pastIncident(r *rand.Rand, i int, declared, now time.Time) Past {
	t := troubles[r.IntN(len(troubles))]
	sev := severityOf(r)
	shape := shapes[sev]
	p := Past{Title: t.title, Service: t.service, Summary: t.summary, Severity: sev, Declared: declared}
	// A third each: grounded in metrics (the onset precedes the declare),
	// opened by an alert (impact starts when it fired), or declared by hand.
	switch i % 3 {
	case 0:
		p.Impact, p.ImpactFrom = declared.Add(-between(r, 3*time.Minute, 25*time.Minute)), insights.FromMetrics
	case 1:
		p.Impact, p.ImpactFrom = declared.Add(-between(r, 30*time.Second, 4*time.Minute)), insights.FromAlert
	default:
		p.Impact, p.ImpactFrom = declared, insights.FromDeclared
	}
	lead := people[i%len(people)]
	ack := between(r, shape.ack[0], shape.ack[1])
	resolve := max(between(r, shape.resolve[0], shape.resolve[1]), ack+20*time.Minute)
	mitigate := ack + (resolve-ack)*time.Duration(5+r.IntN(4))/10
	at := func(d time.Duration) time.Time { return declared.Add(d).Truncate(time.Second) }
	acknowledge := &incident.Update{CompleteSteps: []incident.StepName{"acknowledge"}, Roles: &incident.Roles{Commander: lead, Responders: []string{lead}}}
	p.Actions = append(p.Actions,
		Action{At: at(ack), By: lead, Update: acknowledge},
		Action{At: at((ack + mitigate) / 2), By: lead, Update: status(incident.Identified, "")},
		Action{At: at(mitigate), By: lead, Update: &incident.Update{Status: ptr(incident.Monitoring), CompleteSteps: []incident.StepName{"mitigate"}}},
		Action{At: at(resolve), By: lead, Update: status(incident.Resolved, "")},
	)
	level := sev
	if change, to, ok := severityChange(r, i, sev); ok {
		level = to
		p.Actions = append(p.Actions, Action{At: at(ack + (mitigate-ack)/4), By: lead,
			Update: &incident.Update{Severity: &to, Reason: change}})
	}
	end := at(resolve)
	if i%12 == 5 { // some come back once
		back := end.Add(between(r, 20*time.Minute, 90*time.Minute)).Truncate(time.Second)
		end = back.Add(between(r, 30*time.Minute, 2*time.Hour)).Truncate(time.Second)
		p.Actions = append(p.Actions,
			Action{At: back, By: lead, Update: status(incident.Investigating, "The errors came back after the fix.")},
			Action{At: end, By: lead, Update: status(incident.Resolved, "")})
	}
	p.Actions = append(p.Actions, updates(r, i, p, level, lead)...)
	if r.IntN(10) < shape.postmortems {
		if pm, ok := pastPostmortem(r, t, end, now, lead); ok {
			p.Actions = append(p.Actions, pm)
		}
	}
	slices.SortStableFunc(p.Actions, func(a, b Action) int { return a.At.Compare(b.At) })
	return p
}

// updates are the status updates of a level with a cadence while the
// incident is open: on time for most, one late for every fifth.
func updates(r *rand.Rand, i int, p Past, level incident.Severity, by string) []Action {
	every, ok := cadence[level]
	if !ok {
		every, ok = cadence[p.Severity]
	}
	if !ok {
		return nil
	}
	open := openSpans(p)
	var out []Action
	for _, span := range open {
		at := span[0]
		for n := 0; len(out) < maxUpdates; n++ {
			gap := every * time.Duration(7+r.IntN(3)) / 10
			if i%5 == 2 && n == 1 {
				gap = every * 3 / 2 // this one was late
			}
			at = at.Add(gap).Truncate(time.Second)
			if !at.Before(span[1]) {
				break
			}
			body := fmt.Sprintf("Update %d on %s: %s We are working on it; next update within %d minutes.", len(out)+1, p.Service, p.Summary, int(every.Minutes()))
			out = append(out, Action{At: at, By: by, Post: &incident.StatusUpdate{Subject: p.Title, Body: body}})
		}
	}
	return out
}

// openSpans are the times the incident was open: declared to resolved, and
// reopened to resolved again.
func openSpans(p Past) [][2]time.Time {
	spans := [][2]time.Time{}
	start := p.Declared
	for _, a := range sortedActions(p.Actions) {
		if a.Update == nil || a.Update.Status == nil {
			continue
		}
		switch *a.Update.Status {
		case incident.Resolved:
			spans = append(spans, [2]time.Time{start, a.At})
		case incident.Investigating:
			start = a.At
		}
	}
	return spans
}

func sortedActions(a []Action) []Action {
	s := slices.Clone(a)
	slices.SortStableFunc(s, func(a, b Action) int { return a.At.Compare(b.At) })
	return s
}

// severityChange upgrades or downgrades one incident in eight, mid-way.
func severityChange(r *rand.Rand, i int, sev incident.Severity) (string, incident.Severity, bool) {
	if i%8 != 3 {
		return "", "", false
	}
	switch {
	case sev == incident.P2 || sev == incident.P3 && r.IntN(2) == 0:
		return "More users affected than first thought.", upgrade(sev), true
	case sev == incident.P1:
		return "Impact limited to one region.", incident.P2, true
	case sev == incident.P3:
		return "Only internal users affected.", incident.P4, true
	}
	return "", "", false
}

func upgrade(s incident.Severity) incident.Severity {
	return incident.Severities[max(0, slices.Index(incident.Severities, s)-1)]
}

// pastPostmortem is saved one to four days after the resolution (after the
// policy's two days, it is late), if that is before now.
func pastPostmortem(r *rand.Rand, t trouble, resolved, now time.Time, by string) (Action, bool) {
	at := resolved.Add(between(r, 20*time.Hour, 96*time.Hour)).Truncate(time.Second)
	if !at.Before(now) {
		return Action{}, false
	}
	pm := &PastPostmortem{WhatHappened: t.cause}
	for k := range 2 + r.IntN(3) {
		due := at.Add(time.Duration(7*(k+1)) * 24 * time.Hour)
		pm.Items = append(pm.Items, PastItem{Action: itemTexts[(k+r.IntN(len(itemTexts)))%len(itemTexts)], Due: due,
			Done: due.Before(now) && r.IntN(3) > 0})
	}
	return Action{At: at, By: by, Postmortem: pm}, true
}

var itemTexts = []string{
	"Add an alert on the leading signal", "Write a runbook section for this failure", "Add a canary stage to the deploy",
	"Load-test the fix", "Review timeouts and retry budgets", "Automate the failover drill",
}

func severityOf(r *rand.Rand) incident.Severity {
	n := r.IntN(10)
	for _, s := range incident.Severities {
		if n < shapes[s].weight {
			return s
		}
		n -= shapes[s].weight
	}
	return incident.P4
}

func status(s incident.Status, reason string) *incident.Update {
	return &incident.Update{Status: &s, Reason: reason}
}

// between is a duration in [lo, hi).
func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

func ptr[T any](v T) *T { return &v }
