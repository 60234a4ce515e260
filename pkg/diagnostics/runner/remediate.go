package runner

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// RemediationOutcome is the answer and the remediation_run event payload.
type RemediationOutcome struct {
	OK     bool             `json:"ok"`
	Result remediate.Result `json:"result"`
	Error  string           `json:"error,omitempty"`
	// Resource is the catalogued resource the action ran on.
	Resource string `json:"resource"`
}

// event is the payload of the remediation_run timeline event: the outcome
// the admin saw.
func (o RemediationOutcome) event() incident.RemediationRunPayload {
	result, _ := json.Marshal(o.Result)
	return incident.RemediationRunPayload{OK: o.OK, Result: result, Error: o.Error, Resource: o.Resource}
}

const remediationTimeout = 60 * time.Second

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

// RunRemediation runs an enabled action on target, an incident's catalogued
// service whose resource (ConfirmationFor) the admin typed, and records the
// outcome (success or failure) on the timeline. A failed action is an
// outcome, not an error; the error is the timeline write's.
func (r *Runner) RunRemediation(ctx context.Context, orgID int64, author, incID string, act remediate.Action, target diagnostics.Target, resource string) (RemediationOutcome, error) {
	// The action and its record run on a context of their own: once the
	// admin confirmed, a closed tab or a dropped connection must neither
	// stop the action half-way nor leave it off the timeline.
	bg := context.WithoutCancel(ctx)
	rctx, cancel := context.WithTimeout(bg, remediationTimeout)
	defer cancel()
	res, runErr := r.Remediate(rctx, act, target)
	out := RemediationOutcome{OK: runErr == nil, Result: res, Resource: resource}
	if runErr != nil {
		out.Error = remediationError(act, target, runErr)
	}
	// Who, what, where, and the outcome: never the DSN or driver text.
	logger := log.DefaultLogger.FromContext(bg).With("orgId", orgID, "incident", incID, "user", author,
		"action", string(act), "service", target.Service, "resource", resource)
	if runErr != nil {
		logger.Warn("remediation failed", "error", out.Error)
	} else {
		logger.Info("remediation ran", "count", res.Count, "skipped", len(res.Skipped), "id", res.ID, "tookMs", res.Took.Milliseconds())
	}
	wctx, wcancel := context.WithTimeout(bg, remediationEventTimeout)
	defer wcancel()
	if _, err := r.Store.AppendEvents(wctx, orgID, incID, []store.NewEvent{{
		Kind: incident.EventRemediationRun, Author: author, At: r.Now().UTC(), Payload: incident.PayloadMap(out.event())}}); err != nil {
		logger.Error("remediation: timeline event not written", "error", err)
		return RemediationOutcome{}, err
	}
	return out, nil
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
