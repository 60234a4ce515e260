package incident

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrResolved refuses a change to a resolved incident: it is read-only
// (except its post-mortem) until someone reopens it with a reason.
var ErrResolved = errors.New("the incident is resolved; reopen it to change it")

// Invalid lists what is wrong with a request, field by field.
type Invalid []FieldError

func (v Invalid) Error() string { return fmt.Sprintf("%d invalid fields", len(v)) }

// Update is a user's change to an incident. Nil fields are left alone.
// Version is the version the user saw; the store rejects a stale one.
type Update struct {
	Version         int64           `json:"version"`
	Title           *string         `json:"title" tstype:",optional"`
	Severity        *Severity       `json:"severity" tstype:",optional"`
	Status          *Status         `json:"status" tstype:",optional"`
	Reason          string          `json:"reason" tstype:",optional"`
	Roles           *Roles          `json:"roles" tstype:",optional"`
	CustomerReports *int            `json:"customerReports" tstype:",optional"`
	Flags           *Flags          `json:"flags" tstype:",optional"`
	CompleteSteps   []StepName      `json:"completeSteps" tstype:",optional"`
	Checklist       map[string]bool `json:"checklist" tstype:",optional"`
	// ImpactStart sets when users started to feel it, with a reason. A
	// resolved incident takes it too: the insights are read afterwards.
	ImpactStart *time.Time `json:"impactStart" tstype:",optional"`
}

// Bounds of Update.ImpactStart: not after the change, and not before
// MaxImpactBefore ahead of the declaration: a little more than the 31 days of
// metrics a severity evaluation reads (pkg/api maxRange), so any onset
// evidence can show fits, and a person may set what the metrics could.
const MaxImpactBefore = 32 * 24 * time.Hour

// change collects the next incident and the events recording each change.
type change struct {
	next   Incident
	events []Event
	author string
	now    time.Time
	reason string
}

// record adds an event; every payload carries c.reason (payloads.go).
func (c *change) record(kind EventKind, payload any) {
	c.events = append(c.events, NewEvent(kind, c.author, c.now, payload))
}

// Apply computes the incident after u and the timeline events that record it.
// It is pure: the caller persists the result. Errors are Invalid (bad input,
// or a change that alters nothing — the timeline holds no empty entries) or
// ErrResolved.
func Apply(inc Incident, u Update, author string, now time.Time) (Incident, []Event, error) {
	reason := strings.TrimSpace(u.Reason)
	if errs := validateUpdate(u, reason); len(errs) > 0 {
		return inc, nil, Invalid(errs)
	}
	c := &change{next: inc, author: author, now: now, reason: reason}
	c.next.Details = inc.Details.Normalize()
	if inc.Status == Resolved && !impactOnly(u) {
		if err := c.reopen(u); err != nil {
			return inc, nil, err
		}
	} else if inc.Status != Resolved {
		c.applyCore(u)
		if errs := c.applyResponse(u); len(errs) > 0 {
			return inc, nil, Invalid(errs)
		}
	}
	if errs := c.applyImpact(u); len(errs) > 0 {
		return inc, nil, Invalid(errs)
	}
	if len(c.events) == 0 {
		return inc, nil, Invalid{{Path: "", Message: "the update changes nothing"}}
	}
	c.next.UpdatedAt = now
	c.next.Version = u.Version
	return c.next, c.events, nil
}

// reopen is the only change a resolved incident accepts besides the impact
// start (impactOnly): a status other than resolved, with a reason, and
// nothing else but the impact start.
func (c *change) reopen(u Update) error {
	if u.Status == nil || *u.Status == Resolved {
		return ErrResolved
	}
	if u.Title != nil || u.Severity != nil || u.Roles != nil || u.CustomerReports != nil || u.Flags != nil || len(u.CompleteSteps) > 0 || len(u.Checklist) > 0 {
		return ErrResolved
	}
	if c.reason == "" {
		return Invalid{{Path: "reason", Message: "say why the incident is reopened"}}
	}
	c.next.Status, c.next.ResolvedAt = *u.Status, nil
	c.record(EventReopened, StatusChangedPayload{From: Resolved, To: *u.Status, Reason: c.reason})
	return nil
}

// impactOnly reports an update that sets the impact start and nothing else:
// the one change a resolved incident takes without reopening, since the
// impact start is read in retrospect (the insights measure from it).
func impactOnly(u Update) bool {
	return u.ImpactStart != nil && u.Status == nil && u.Title == nil && u.Severity == nil && u.Roles == nil &&
		u.CustomerReports == nil && u.Flags == nil && len(u.CompleteSteps) == 0 && len(u.Checklist) == 0
}

