package postmortem

import (
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/comms"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Markdown renders the document in the layout of the runbook template, with
// metadata and the timeline table taken from the incident.
func Markdown(inc incident.Incident, events []incident.Event, d Doc, labels string, now time.Time) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	end := now
	if inc.ResolvedAt != nil {
		end = *inc.ResolvedAt
	}
	w("# Post-Mortem: %s\n\n", inc.ID)
	w("## Metadata\n")
	w("- **Incident ID:** %s\n- **Title:** %s\n- **Date:** %s\n", inc.ID, cell(inc.Title), inc.CreatedAt.UTC().Format("2006-01-02"))
	w("- **Severity:** %s\n- **Duration:** %s\n", comms.Label(labels, inc.Severity), comms.HumanDuration(end.Sub(inc.CreatedAt)))
	w("- **Services:** %s\n- **Reporter:** %s\n- **Reviewers:** %s\n\n", strings.Join(inc.Services, ", "), orTBD(d.Reporter), orTBD(strings.Join(d.Reviewers, ", ")))
	w("## Summary\n%s\n\n", orTBD(d.Summary))
	w("## Timeline\n| Time (UTC) | Event |\n|-----------|-------|\n")
	for i, e := range events {
		if i == MaxTimelineRows {
			w("| … | %d more events: see the incident's timeline |\n", len(events)-i)
			break
		}
		w("| %s | %s |\n", e.At.UTC().Format("2006-01-02 15:04"), cell(Describe(e)))
	}
	w("\n## Root Cause Analysis\n### What happened?\n%s\n\n### Why did it happen?\n%s\n", orTBD(d.WhatHappened), numbered(d.Whys))
	w("### How did we detect it?\n%s\n\n", orTBD(d.Detection))
	w("## Impact Assessment\n")
	users := "TBD"
	if d.UsersAffectedPct != nil {
		users = fmt.Sprintf("%g%%", *d.UsersAffectedPct)
	}
	sla := "TBD"
	if d.SLAMinutes != nil {
		sla = fmt.Sprintf("%d minutes downtime", *d.SLAMinutes)
	}
	w("- **Users affected:** %s\n- **Features affected:** %s\n- **Data impact:** %s\n- **SLA impact:** %s\n\n",
		users, orTBD(strings.Join(d.Features, ", ")), orTBD(d.DataImpact), sla)
	w("## Response Assessment\n### What went well?\n%s\n### What could have gone better?\n%s\n### What did we learn?\n%s\n",
		numbered(d.WentWell), numbered(d.CouldBetter), numbered(d.Learned))
	w("## Action Items\n| ID | Action | Owner | Priority | Due Date |\n|----|--------|-------|----------|----------|\n")
	for i, a := range d.ActionItems {
		w("| %d | %s | %s | %s | %s |\n", i+1, cell(a.Action), cell(a.Owner), a.Priority, a.Due)
	}
	w("\n## Attachments\n")
	for _, l := range d.Links {
		w("- %s\n", l)
	}
	return b.String()
}

// Describe turns a timeline event into one line a reviewer reads. A field
// an old row lacks prints as <nil>, as it did when this read the payload as
// a map (shown, and pointers where zero is a real value).
func Describe(e incident.Event) string {
	switch e.Kind {
	case incident.EventDeclared:
		return fmt.Sprintf("Incident declared as %v by %s", shown(incident.DecodePayload[incident.DeclaredPayload](e).Severity), e.Author)
	case incident.EventStatusChanged:
		p := incident.DecodePayload[incident.StatusChangedPayload](e)
		return withReason(fmt.Sprintf("Status %v → %v (%s)", shown(p.From), shown(p.To), e.Author), p.Reason)
	case incident.EventSeverityChanged:
		p := incident.DecodePayload[incident.SeverityChangedPayload](e)
		return withReason(fmt.Sprintf("Severity %v → %v (%s)", shown(p.From), shown(p.To), e.Author), p.Reason)
	case incident.EventTitleChanged:
		return fmt.Sprintf("Title changed by %s", e.Author)
	case incident.EventNote:
		return fmt.Sprintf("%s: %v", e.Author, shown(incident.DecodePayload[incident.NotePayload](e).Text))
	case incident.EventReopened:
		return withReason(fmt.Sprintf("Reopened by %s", e.Author), incident.DecodePayload[incident.StatusChangedPayload](e).Reason)
	case incident.EventStepCompleted:
		return fmt.Sprintf("Step %v done (%s)", shown(incident.DecodePayload[incident.StepCompletedPayload](e).Step), e.Author)
	case incident.EventChecklist:
		p := incident.DecodePayload[incident.ChecklistPayload](e)
		state := "done"
		if !p.Done {
			state = "not done"
		}
		return fmt.Sprintf("Checklist: %v — %s (%s)", shown(p.Text), state, e.Author)
	case incident.EventStatusUpdate:
		// "" is a real subject: only an absent one prints <nil>.
		p := incident.DecodePayload[struct{ Subject *string }](e)
		return fmt.Sprintf("Status update posted by %s: %v", e.Author, deref(p.Subject))
	case incident.EventRolesChanged:
		return fmt.Sprintf("Roles changed by %s", e.Author)
	case incident.EventReportsChanged:
		// 0 is a real count: only an absent one prints <nil>.
		p := incident.DecodePayload[struct{ From, To *int }](e)
		return fmt.Sprintf("Customer reports %v → %v (%s)", deref(p.From), deref(p.To), e.Author)
	case incident.EventFlagsChanged:
		return fmt.Sprintf("Flags changed by %s", e.Author)
	case incident.EventPostmortem:
		return fmt.Sprintf("Post-mortem updated by %s", e.Author)
	}
	return fmt.Sprintf("%s by %s", e.Kind, e.Author)
}

func withReason(s, reason string) string {
	if reason != "" {
		return s + ": " + reason
	}
	return s
}

// shown is a payload text that is never empty when present, nil (<nil>)
// when absent.
func shown[S ~string](v S) any {
	if v == "" {
		return nil
	}
	return v
}

// deref is *p, or nil (<nil>) when the field was absent.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// cell keeps user text from breaking the Markdown table.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ").Replace(s)
}

func orTBD(s string) string {
	if strings.TrimSpace(s) == "" {
		return "TBD"
	}
	return s
}

func numbered(items []string) string {
	if len(items) == 0 {
		return "1. TBD\n"
	}
	var b strings.Builder
	for i, it := range items {
		fmt.Fprintf(&b, "%d. %s\n", i+1, it)
	}
	return b.String()
}
