package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/runner"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// runner runs the diagnostics of this org's incidents (pkg/diagnostics/runner).
func (a *API) runner() *runner.Runner {
	return &runner.Runner{Store: a.Store, Catalog: a.Metrics.Catalog, Now: a.Now, Config: a.Diagnostics}
}

// SeesProductionData is who may read evidence that carries production data
// (other sessions' SQL text, log lines, response bodies): Editors and
// Admins. Viewers get the summary of such findings only, here on the
// server, in every answer and on the timeline.
func SeesProductionData(r Role) bool { return r >= RoleEditor }

// DiagnosticsState is GET /incidents/{id}/diagnostics: the latest run (null
// before the first) and what the viewer may do next.
type DiagnosticsState struct {
	Run *runner.RunView `json:"run"`
	// Available is false when no service of the incident has anything to
	// check; Reason then says why.
	Available bool   `json:"available"`
	Reason    string `json:"reason,omitempty"`
	// Remediations are the actions an admin enabled (shown to Admins only).
	Remediations []remediate.Action `json:"remediations"`
}

var errNoDiagnostics = &Error{Status: http.StatusConflict, Code: "diagnostics_unavailable",
	Message: "none of the incident's services has a catalogued health URL, AWS resource or PostgreSQL target to check"}

var errNoRun = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such diagnostics run for this incident"}

// busyRetry is the Retry-After of a start refused because the org's line
// of waiting runs is full: about one run's time.
const busyRetry = 30 * time.Second

func errDiagnosticsBusy(l *diagnostics.Limiter) *Error {
	return &Error{Status: http.StatusTooManyRequests, Code: "diagnostics_busy",
		Message: fmt.Sprintf("%d diagnostics runs of this organization are already waiting for a free slot (at most %d run at once "+
			"on this back end); try again in %d s", l.MaxWaitingOrDefault(), l.MaxRunsOrDefault(), int(busyRetry.Seconds())),
		Header: http.Header{"Retry-After": {strconv.Itoa(int(busyRetry.Seconds()))}}}
}

// getDiagnostics answers the incident's latest run, for a page load.
func (a *API) getDiagnostics(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	rn := a.runner()
	out := DiagnosticsState{Remediations: rn.EnabledRemediations(), Available: len(rn.Checks(inc.Services)) > 0}
	if !out.Available {
		out.Reason = errNoDiagnostics.Message
	}
	run, err := a.Store.LatestDiagnosticRun(r.Context(), id.OrgID, inc.ID)
	switch {
	case err == nil:
		v := rn.View(run, SeesProductionData(id.Role))
		out.Run = &v
	case !errors.Is(err, store.ErrNotFound):
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// startDiagnostics starts a run of every check of the incident's catalogued
// services and answers at once (202) with the run, which the UI polls; while
// a run of the incident is going it answers that run (200) instead.
func (a *API) startDiagnostics(r *http.Request, id Identity) (int, any, error) {
	if err := decodeOptionalEmpty(r); err != nil {
		return 0, nil, err
	}
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if inc.Status == incident.Resolved {
		return 0, nil, incident.ErrResolved
	}
	rn := a.runner()
	checks := rn.Checks(inc.Services)
	if len(checks) == 0 {
		return 0, nil, errNoDiagnostics
	}
	run, started, err := rn.Start(r.Context(), id.OrgID, id.Author(), inc.ID, checks)
	switch {
	case errors.Is(err, runner.ErrBusy):
		return 0, nil, errDiagnosticsBusy(rn.LimiterOrProcess())
	case err != nil:
		return 0, nil, err
	case started:
		return http.StatusAccepted, rn.View(run, SeesProductionData(id.Role)), nil
	}
	return http.StatusOK, rn.View(run, SeesProductionData(id.Role)), nil
}

// getDiagnosticsRun answers one run, which the UI polls while it runs.
func (a *API) getDiagnosticsRun(r *http.Request, id Identity) (int, any, error) {
	run, err := a.Store.DiagnosticRun(r.Context(), id.OrgID, r.PathValue("runId"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && run.IncidentID != r.PathValue("id")) {
		return 0, nil, errNoRun
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, a.runner().View(run, SeesProductionData(id.Role)), nil
}

// decodeOptionalEmpty accepts no body or an empty JSON object: the run
// takes no parameters, and anything else (a "checks" list, a "sql" field)
// is refused rather than ignored.
func decodeOptionalEmpty(r *http.Request) error {
	if r.Body == nil {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return invalid("could not read the request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	var empty struct{}
	return decodeBody(body, &empty)
}
