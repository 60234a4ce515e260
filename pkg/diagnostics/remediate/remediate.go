// Package remediate executes the three remediations of the runbooks that
// are safe to automate. It only executes: deciding who may run one, asking
// for confirmation and recording it on the timeline belong to the API layer.
package remediate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
)

// Action is an executable remediation; the values are the runbooks'.
type Action string

const (
	TerminateIdleBackends Action = "terminate-idle-backends"
	ECSForceNewDeployment Action = "ecs-force-new-deployment"
	ASGInstanceRefresh    Action = "asg-instance-refresh"
)

// Actions lists every action, for validation and the UI.
func Actions() []Action {
	return []Action{TerminateIdleBackends, ECSForceNewDeployment, ASGInstanceRefresh}
}

// ParseAction accepts only the known actions.
func ParseAction(s string) (Action, error) {
	for _, a := range Actions() {
		if string(a) == s {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown remediation %q", s)
}

// Result is what the timeline records.
type Result struct {
	Action  Action `json:"action"`
	Service string `json:"service"`
	Summary string `json:"summary"`
	Count   int    `json:"count,omitempty"` // backends terminated
	// Terminated and Skipped are terminate-idle-backends' sessions: what it
	// ended and what it left alone, with why.
	Terminated []Backend     `json:"terminated,omitempty"`
	Skipped    []Backend     `json:"skipped,omitempty"`
	ID         string        `json:"id,omitempty"` // deployment or instance refresh id
	Started    time.Time     `json:"started"`
	Took       time.Duration `json:"took"`
}

// Executor runs actions against a catalogued target.
type Executor struct {
	AWS     *aws.Provider // nil: AWS actions are refused
	IdleAge time.Duration // terminate-idle-backends threshold; default 10 min (seed 003)
}

// ErrNotConfigured is returned when the target lacks what an action needs.
var ErrNotConfigured = errors.New("remediation not configured for this service")

// Execute runs one action on the target's catalogued resources: the target
// comes from the catalog, so no request can aim an action elsewhere.
func (e Executor) Execute(ctx context.Context, a Action, t diagnostics.Target) (Result, error) {
	r := Result{Action: a, Service: t.Service, Started: time.Now()}
	defer func() { r.Took = time.Since(r.Started) }()
	var err error
	switch a {
	case TerminateIdleBackends:
		if t.Postgres == nil || t.Postgres.DSN == "" {
			return r, fmt.Errorf("%w: no PostgreSQL target", ErrNotConfigured)
		}
		age := e.IdleAge
		if age <= 0 {
			age = 10 * time.Minute
		}
		r.Terminated, r.Skipped, err = TerminateIdle(ctx, t.Postgres.DSN, age)
		r.Count = len(r.Terminated)
		r.Summary = fmt.Sprintf("Terminated %d backends idle for more than %s on %s (its database and role only)%s.",
			r.Count, age, t.Postgres.Name, skippedText(r.Skipped))
	case ECSForceNewDeployment:
		var cfg sdkaws.Config
		if cfg, err = e.awsConfig(ctx, t, t.AWS != nil && t.AWS.ECSCluster != "" && t.AWS.ECSService != ""); err == nil {
			r.ID, err = ForceNewDeployment(ctx, cfg, t.AWS.ECSCluster, t.AWS.ECSService)
			err = aws.Safe(err)
			r.Summary = fmt.Sprintf("Started deployment %s of ECS service %s/%s (force new deployment).", r.ID, t.AWS.ECSCluster, t.AWS.ECSService)
		}
	case ASGInstanceRefresh:
		var cfg sdkaws.Config
		if cfg, err = e.awsConfig(ctx, t, t.AWS != nil && t.AWS.AutoScalingGroup != ""); err == nil {
			r.ID, err = StartInstanceRefresh(ctx, cfg, t.AWS.AutoScalingGroup)
			err = aws.Safe(err)
			r.Summary = fmt.Sprintf("Started instance refresh %s of %s (MinHealthyPercentage 50, InstanceWarmup 120).", r.ID, t.AWS.AutoScalingGroup)
		}
	default:
		return r, fmt.Errorf("unknown remediation %q", a)
	}
	if err != nil {
		r.Summary = ""
	}
	return r, err
}

// skippedText counts the skipped sessions by reason, in a fixed order.
func skippedText(skipped []Backend) string {
	if len(skipped) == 0 {
		return ""
	}
	var parts []string
	for _, reason := range []string{SkipOtherDatabase, SkipOtherRole, SkipNoLongerIdle, SkipGone, SkipNotPermitted} {
		n := 0
		for _, b := range skipped {
			if b.Reason == reason {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, reason))
		}
	}
	return fmt.Sprintf("; skipped %d idle sessions (%s)", len(skipped), strings.Join(parts, ", "))
}

func (e Executor) awsConfig(ctx context.Context, t diagnostics.Target, has bool) (sdkaws.Config, error) {
	if !has {
		return sdkaws.Config{}, fmt.Errorf("%w: the catalog names no such AWS resource", ErrNotConfigured)
	}
	if e.AWS == nil {
		return sdkaws.Config{}, fmt.Errorf("%w: AWS is not set up", ErrNotConfigured)
	}
	cfg, err := e.AWS.Config(ctx, t.AWS.Region)
	return cfg, aws.Safe(err)
}
