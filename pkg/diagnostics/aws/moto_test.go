package aws_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
)

// One moto and one seeded world are shared by the subtests: starting moto
// and pushing six images a second apart is most of the cost.
func TestAgainstMoto(t *testing.T) {
	moto := testmoto.Start(t, "MOTO_ECS_SERVICE_RUNNING=1")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := testmoto.Proxy(t, moto, nil)
	w, err := testmoto.Seed(ctx, testmoto.Config(base), "statux")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rds.NewFromConfig(testmoto.Config(base)).CreateDBCluster(ctx, &rds.CreateDBClusterInput{
		DBClusterIdentifier: awssdk.String("statux-aurora"), Engine: awssdk.String("aurora-postgresql"),
		MasterUsername: awssdk.String("warroom"), MasterUserPassword: awssdk.String("not-a-secret-1")}); err != nil {
		t.Fatal(err)
	}
	w.Target.RDSCluster = "statux-aurora"
	t.Run("findings", func(t *testing.T) { testFindings(t, base, w) })
	t.Run("throttling", func(t *testing.T) { testThrottling(t, moto, w) })
	t.Run("auth", func(t *testing.T) { testAuth(t, moto, w) })
	t.Run("ssm refuses shell text", func(t *testing.T) { testSSMRefuses(t, moto, w) })
}

