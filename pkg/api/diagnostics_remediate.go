package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/runner"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// RemediationRequest names what to do and where; the resource itself comes
// from the catalog. Confirm is the resource name typed by the admin.
type RemediationRequest struct {
	Action  string `json:"action" tstype:"RemediationAction"`
	Service string `json:"service"`
	Confirm string `json:"confirm"`
}

func errRemediationDisabled(a remediate.Action) *Error {
	return &Error{Status: http.StatusForbidden, Code: "remediation_disabled",
		Message: "the remediation " + string(a) + " is disabled; an admin can enable it on the Warroom configuration page (Diagnostics)"}
}

// runRemediation executes an enabled remediation on a catalogued service of
// an open incident after a typed confirmation, and records the outcome
// (success or failure) on the timeline. Admin only (route table).
func (a *API) runRemediation(r *http.Request, id Identity) (int, any, error) {
	var req RemediationRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	act, err := remediate.ParseAction(req.Action)
	if err != nil {
		return 0, nil, invalid("unknown remediation", fieldError("action", "must be one of terminate-idle-backends, ecs-force-new-deployment, asg-instance-refresh"))
	}
	if !a.Diagnostics.Enabled[act] || a.Diagnostics.Remediate == nil {
		return 0, nil, errRemediationDisabled(act)
	}
	ctx, rn := r.Context(), a.runner()
	inc, err := a.Store.GetIncident(ctx, id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if inc.Status == incident.Resolved {
		return 0, nil, incident.ErrResolved
	}
	svc, ok := a.Metrics.Catalog.Service(req.Service)
	if !ok || !slices.Contains(inc.Services, req.Service) {
		return 0, nil, invalid("the service is not a catalogued service of this incident", fieldError("service", "must be a catalogued service of the incident"))
	}
	target := rn.Target(svc)
	want := runner.ConfirmationFor(act, target)
	if want == "" {
		return 0, nil, invalid("the catalog names no resource for this remediation on "+req.Service,
			fieldError("service", "has no catalogued resource for "+string(act)))
	}
	if strings.TrimSpace(req.Confirm) != want {
		return 0, nil, invalid("type the resource name to confirm", fieldError("confirm", "type "+want+" to confirm"))
	}
	out, err := rn.RunRemediation(ctx, id.OrgID, id.Author(), inc.ID, act, target, want)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}
