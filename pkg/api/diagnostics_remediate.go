package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
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
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), remediationTimeout)
	defer cancel()
	res, runErr := a.Diagnostics.Remediate(rctx, act, target)
	out := RemediationOutcome{OK: runErr == nil, Result: res, Resource: want}
	if runErr != nil {
		out.Error = remediationError(act, target, runErr)
		log.DefaultLogger.FromContext(ctx).Warn("remediation failed", "action", act, "service", req.Service, "error", runErr)
	}
	if _, err := a.Store.AppendEvents(ctx, id.OrgID, inc.ID, []store.NewEvent{{
		Kind: incident.EventRemediationRun, Author: id.Author(), At: a.Now().UTC(), Payload: toPayload(out)}}); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// remediationError is what responders read. AWS errors name resources and
// error codes, never keys; a PostgreSQL driver error can name hosts and
// users of the secret DSN, so only the server's own message is passed on.
func remediationError(act remediate.Action, t diagnostics.Target, err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the remediation did not finish within " + remediationTimeout.String()
	}
	if act == remediate.TerminateIdleBackends {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) {
			return "PostgreSQL target " + t.Postgres.Name + ": " + pgErr.Message
		}
		return "could not reach PostgreSQL target " + t.Postgres.Name + "; the plugin log has details"
	}
	return err.Error()
}
