package remediate

import (
	"context"
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/jackc/pgx/v5"
)

// TerminateIdle is seed 003's "Kill idle connections older than 10 minutes":
// pg_terminate_backend on every client session idle for longer than age,
// except its own. The role needs pg_signal_backend (or superuser) to end
// other roles' sessions. Returns how many were terminated.
func TerminateIdle(ctx context.Context, dsn string, age time.Duration) (int, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // committed below
	if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', '10s', true)`); err != nil {
		return 0, err
	}
	var n int
	err = tx.QueryRow(ctx, `SELECT count(*) FROM (
		SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
		WHERE state = 'idle' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
		  AND now() - state_change > $1 * interval '1 second') t WHERE ok`, age.Seconds()).Scan(&n)
	if err != nil {
		return 0, err
	}
	return n, tx.Commit(ctx)
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