// applyImpact sets the impact start a person gives, within bounds, keeping
// when the problem was detected.
func (c *change) applyImpact(u Update) []FieldError {
	if u.ImpactStart == nil {
		return nil
	}
	to := u.ImpactStart.UTC()
	switch {
	case to.After(c.now):
		return []FieldError{{"impactStart", "must not be in the future"}}
	case to.Before(c.next.CreatedAt.Add(-MaxImpactBefore)):
		return []FieldError{{"impactStart", "must be at most 32 days before the incident was declared"}}
	}
	from, im := c.next.CreatedAt, &Impact{}
	if old := c.next.Details.Impact; old != nil {
		from, im.Detected = old.Start, old.Detected
	}
	if to.Equal(from) {
		return nil
	}
	im.Start, im.From = to, "edited" // insights.FromEdited (that package imports this one)
	c.next.Details.Impact = im
	c.record(EventImpactChanged, ImpactChangedPayload{From: from.UTC(), To: to, Reason: c.reason})
	return nil
}

func (c *change) applyCore(u Update) {
	inc := c.next
	if u.Title != nil {
		if t := strings.TrimSpace(*u.Title); t != inc.Title {
			c.next.Title = t
			c.record(EventTitleChanged, TitleChangedPayload{From: inc.Title, To: t, Reason: c.reason})
		}
	}
	if u.Severity != nil && *u.Severity != inc.Severity {
		c.next.Severity = *u.Severity
		c.record(EventSeverityChanged, SeverityChangedPayload{From: inc.Severity, To: *u.Severity, Reason: c.reason})
	}
	if u.Status != nil && *u.Status != inc.Status {
		c.next.Status = *u.Status
		c.record(EventStatusChanged, StatusChangedPayload{From: inc.Status, To: *u.Status, Reason: c.reason})
		if *u.Status == Resolved {
			at := c.now
			c.next.ResolvedAt = &at
			c.markStep("resolve")
		}
	}
}

func (c *change) applyResponse(u Update) []FieldError {
	var errs []FieldError
	d := &c.next.Details
	if u.Roles != nil {
		r := normalizeRoles(*u.Roles)
		if !sameRoles(r, d.Roles) {
			c.record(EventRolesChanged, RolesChangedPayload{From: d.Roles, To: r, Reason: c.reason})
			d.Roles = r
		}
	}
	if u.CustomerReports != nil && *u.CustomerReports != d.CustomerReports {
		c.record(EventReportsChanged, ReportsChangedPayload{From: d.CustomerReports, To: *u.CustomerReports, Reason: c.reason})
		d.CustomerReports = *u.CustomerReports
	}
	if u.Flags != nil && *u.Flags != d.Flags {
		c.record(EventFlagsChanged, FlagsChangedPayload{From: d.Flags, To: *u.Flags, Reason: c.reason})
		d.Flags = *u.Flags
	}
	for _, s := range u.CompleteSteps {
		c.markStep(s)
	}
	d.Checklist = append([]ChecklistItem(nil), d.Checklist...) // never write through to the caller's slice
	for id, done := range u.Checklist {
		i := checklistIndex(d.Checklist, id)
		if i < 0 {
			errs = append(errs, FieldError{Path: "checklist." + id, Message: "no such checklist item"})
			continue
		}
		if d.Checklist[i].Done == done {
			continue
		}
		item := &d.Checklist[i]
		item.Done, item.By, item.At = done, "", nil
		if done {
			at := c.now
			item.By, item.At = c.author, &at
		}
		c.record(EventChecklist, ChecklistPayload{ID: id, Text: item.Text, Done: done, Reason: c.reason})
	}
	return errs
}

// markStep records a response step once; marking it again changes nothing.
func (c *change) markStep(s StepName) {
	if _, done := c.next.Details.Steps[s]; done {
		return
	}
	steps := make(map[StepName]StepMark, len(c.next.Details.Steps)+1)
	for k, v := range c.next.Details.Steps {
		steps[k] = v
	}
	steps[s] = StepMark{At: c.now, By: c.author}
	c.next.Details.Steps = steps
	c.record(EventStepCompleted, StepCompletedPayload{Step: s, Reason: c.reason})
}

