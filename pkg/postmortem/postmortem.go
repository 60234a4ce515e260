// Package postmortem is the post-incident review document of the runbooks
// (seed 001 §4.1): pre-filled from the incident and its timeline, edited by
// people, exported as Markdown. Pure: no I/O.
package postmortem

import (
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Doc is the editable part of a post-mortem. Metadata, duration and the
// timeline table come from the incident itself when exported.
type Doc struct {
	Reporter  string   `json:"reporter"`
	Reviewers []string `json:"reviewers"`
	Summary   string   `json:"summary"`
	// RootCause: what happened, the 5 whys, how it was detected.
	WhatHappened string   `json:"whatHappened"`
	Whys         []string `json:"whys"`
	Detection    string   `json:"detection"`
	// Impact assessment.
	UsersAffectedPct *float64 `json:"usersAffectedPct,omitempty"`
	Features         []string `json:"featuresAffected"`
	DataImpact       string   `json:"dataImpact"`
	SLAMinutes       *int     `json:"slaMinutes,omitempty"`
	// Response assessment.
	WentWell    []string     `json:"wentWell"`
	CouldBetter []string     `json:"couldBeBetter"`
	Learned     []string     `json:"learned"`
	ActionItems []ActionItem `json:"actionItems"`
	Links       []string     `json:"links"`
}

// ActionItem is one follow-up with an owner and a due date.
type ActionItem struct {
	Action   string `json:"action"`
	Owner    string `json:"owner"`
	Priority string `json:"priority" tstype:"'High' | 'Medium' | 'Low'"`
	Due      string `json:"due"` // YYYY-MM-DD
	// Done marks the item finished; open items past Due are overdue.
	Done bool `json:"done,omitempty"`
}

// Prefill starts a document from what the incident already knows.
func Prefill(inc incident.Incident, reporter string) Doc {
	d := Doc{Reporter: reporter, Summary: inc.Summary, Reviewers: []string{}, Whys: []string{}, Features: []string{},
		WentWell: []string{}, CouldBetter: []string{}, Learned: []string{}, ActionItems: []ActionItem{}, Links: []string{}}
	if l := inc.Details.Links; l.DashboardUID != "" {
		link := "/d/" + l.DashboardUID
		if l.PanelID > 0 {
			link += fmt.Sprintf("?viewPanel=%d", l.PanelID)
		}
		d.Links = append(d.Links, link)
	}
	return d
}

// DueAt is when the post-mortem is due: the policy's delay after resolution.
func DueAt(inc incident.Incident, due time.Duration) (time.Time, bool) {
	if inc.ResolvedAt == nil {
		return time.Time{}, false
	}
	return inc.ResolvedAt.Add(due), true
}

// Validate checks the fields people type and the limits (limits.go). A
// path "" is the whole document.
func (d Doc) Validate() []incident.FieldError {
	errs := d.checkLimits()
	if d.UsersAffectedPct != nil && (*d.UsersAffectedPct < 0 || *d.UsersAffectedPct > 100) {
		errs = append(errs, incident.FieldError{Path: "usersAffectedPct", Message: "is a percentage from 0 to 100"})
	}
	if d.SLAMinutes != nil && *d.SLAMinutes < 0 {
		errs = append(errs, incident.FieldError{Path: "slaMinutes", Message: "must not be negative"})
	}
	for i, a := range d.ActionItems {
		if len(d.ActionItems) > MaxActionItems {
			break // the count is the problem (checkLimits)
		}
		at := fmt.Sprintf("actionItems[%d]", i)
		if strings.TrimSpace(a.Action) == "" {
			errs = append(errs, incident.FieldError{Path: at + ".action", Message: "must say what will be done"})
		}
		if strings.TrimSpace(a.Owner) == "" {
			errs = append(errs, incident.FieldError{Path: at + ".owner", Message: "every action item needs an owner"})
		}
		if a.Priority != "High" && a.Priority != "Medium" && a.Priority != "Low" {
			errs = append(errs, incident.FieldError{Path: at + ".priority", Message: "must be High, Medium or Low"})
		}
		if _, err := time.Parse("2006-01-02", a.Due); err != nil {
			errs = append(errs, incident.FieldError{Path: at + ".due", Message: "must be a date such as 2026-12-01"})
		}
	}
	return errs
}