func provider(t *testing.T, endpoint string, s aws.Settings, o aws.Options) *aws.Provider {
	t.Helper()
	if s.AuthType == "" {
		s = aws.Settings{AuthType: aws.AuthKeys, AccessKey: "AKIAWARROOMTEST", SecretKey: "testing"}
	}
	s.Endpoint, s.DefaultRegion = endpoint, testmoto.Region
	o.CloudWatchJSON = true
	if o.SSMWait == 0 {
		o.SSMWait = 5 * time.Second
	}
	p, err := aws.New(s, o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, p *aws.Provider, target diagnostics.AWSTarget) map[string]diagnostics.Finding {
	t.Helper()
	return runIn(context.Background(), t, p, target)
}

// runIn runs the checks in ctx, which may carry Grafana's [aws] policy.
func runIn(ctx context.Context, t *testing.T, p *aws.Provider, target diagnostics.AWSTarget) map[string]diagnostics.Finding {
	t.Helper()
	s := diagnostics.Run(ctx, p.Checks("statux", target), diagnostics.RunOptions{}, nil)
	out := map[string]diagnostics.Finding{}
	for _, f := range s.Findings {
		t.Logf("%-32s %-8s %s", f.Check, f.Status, f.Summary)
		out[f.Check] = f
	}
	return out
}

func cells(f diagnostics.Finding, table string, col int) []string {
	var out []string
	for _, tb := range f.Details {
		if strings.HasPrefix(tb.Title, table) {
			for _, r := range tb.Rows {
				out = append(out, r[col])
			}
		}
	}
	return out
}

func expect(t *testing.T, f diagnostics.Finding, status diagnostics.Status, summary ...string) {
	t.Helper()
	if f.Status != status {
		t.Errorf("%s: status %s, want %s (%s %s)", f.Check, f.Status, status, f.Summary, f.Error)
	}
	for _, s := range summary {
		if !strings.Contains(f.Summary, s) {
			t.Errorf("%s: summary %q lacks %q", f.Check, f.Summary, s)
		}
	}
}

func testFindings(t *testing.T, endpoint string, w testmoto.World) {
	got := run(t, provider(t, endpoint, aws.Settings{}, aws.Options{}), w.Target)
	if len(got) != 12 {
		t.Fatalf("%d checks ran, want all 12", len(got))
	}
	th := got[diagnostics.CheckAWSTargetHealth]
	expect(t, th, diagnostics.StatusCritical, "1 of 3 targets unhealthy", w.Instances[0]+": unused, Target.InvalidState")

	asg := got[diagnostics.CheckAWSAutoScaling]
	expect(t, asg, diagnostics.StatusOK, "3 of 3 desired instances in service (min 3, max 6)")
	if note := cells(asg, "Instance refreshes", 0); len(note) != 1 || !strings.Contains(note[0], "not available") {
		t.Errorf("moto has no DescribeInstanceRefreshes; want a note, got %v", note)
	}
	expect(t, got[diagnostics.CheckAWSEC2Instances], diagnostics.StatusWarning, "2 of 3 instances tagged statux-asg are running")

	ecs := got[diagnostics.CheckAWSECSService]
	expect(t, ecs, diagnostics.StatusCritical, "ECS service statux running 1/3", "2 tasks stopped recently (1 OutOfMemory, 1 essential container exited)")
	if reasons := cells(ecs, "Stopped tasks", 2); !slices.Contains(reasons, w.StoppedReasons[0]) || !slices.Contains(reasons, w.StoppedReasons[1]) {
		t.Errorf("stopped reasons %v", reasons)
	}
	if ecs.Facts["oom_stopped_tasks"] != 1 || cells(ecs, "Deployments", 2)[0] != "IN_PROGRESS" {
		t.Errorf("ECS facts %v deployments %v", ecs.Facts, cells(ecs, "Deployments", 2))
	}
	util := got[diagnostics.CheckAWSECSMetrics]
	expect(t, util, diagnostics.StatusCritical, "CPUUtilization 72% (max 72%)", "MemoryUtilization 93%")
	if util.Facts["memory_utilization_percent"] != 93 {
		t.Errorf("facts %v", util.Facts)
	}

	ecr := got[diagnostics.CheckAWSECRImages]
	expect(t, ecr, diagnostics.StatusOK, "current image "+w.ImageTags[5])
	if tags := cells(ecr, "Last 5 images", 0); !slices.Equal(tags, w.ImageTags[1:]) {
		t.Errorf("ECR tags %v, want the 5 newest in push order %v", tags, w.ImageTags[1:])
	}

	db := got[diagnostics.CheckAWSRDSInstance]
	expect(t, db, diagnostics.StatusOK, "RDS instance statux-rds is available")
	if !slices.Contains(cells(db, "Latest snapshots", 0), "manual-pre-rollback-202611290900") {
		t.Errorf("snapshots %v", cells(db, "Latest snapshots", 0))
	}
	expect(t, got[diagnostics.CheckAWSRDSCluster], diagnostics.StatusOK, "RDS cluster statux-aurora is available")
	expect(t, got[diagnostics.CheckAWSRDSConnections], diagnostics.StatusOK, "42 database connections")

	logs := got[diagnostics.CheckAWSLogErrors]
	expect(t, logs, diagnostics.StatusWarning, "12 lines matching \"error\" in /ecs/statux in the last 15m0s")
	if logs.Facts["timeout_log_events"] != float64(w.TimeoutLines) || len(cells(logs, "Latest error lines", 2)) != 10 {
		t.Errorf("log facts %v", logs.Facts)
	}
	ssm := got[diagnostics.CheckAWSSSMDockerLogs]
	expect(t, ssm, diagnostics.StatusOK, "docker logs statux-api on 2 instances")
	if st := cells(ssm, "docker logs statux-api --tail 100 --since 5m", 1); !slices.Equal(st, []string{"Success", "Success"}) {
		t.Errorf("SSM invocations %v", st)
	}
	expect(t, got[diagnostics.CheckAWSElastiCache], diagnostics.StatusOK, "Cache cluster statux-redis is available")
}

// throttle answers every ECS call as AWS does when rate limited.
func throttle(calls *int32Counter) testmoto.Intercept {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.") {
			return false
		}
		calls.add()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", "ThrottlingException")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"__type":"ThrottlingException","message":"Rate exceeded"}`))
		return true
	}
}

func testThrottling(t *testing.T, moto string, w testmoto.World) {
	var calls int32Counter
	p := provider(t, testmoto.Proxy(t, moto, throttle(&calls)), aws.Settings{}, aws.Options{MaxAttempts: 3, MaxBackoff: 50 * time.Millisecond})
	start := time.Now()
	got := run(t, p, w.Target)
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("run took %s", took)
	}
	ecs := got[diagnostics.CheckAWSECSService]
	want := "ECS DescribeServices was throttled by AWS (ThrottlingException: Rate exceeded) after 3 attempts"
	if ecs.Status != diagnostics.StatusError || !strings.HasPrefix(ecs.Error, want) || calls.get() != 3 {
		t.Fatalf("throttled check: %s %q after %d calls", ecs.Status, ecs.Error, calls.get())
	}
	for id, f := range got {
		if id != diagnostics.CheckAWSECSService && f.Status == diagnostics.StatusError {
			t.Errorf("%s failed although only ECS was throttled: %s", id, f.Error)
		}
	}
}
