package timers

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// respond is respond-by. Severity changes move it only until acknowledged:
// a deadline already met is not re-judged by a later change.
func (c *calc) respond() Timer {
	h := c.h
	start := h.declared
	lvl, _ := c.level(h.initial)
	due := start.Add(lvl.RespondWithin.D())
	ack, acked := c.step("acknowledge")
	for _, ch := range h.changes() {
		if acked && !ack.At.After(ch.at) {
			break
		}
		nl, ok := c.level(ch.to)
		if !ok {
			continue
		}
		target := nl.RespondWithin.D()
		switch c.onChange(ch).Respond {
		case policy.Continue:
			start, due = h.declared, h.declared.Add(target)
		case policy.Restart:
			start, due = ch.at, ch.at.Add(target)
		case policy.Earlier:
			if d := ch.at.Add(target); d.Before(due) {
				start, due = ch.at, d
			}
		}
	}
	t := Timer{Kind: KindRespond, Label: "Respond by", Due: &due}
	switch {
	case acked:
		t.State = finished(ack.At, due)
		t.Detail = "acknowledged " + relation(ack.At, due)
		if ack.By != "" {
			t.Detail += " by " + ack.By
		}
	case h.resolved():
		t.State, t.Detail = Stopped, "resolved without an acknowledgement"
	default:
		t.State = c.running(start, due)
	}
	return t
}

// resolve is resolve-by; false for a best-effort level.
func (c *calc) resolve() (Timer, bool) {
	h := c.h
	start := h.declared
	lvl, _ := c.level(h.initial)
	due := after(start, lvl.ResolveWithin)
	for _, ch := range h.changes() {
		nl, ok := c.level(ch.to)
		if !ok {
			continue
		}
		switch c.onChange(ch).Resolve {
		case policy.Continue:
			start, due = h.declared, after(h.declared, nl.ResolveWithin)
		case policy.Restart:
			start, due = ch.at, after(ch.at, nl.ResolveWithin)
		case policy.Earlier:
			// A best-effort target is no deadline, so the running one stands.
			if d := after(ch.at, nl.ResolveWithin); d != nil && (due == nil || d.Before(*due)) {
				start, due = ch.at, d
			}
		}
	}
	if due == nil {
		return Timer{}, false
	}
	t := Timer{Kind: KindResolve, Label: "Resolve by", Due: due}
	if at := h.resolvedAt(); at != nil {
		t.State, t.Detail = finished(*at, *due), "resolved "+relation(*at, *due)
	} else {
		t.State = c.running(start, *due)
	}
	return t, true
}

func after(t time.Time, d *policy.Duration) *time.Time {
	if d == nil {
		return nil
	}
	v := t.Add(d.D())
	return &v
}

// postmortem is post-mortem due; false until resolved.
func (c *calc) postmortem() (Timer, bool) {
	at := c.h.resolvedAt()
	if at == nil {
		return Timer{}, false
	}
	due := at.Add(c.in.Policy.PostmortemDue.D())
	t := Timer{Kind: KindPostmortem, Label: "Post-mortem due", Due: &due}
	if done, ok := c.postmortemDone(); ok {
		t.State, t.Detail = finished(done, due), "written "+relation(done, due)
	} else {
		t.State = c.running(*at, due)
	}
	return t, true
}

// postmortemDone is when the post-mortem was finished: the step mark, else
// the last save of a complete document.
func (c *calc) postmortemDone() (time.Time, bool) {
	if m, ok := c.step("postmortem"); ok {
		return m.At, true
	}
	inc := c.in.Incident
	if !complete(inc.Details.Postmortem) {
		return time.Time{}, false
	}
	saved, found := inc.UpdatedAt, false
	for _, e := range c.h.events {
		if e.Kind == incident.EventPostmortem && c.visible(e.At) {
			saved, found = e.At, true
		}
	}
	if !found && !c.visible(saved) {
		return time.Time{}, false
	}
	if saved.Before(c.h.declared) {
		saved = c.h.declared
	}
	return saved, true
}

// complete reads only what it judges, so this package need not follow every
// field of postmortem.Doc; "status" is honoured for documents that carry a
// publication state.
func complete(raw json.RawMessage) bool {
	if len(raw) == 0 {
		return false
	}
	var d struct {
		Status       string   `json:"status"`
		Summary      string   `json:"summary"`
		WhatHappened string   `json:"whatHappened"`
		Whys         []string `json:"whys"`
	}
	if json.Unmarshal(raw, &d) != nil {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(d.Status), "published") {
		return true
	}
	cause := strings.TrimSpace(d.WhatHappened) != ""
	for _, w := range d.Whys {
		cause = cause || strings.TrimSpace(w) != ""
	}
	return strings.TrimSpace(d.Summary) != "" && cause
}
