package remediate

import (
	"context"
	"errors"
	"strconv"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
)

// Backend is one session terminate-idle-backends ended or left alone. It
// names no database or role: those are the DSN's, a secret.
type Backend struct {
	PID         int    `json:"pid"`
	Application string `json:"application,omitempty"`
	IdleSeconds int64  `json:"idleSeconds"`
	// Reason says why a session was skipped.
	Reason string `json:"reason,omitempty"`
}

// Reasons of skipped sessions.
const (
	SkipOtherDatabase = "another database"
	SkipOtherRole     = "another role"
	SkipNoLongerIdle  = "no longer idle"
	SkipGone          = "ended before it could be terminated"
	SkipNotPermitted  = "not permitted to terminate it"
)

// maxCandidates bounds one run; the rest wait for the next click.
const maxCandidates = 500

// TerminateIdle is seed 003's "Kill idle connections older than 10
// minutes", confined to the confirmed target: only client sessions of the
// DSN's own database and role (current_database(), current_user) idle for
// longer than age are terminated, one by one, each re-checked at the
// moment it is terminated so that a session that woke up is left alone.
// Idle sessions of other databases or roles the role can see are reported
// as skipped, as are those it may not signal. Errors are SafeErrors.
func TerminateIdle(ctx context.Context, dsn string, age time.Duration) (terminated, skipped []Backend, err error) {
	// Within the same per-target bound as the checks: a remediation of a
	// struggling server takes no more slots than a diagnostics run.
	conn, closeConn, err := postgres.ProcessTargets().Connect(ctx, dsn)
	if err != nil {
		return nil, nil, postgres.Safe(err)
	}
	defer closeConn()
	if _, err := conn.Exec(ctx, `SELECT set_config('statement_timeout', '10s', false)`); err != nil {
		return nil, nil, postgres.Safe(err)
	}
	rows, err := conn.Query(ctx, `SELECT pid, coalesce(application_name, ''),
		extract(epoch FROM now() - state_change)::bigint,
		datname IS NOT DISTINCT FROM current_database(), usename IS NOT DISTINCT FROM current_user
		FROM pg_stat_activity
		WHERE state = 'idle' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
		  AND now() - state_change > $1 * interval '1 second'
		ORDER BY state_change LIMIT `+strconv.Itoa(maxCandidates), age.Seconds())
	if err != nil {
		return nil, nil, postgres.Safe(err)
	}
	type candidate struct {
		Backend
		sameDB, sameRole bool
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.PID, &c.Application, &c.IdleSeconds, &c.sameDB, &c.sameRole); err != nil {
			rows.Close()
			return nil, nil, postgres.Safe(err)
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, postgres.Safe(err)
	}
	terminated, skipped = []Backend{}, []Backend{}
	for _, c := range cands {
		b := c.Backend
		switch {
		case !c.sameDB:
			b.Reason = SkipOtherDatabase
		case !c.sameRole:
			b.Reason = SkipOtherRole
		default:
			var ok bool
			err := conn.QueryRow(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE pid = $1 AND state = 'idle' AND backend_type = 'client backend'
				  AND datname = current_database() AND usename = current_user
				  AND now() - state_change > $2 * interval '1 second'`, b.PID, age.Seconds()).Scan(&ok)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				b.Reason = SkipNoLongerIdle
			case err != nil && ctx.Err() != nil:
				return terminated, skipped, postgres.Safe(err)
			case err != nil:
				b.Reason = SkipNotPermitted
			case !ok:
				b.Reason = SkipGone
			default:
				terminated = append(terminated, b)
				continue
			}
		}
		skipped = append(skipped, b)
	}
	return terminated, skipped, nil
}

// ForceNewDeployment is "aws ecs update-service --force-new-deployment";
// returns the id of the new primary deployment.
func ForceNewDeployment(ctx context.Context, cfg sdkaws.Config, cluster, service string) (string, error) {
	out, err := ecs.NewFromConfig(cfg).UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: sdkaws.String(cluster),
		Service: sdkaws.String(service), ForceNewDeployment: true})
	if err != nil {
		return "", err
	}
	for _, d := range out.Service.Deployments {
		if sdkaws.ToString(d.Status) == "PRIMARY" {
			return sdkaws.ToString(d.Id), nil
		}
	}
	return "", nil
}

// Seed 000's instance refresh preferences.
const (
	MinHealthyPercentage = 50
	InstanceWarmup       = 120
)

// StartInstanceRefresh is seed 000's "aws autoscaling start-instance-refresh
// --preferences '{"MinHealthyPercentage":50,"InstanceWarmup":120}'".
func StartInstanceRefresh(ctx context.Context, cfg sdkaws.Config, asg string) (string, error) {
	out, err := autoscaling.NewFromConfig(cfg).StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{
		AutoScalingGroupName: sdkaws.String(asg),
		Preferences: &astypes.RefreshPreferences{MinHealthyPercentage: sdkaws.Int32(MinHealthyPercentage),
			InstanceWarmup: sdkaws.Int32(InstanceWarmup)},
	})
	if err != nil {
		return "", err
	}
	return sdkaws.ToString(out.InstanceRefreshId), nil
}
