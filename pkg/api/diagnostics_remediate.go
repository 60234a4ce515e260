package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// remediationRequest names what to do and where; the resource itself comes
// from the catalog. Confirm is the resource name typed by the admin.
type remediationRequest struct {
	Action  string `json:"action"`
	Service string `json:"service"`
	Confirm string `json:"confirm"`
}

// RemediationOutcome is the answer and the remediation_run event payload.
type RemediationOutcome struct {
	OK     bool             `json:"ok"`
	Result remediate.Result `json:"result"`
	Error  string           `json:"error,omitempty"`
	// Resource is the catalogued resource the action ran on.
	Resource string `json:"resource"`
}

const remediationTimeout = 60 * time.Second

func errRemediationDisabled(a remediate.Action) *Error {
	return &Error{Status: http.StatusForbidden, Code: "remediation_disabled",
		Message: "the remediation " + string(a) + " is disabled; an admin can enable it on the Warroom configuration page (Diagnostics)"}
}

// ConfirmationFor is the name an admin must type to run an action on a
// target: the resource the action changes, as the catalog names it.
func ConfirmationFor(act remediate.Action, t diagnostics.Target) string {
	switch act {
	case remediate.TerminateIdleBackends:
		if t.Postgres != nil && t.Postgres.DSN != "" {
			return t.Postgres.Name
		}
	case remediate.ECSForceNewDeployment:
		if t.AWS != nil && t.AWS.ECSCluster != "" && t.AWS.ECSService != "" {
			return t.AWS.ECSService
		}
	case remediate.ASGInstanceRefresh:
		if t.AWS != nil {
			return t.AWS.AutoScalingGroup
		}
	}
	return ""
}

// runRemediation executes an enabled remediation on a catalogued service of
// an open incident after a typed confirmation, and records the outcome
// (success or failure) on the timeline. Admin only (route table).
func (a *API) runRemediation(r *http.Request, id Identity) (int, any, error) {
	var req remediationRequest
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
	ctx := r.Context()
	inc, err := a.Store.GetIncident(ctx, id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if inc.Status == incident.Resolved {
		return 0, nil, incident.ErrResolved
	}
	svc, ok := a.Signals.Catalog.Service(req.Service)
	if !ok || !slices.Contains(inc.Services, req.Service) {
		return 0, nil, invalid("the service is not a catalogued service of this incident", fieldError("service", "must be a catalogued service of the incident"))
	}
	target := a.targetOf(svc)
	want := ConfirmationFor(act, target)
	if want == "" {
		return 0, nil, invalid("the catalog names no resource for this remediation on "+req.Service,
			fieldError("service", "has no catalogued resource for "+string(act)))
	}
	if strings.TrimSpace(req.Confirm) != want {
		return 0, nil, invalid("type the resource name to confirm", fieldError("confirm", "type "+want+" to confirm"))
	}
	// The action and its record run on a context of their own: once the
	// admin confirmed, a closed tab or a dropped connection must neither
	// stop the action half-way nor leave it off the timeline.
	bg := context.WithoutCancel(ctx)
	rctx, cancel := context.WithTimeout(bg, remediationTimeout)
	defer cancel()
	res, runErr := a.Diagnostics.Remediate(rctx, act, target)
	out := RemediationOutcome{OK: runErr == nil, Result: res, Resource: want}
	if runErr != nil {
		out.Error = remediationError(act, target, runErr)
	}
	// Who, what, where, and the outcome: never the DSN or driver text.
	logger := log.DefaultLogger.FromContext(bg).With("orgId", id.OrgID, "incident", inc.ID, "user", id.Author(),
		"action", string(act), "service", req.Service, "resource", want)
	if runErr != nil {
		logger.Warn("remediation failed", "error", out.Error)
	} else {
		logger.Info("remediation ran", "count", res.Count, "skipped", len(res.Skipped), "id", res.ID, "tookMs", res.Took.Milliseconds())
	}
	wctx, wcancel := context.WithTimeout(bg, remediationEventTimeout)
	defer wcancel()
	if _, err := a.Store.AppendEvents(wctx, id.OrgID, inc.ID, []store.NewEvent{{
		Kind: incident.EventRemediationRun, Author: id.Author(), At: a.Now().UTC(), Payload: toPayload(out)}}); err != nil {
		logger.Error("remediation: timeline event not written", "error", err)
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// remediationEventTimeout bounds the timeline write after an action.
const remediationEventTimeout = 10 * time.Second

// remediationError is what responders read. The executor's errors are
// already safe (postgres.SafeError, aws.SafeError: no host, user,
// database, endpoint or principal); anything else is replaced by a fixed
// sentence rather than echoed.
func remediationError(act remediate.Action, t diagnostics.Target, err error) string {
	var pgSafe *postgres.SafeError
	var awsSafe *aws.SafeError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "the remediation did not finish within " + remediationTimeout.String()
	case errors.Is(err, remediate.ErrNotConfigured):
		return err.Error()
	case errors.As(err, &pgSafe) && act == remediate.TerminateIdleBackends:
		return "PostgreSQL target " + t.Postgres.Name + ": " + pgSafe.Msg
	case errors.As(err, &awsSafe):
		return awsSafe.Msg
	}
	return "the remediation failed; the error could not be shown safely"
}
