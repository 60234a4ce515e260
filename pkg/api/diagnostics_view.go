package api

import (
	"encoding/json"
	"errors"
	"net/http"
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
	runRunning     = "running"
	runFinished    = "finished"
	runInterrupted = "interrupted"
)

// RunView is a run as the UI polls it: the findings so far, and once the
// run is over its summary. Suggestions are computed from the findings so
// far, so a runbook can show up before the slowest check ends.
type RunView struct {
	ID          string                `json:"id"`
	IncidentID  string                `json:"incidentId"`
	State       string                `json:"state"`
	Total       int                   `json:"total"`
	Done        int                   `json:"done"`
	StartedBy   string                `json:"startedBy"`
	StartedAt   time.Time             `json:"startedAt"`
	FinishedAt  *time.Time            `json:"finishedAt,omitempty"`
	Summary     *runOutcome           `json:"summary,omitempty"`
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

// DiagnosticsState is GET /incidents/{id}/diagnostics: the latest run (null
// before the first) and what the viewer may do next.
type DiagnosticsState struct {
	Run *RunView `json:"run"`
	// Available is false when no service of the incident has anything to
	// check; Reason then says why.
	Available bool   `json:"available"`
	Reason    string `json:"reason,omitempty"`
	// Remediations are the actions an admin enabled (shown to Admins only).
	Remediations []remediate.Action `json:"remediations"`
}

func (a *API) runState(run store.DiagnosticRun) string {
	switch {
	case run.FinishedAt != nil:
		return runFinished
	case run.LeaseUntil != nil && a.Now().Before(*run.LeaseUntil):
		return runRunning
	}
	return runInterrupted
}

// SeesProductionData is who may read evidence that carries production data
// (other sessions' SQL text, log lines, response bodies): Editors and
// Admins. Viewers get the summary of such findings only, here on the
// server, in every answer and on the timeline.
func SeesProductionData(r Role) bool { return r >= RoleEditor }

// runView is a run as role may read it.
func (a *API) runView(run store.DiagnosticRun, role Role) RunView {
	v := RunView{ID: run.ID, IncidentID: run.IncidentID, State: a.runState(run), Total: run.Total, StartedBy: run.StartedBy,
		StartedAt: run.StartedAt, FinishedAt: run.FinishedAt, Findings: []diagnostics.Finding{}}
	for _, b := range run.Findings {
		var f diagnostics.Finding
		if json.Unmarshal(b, &f) == nil {
			v.Findings = append(v.Findings, f)
		}
	}
	v.Done = len(v.Findings)
	// Suggestions match on facts and statuses, which every role reads.
	v.Suggestions = a.suggest(v.Findings)
	if !SeesProductionData(role) {
		v.Findings = diagnostics.SummaryOnlyAll(v.Findings)
	}
	if run.Summary != nil {
		var o runOutcome
		if json.Unmarshal(run.Summary, &o) == nil {
			v.Summary = &o
		}
	}
	return v
}

// suggest matches the runbooks service by service, so that each suggestion
// is rendered with the commands of the service whose evidence matched.
func (a *API) suggest(findings []diagnostics.Finding) []SuggestedRunbook {
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
		s, ok := a.Signals.Catalog.Service(name)
		if !ok {
			continue
		}
		target := a.targetOf(s)
		for _, sg := range runbooks.Suggest(a.Diagnostics.Runbooks, byService[name]) {
			rem := map[remediate.Action]string{}
			for _, o := range sg.Runbook.Options {
				act := remediate.Action(o.Remediation)
				if resource := ConfirmationFor(act, target); resource != "" && a.Diagnostics.Enabled[act] {
					rem[act] = resource
				}
			}
			out = append(out, SuggestedRunbook{Service: name, Runbook: runbooks.Render(sg.Runbook, target), Reasons: sg.Reasons, Remediations: rem})
		}
	}
	return out
}

func (a *API) enabledRemediations() []remediate.Action {
	out := []remediate.Action{}
	for _, act := range remediate.Actions() {
		if a.Diagnostics.Enabled[act] {
			out = append(out, act)
		}
	}
	return out
}

// getDiagnostics answers the incident's latest run, for a page load.
func (a *API) getDiagnostics(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	out := DiagnosticsState{Remediations: a.enabledRemediations()}
	for _, t := range a.targetsOf(inc) {
		if len(diagnostics.ChecksFor(t, a.Diagnostics.Deps)) > 0 {
			out.Available = true
		}
	}
	if !out.Available {
		out.Reason = errNoDiagnostics.Message
	}
	run, err := a.Store.LatestDiagnosticRun(r.Context(), id.OrgID, inc.ID)
	switch {
	case err == nil:
		v := a.runView(run, id.Role)
		out.Run = &v
	case !errors.Is(err, store.ErrNotFound):
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

var errNoRun = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such diagnostics run for this incident"}

// getDiagnosticsRun answers one run, which the UI polls while it runs.
func (a *API) getDiagnosticsRun(r *http.Request, id Identity) (int, any, error) {
	run, err := a.Store.DiagnosticRun(r.Context(), id.OrgID, r.PathValue("runId"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && run.IncidentID != r.PathValue("id")) {
		return 0, nil, errNoRun
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, a.runView(run, id.Role), nil
}