func checklistIndex(items []ChecklistItem, id string) int {
	for i, it := range items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

func normalizeRoles(r Roles) Roles {
	r.Commander, r.Communications = strings.TrimSpace(r.Commander), strings.TrimSpace(r.Communications)
	out := []string{}
	seen := map[string]bool{}
	for _, p := range r.Responders {
		if p = strings.TrimSpace(p); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	r.Responders = out
	return r
}

func sameRoles(a, b Roles) bool {
	return a.Commander == b.Commander && a.Communications == b.Communications && strings.Join(a.Responders, "\x00") == strings.Join(b.Responders, "\x00")
}

func validateUpdate(u Update, reason string) []FieldError {
	var errs []FieldError
	if u.Version < 1 {
		errs = append(errs, FieldError{"version", "is required: send the version you are changing"})
	}
	if u.Title != nil {
		errs = append(errs, checkLine("title", strings.TrimSpace(*u.Title), 1, MaxTitle)...)
	}
	if u.Severity != nil && !u.Severity.Valid() {
		errs = append(errs, FieldError{"severity", "must be one of P1, P2, P3, P4"})
	}
	if u.Status != nil && !u.Status.Valid() {
		errs = append(errs, FieldError{"status", "must be one of investigating, identified, monitoring, resolved"})
	}
	errs = append(errs, checkText("reason", reason, 0, MaxText)...)
	if u.ImpactStart != nil && reason == "" {
		errs = append(errs, FieldError{"reason", "say why the impact start changes"})
	}
	if u.Roles != nil {
		errs = append(errs, checkLine("roles.commander", u.Roles.Commander, 0, MaxService)...)
		errs = append(errs, checkLine("roles.communications", u.Roles.Communications, 0, MaxService)...)
		if len(u.Roles.Responders) > MaxServices {
			errs = append(errs, FieldError{"roles.responders", fmt.Sprintf("at most %d responders", MaxServices)})
		}
		for i, p := range u.Roles.Responders {
			errs = append(errs, checkLine(fmt.Sprintf("roles.responders[%d]", i), p, 0, MaxService)...)
		}
	}
	if u.CustomerReports != nil && (*u.CustomerReports < 0 || *u.CustomerReports > 1_000_000) {
		errs = append(errs, FieldError{"customerReports", "must be a count from 0"})
	}
	if len(u.CompleteSteps) > MaxUpdateItems {
		errs = append(errs, FieldError{"completeSteps", fmt.Sprintf("at most %d steps", MaxUpdateItems)})
		u.CompleteSteps = nil
	}
	if len(u.Checklist) > MaxUpdateItems {
		errs = append(errs, FieldError{"checklist", fmt.Sprintf("at most %d checklist changes", MaxUpdateItems)})
	}
	for i, s := range u.CompleteSteps {
		if !validStep(s) {
			errs = append(errs, FieldError{fmt.Sprintf("completeSteps[%d]", i), "unknown step; steps are acknowledge, assess, communicate, mitigate, resolve, postmortem"})
		}
	}
	return errs
}

func validStep(s StepName) bool {
	for _, v := range Steps {
		if s == v {
			return true
		}
	}
	return false
}

// Note is a free-text timeline entry.
type Note struct {
	Text string `json:"text"`
}

// NoteEvent validates n and returns the event recording it.
func NoteEvent(n Note, author string, now time.Time) (Event, []FieldError) {
	text := strings.TrimSpace(n.Text)
	if errs := checkText("text", text, 1, MaxText); len(errs) > 0 {
		return Event{}, errs
	}
	return NewEvent(EventNote, author, now, NotePayload{Text: text}), nil
}

// StatusUpdate is a communication posted to the timeline.
type StatusUpdate struct {
	TemplateID string `json:"templateId" tstype:",optional"`
	Subject    string `json:"subject"`
	Body       string `json:"body"`
}

// StatusUpdateEvent validates u and returns the event recording it.
func StatusUpdateEvent(u StatusUpdate, author string, now time.Time) (Event, []FieldError) {
	u.Subject, u.Body = strings.TrimSpace(u.Subject), strings.TrimSpace(u.Body)
	errs := append(checkLine("subject", u.Subject, 0, MaxTitle*2), checkText("body", u.Body, 1, MaxText)...)
	errs = append(errs, checkLine("templateId", u.TemplateID, 0, MaxService)...)
	if len(errs) > 0 {
		return Event{}, errs
	}
	return NewEvent(EventStatusUpdate, author, now, StatusUpdatePayload{TemplateID: u.TemplateID, Subject: u.Subject, Body: u.Body}), nil
}
