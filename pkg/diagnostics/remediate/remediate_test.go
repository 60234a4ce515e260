package remediate

import (
	"context"
	"errors"
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

	"github.com/warroom/warroom-incident-app/internal/testmoto"
	"github.com/warroom/warroom-incident-app/internal/testpg"
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

func TestTerminateIdleBackends(t *testing.T) {
	dsn := testpg.DSN(t)
	ctx := context.Background()
	var idle []*pgx.Conn
	for range 2 {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		idle = append(idle, c)
	}
	target := diagnostics.Target{Service: "api", Postgres: &diagnostics.PostgresTarget{Name: "main", DSN: dsn}}
	// With the seed's 10 minutes, fresh sessions are left alone.
	if r, err := (Executor{}).Execute(ctx, TerminateIdleBackends, target); err != nil || r.Count != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	time.Sleep(1200 * time.Millisecond)
	r, err := Executor{IdleAge: time.Second}.Execute(ctx, TerminateIdleBackends, target)
	if err != nil || r.Count < 2 || !strings.Contains(r.Summary, "idle for more than 1s on main") {
		t.Fatalf("%+v %v", r, err)
	}
	for _, c := range idle {
		if err := c.Ping(ctx); err == nil {
			t.Fatal("an idle session survived")
		}
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
		io.WriteString(w, `<StartInstanceRefreshResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">`+
			`<StartInstanceRefreshResult><InstanceRefreshId>08b91cf7-8fa6-48af-b6a6-d227f40f1b9b</InstanceRefreshId>`+
			`</StartInstanceRefreshResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></StartInstanceRefreshResponse>`)
		return true
	})
	ctx := context.Background()
	c := ecs.NewFromConfig(testmoto.Config(ep))
	c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: sdkaws.String("prod")})
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
