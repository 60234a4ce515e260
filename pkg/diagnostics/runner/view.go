package runner

import (
	"encoding/json"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/runbooks"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Run states as the UI sees them. A run that is not finished and no longer
// holds a live claim on its incident was abandoned by the process running
// it (a restart, a crash): nothing renewed its lease.
const (
	Running     = "running"
	Finished    = "finished"
	Interrupted = "interrupted"
)

// RunView is a run as the UI polls it: the findings so far, and once the
// run is over its summary. Suggestions are computed from the findings so
// far, so a runbook can show up before the slowest check ends.
type RunView struct {
	ID          string                `json:"id"`
	IncidentID  string                `json:"incidentId"`
	State       string                `json:"state" tstype:"'running' | 'finished' | 'interrupted'"`
	Total       int                   `json:"total"`
	Done        int                   `json:"done"`
	StartedBy   string                `json:"startedBy"`
	StartedAt   time.Time             `json:"startedAt"`
	FinishedAt  *time.Time            `json:"finishedAt,omitempty"`
	Summary     *Outcome              `json:"summary,omitempty"`
	Findings    []diagnostics.Finding `json:"findings"`
	Suggestions []SuggestedRunbook    `json:"suggestions"`
}

// SuggestedRunbook is a runbook the evidence of one service points to,
// with its commands filled from that service's catalog entry.
type SuggestedRunbook struct {
	Service string                   `json:"service"`
	Runbook runbooks.RenderedRunbook `json:"runbook"`
	Reasons []string                 `json:"reasons"`
	// Remediations maps the runbook's enabled actions that this service's
	// catalog entry supports to the resource name an admin types to
	// confirm.
	Remediations map[remediate.Action]string `json:"remediations"`
}

func (r *Runner) state(run store.DiagnosticRun) string {
	switch {
	case run.FinishedAt != nil:
		return Finished
	case run.LeaseUntil != nil && r.Now().Before(*run.LeaseUntil):
		return Running
	}
	return Interrupted
}

// View is a run as a reader may read it: evidence that carries production
// data (other sessions' SQL text, log lines, response bodies) only for
// those who see it (Editors and Admins), the summary of such findings for
// the others.
func (r *Runner) View(run store.DiagnosticRun, seesProductionData bool) RunView {
	v := RunView{ID: run.ID, IncidentID: run.IncidentID, State: r.state(run), Total: run.Total, StartedBy: run.StartedBy,
		StartedAt: run.StartedAt, FinishedAt: run.FinishedAt, Findings: []diagnostics.Finding{}}
	for _, b := range run.Findings {
		var f diagnostics.Finding
		if json.Unmarshal(b, &f) == nil {
			v.Findings = append(v.Findings, f)
		}
	}
	v.Done = len(v.Findings)
	// Suggestions match on facts and statuses, which every role reads.
	v.Suggestions = r.suggest(v.Findings)
	if !seesProductionData {
		v.Findings = diagnostics.SummaryOnlyAll(v.Findings)
	}
	if run.Summary != nil {
		var o Outcome
		if json.Unmarshal(run.Summary, &o) == nil {
			v.Summary = &o
		}
	}
	return v
}

// suggest matches the runbooks service by service, so that each suggestion
// is rendered with the commands of the service whose evidence matched.
func (r *Runner) suggest(findings []diagnostics.Finding) []SuggestedRunbook {
	out := []SuggestedRunbook{}
	var order []string
	byService := map[string][]diagnostics.Finding{}
	for _, f := range findings {
		if _, seen := byService[f.Service]; !seen {
			order = append(order, f.Service)
		}
		byService[f.Service] = append(byService[f.Service], f)
	}
	for _, name := range order {
		s, ok := r.Catalog.Service(name)
		if !ok {
			continue
		}
		target := r.Target(s)
		for _, sg := range runbooks.Suggest(r.Runbooks, byService[name]) {
			rem := map[remediate.Action]string{}
			for _, o := range sg.Runbook.Options {
				act := remediate.Action(o.Remediation)
				if resource := ConfirmationFor(act, target); resource != "" && r.Enabled[act] {
					rem[act] = resource
				}
			}
			out = append(out, SuggestedRunbook{Service: name, Runbook: runbooks.Render(sg.Runbook, target), Reasons: sg.Reasons, Remediations: rem})
		}
	}
	return out
}
