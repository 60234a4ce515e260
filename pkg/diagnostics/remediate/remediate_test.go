package remediate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
)

func TestMain(m *testing.M) { testpg.Main(m) }

func TestParseAction(t *testing.T) {
	for _, a := range Actions() {
		if got, err := ParseAction(string(a)); err != nil || got != a {
			t.Fatal(a, err)
		}
	}
	if _, err := ParseAction("rm -rf"); err == nil {
		t.Fatal("unknown action accepted")
	}
}

// terminate-idle-backends ends the idle sessions of the target's own
// database and role only: an idle session of another role on the same
// database and one of the same role on another database survive, and the
// result names exactly what was ended and what was skipped, and why.
func TestTerminateIdleBackends(t *testing.T) {
	dsn := testpg.DSN(t)
	otherDB := testpg.DSN(t)
	ctx := context.Background()
	role := fmt.Sprintf("warroom_other_%d", time.Now().UnixNano())
	exec := func(sql string) {
		t.Helper()
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	exec(`CREATE ROLE ` + role + ` LOGIN`)
	t.Cleanup(func() { exec(`DROP ROLE IF EXISTS ` + role) }) // runs after the sessions below close
	open := func(dsn, app string, user string) *pgx.Conn {
		t.Helper()
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.RuntimeParams["application_name"] = app
		if user != "" {
			cfg.User = user
		}
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		return c
	}
	mine := []*pgx.Conn{open(dsn, "checkout-pool-1", ""), open(dsn, "checkout-pool-2", "")}
	otherRole := open(dsn, "reporting", role)
	otherDatabase := open(otherDB, "billing", "")

	target := diagnostics.Target{Service: "api", Postgres: &diagnostics.PostgresTarget{Name: "main", DSN: dsn}}
	// With the seed's 10 minutes, fresh sessions are left alone.
	if r, err := (Executor{}).Execute(ctx, TerminateIdleBackends, target); err != nil || r.Count != 0 || len(r.Terminated) != 0 || len(r.Skipped) != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	// A threshold of 1ns makes every idle session a candidate at once.
	r, err := Executor{IdleAge: time.Nanosecond}.Execute(ctx, TerminateIdleBackends, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s terminated %+v skipped %+v", r.Summary, r.Terminated, r.Skipped)
	ended := map[int]string{}
	for _, b := range r.Terminated {
		ended[b.PID] = b.Application
	}
	if r.Count != 2 || len(ended) != 2 || ended[int(mine[0].PgConn().PID())] != "checkout-pool-1" || ended[int(mine[1].PgConn().PID())] != "checkout-pool-2" {
		t.Fatalf("terminated %+v, want exactly the two sessions of the target's role and database", r.Terminated)
	}
	skipped := map[int]string{}
	for _, b := range r.Skipped {
		skipped[b.PID] = b.Reason
	}
	if skipped[int(otherRole.PgConn().PID())] != SkipOtherRole || skipped[int(otherDatabase.PgConn().PID())] != SkipOtherDatabase {
		t.Fatalf("skipped %+v, want the other role's and the other database's sessions with their reasons", r.Skipped)
	}
	if !strings.Contains(r.Summary, "Terminated 2 backends idle for more than 1ns on main (its database and role only)") ||
		!strings.Contains(r.Summary, "1 another database") || !strings.Contains(r.Summary, "1 another role") {
		t.Fatalf("summary %q", r.Summary)
	}
	for _, c := range mine {
		if err := c.Ping(ctx); err == nil {
			t.Fatal("an idle session of the target survived")
		}
	}
	for _, c := range []*pgx.Conn{otherRole, otherDatabase} {
		if err := c.Ping(ctx); err != nil {
			t.Fatalf("a session outside the target was ended: %v", err)
		}
	}
}

// A DSN that cannot connect fails with a sentence that names neither the
// host nor the user nor the database.
func TestTerminateIdleErrorIsSafe(t *testing.T) {
	target := diagnostics.Target{Service: "api", Postgres: &diagnostics.PostgresTarget{Name: "main",
		DSN: "postgres://orders_rw_secret:hunter2@127.0.0.1:1/orders_secret_db?sslmode=disable&connect_timeout=5"}}
	_, err := Executor{}.Execute(context.Background(), TerminateIdleBackends, target)
	if err == nil || err.Error() != "could not connect to PostgreSQL: connection refused" {
		t.Fatalf("%v", err)
	}
}

// ECS against moto; the instance refresh through an intercept because moto
// does not implement StartInstanceRefresh (it answers 500).
func TestAWSActions(t *testing.T) {
	moto := testmoto.Start(t)
	var refreshForm url.Values
	ep := testmoto.Proxy(t, moto, func(w http.ResponseWriter, r *http.Request) bool {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		if form.Get("Action") != "StartInstanceRefresh" {
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			return false
		}
		refreshForm = form
		w.Header().Set("Content-Type", "text/xml")
		_, err := io.WriteString(w, `<StartInstanceRefreshResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">`+
			`<StartInstanceRefreshResult><InstanceRefreshId>08b91cf7-8fa6-48af-b6a6-d227f40f1b9b</InstanceRefreshId>`+
			`</StartInstanceRefreshResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></StartInstanceRefreshResponse>`)
		if err != nil {
			t.Error(err)
		}
		return true
	})
	ctx := context.Background()
	c := ecs.NewFromConfig(testmoto.Config(ep))
	if _, err := c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: sdkaws.String("prod")}); err != nil {
		t.Fatal(err)
	}
	td, err := c.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: sdkaws.String("api"),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: sdkaws.String("api"), Image: sdkaws.String("nginx"), Memory: sdkaws.Int32(256)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateService(ctx, &ecs.CreateServiceInput{Cluster: sdkaws.String("prod"), ServiceName: sdkaws.String("api"),
		TaskDefinition: td.TaskDefinition.TaskDefinitionArn, DesiredCount: sdkaws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	p, err := aws.New(aws.Settings{AuthType: aws.AuthKeys, AccessKey: "a", SecretKey: "b", Endpoint: ep, DefaultRegion: testmoto.Region}, aws.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := Executor{AWS: p}
	target := diagnostics.Target{Service: "api", AWS: &diagnostics.AWSTarget{ECSCluster: "prod", ECSService: "api", AutoScalingGroup: "prod-asg"}}

	r, err := e.Execute(ctx, ECSForceNewDeployment, target)
	if err != nil || !strings.HasPrefix(r.ID, "ecs-svc/") {
		t.Fatalf("%+v %v", r, err)
	}
	svc, _ := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: sdkaws.String("prod"), Services: []string{"api"}})
	if got := sdkaws.ToString(svc.Services[0].Deployments[0].Id); got != r.ID {
		t.Fatalf("primary deployment %s, executor reported %s", got, r.ID)
	}

	r, err = e.Execute(ctx, ASGInstanceRefresh, target)
	if err != nil || r.ID != "08b91cf7-8fa6-48af-b6a6-d227f40f1b9b" {
		t.Fatalf("%+v %v", r, err)
	}
	if refreshForm.Get("AutoScalingGroupName") != "prod-asg" || refreshForm.Get("Preferences.MinHealthyPercentage") != "50" ||
		refreshForm.Get("Preferences.InstanceWarmup") != "120" {
		t.Fatalf("StartInstanceRefresh sent %v", refreshForm)
	}

	if _, err := e.Execute(ctx, ECSForceNewDeployment, diagnostics.Target{Service: "x"}); !errors.Is(err, ErrNotConfigured) {
		t.Fatalf("no ECS in catalog: %v", err)
	}
	if _, err := (Executor{}).Execute(ctx, ASGInstanceRefresh, target); !errors.Is(err, ErrNotConfigured) {
		t.Fatalf("no AWS settings: %v", err)
	}
}
