package testmoto

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Region is where Seed creates everything.
const Region = "us-east-1"

// Config is an SDK config for moto: dummy keys, every service at endpoint.
func Config(endpoint string) aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

// CloudWatchJSON makes a CloudWatch client speak awsJson1_0: the SDK's
// default, rpcv2Cbor, is not routed by moto 5.2 (404).
func CloudWatchJSON(o *cloudwatch.Options) {
	o.Protocol = awsjson.New10(schemas.GraniteServiceVersion20100801)
}

// World is what Seed built: the catalog entry of a service in trouble, and
// the numbers a test should find.
type World struct {
	Target         diagnostics.AWSTarget
	Instances      []string // ASG instances; Instances[0] is stopped
	ImageTags      []string // in push order
	ErrorLines     int      // log lines containing "error", any case, in the window
	TimeoutLines   int
	ECSDesired     int
	StoppedReasons []string
}

// Seed builds one service in the state of a typical incident: an ASG of 3
// behind a target group with one instance stopped (unhealthy target), an ECS
// service running 1 of 3 with tasks stopped for OOM and an essential
// container exit, an ECR repository of 6 tagged images, a log group with
// error lines, an available RDS instance with a snapshot, an ElastiCache
// cluster and CloudWatch datapoints (CPU 72%, memory 93%, 42 DB connections).
// Start moto with MOTO_ECS_SERVICE_RUNNING=1 for the "1 of 3".
func Seed(ctx context.Context, cfg aws.Config, name string) (World, error) {
	w := World{Target: diagnostics.AWSTarget{
		Region: Region, AutoScalingGroup: name + "-asg", ECSCluster: name + "-cluster", ECSService: name,
		ECRRepository: name, LogGroup: "/ecs/" + name, RDSInstance: name + "-rds", ContainerName: name + "-api",
		ElastiCacheCluster: name + "-redis",
	}}
	// ECR pushes need a second between them (moto keeps whole seconds), so
	// they run beside the rest.
	ecrDone := make(chan error, 1)
	go func() { ecrDone <- seedECR(ctx, cfg, &w) }()
	steps := []func(context.Context, aws.Config, *World) error{seedASG, seedECS, seedLogs, seedRDS, seedElastiCache, seedMetrics}
	for _, step := range steps {
		if err := step(ctx, cfg, &w); err != nil {
			return w, err
		}
	}
	if err := <-ecrDone; err != nil {
		return w, err
	}
	return w, nil
}

func seedRDS(ctx context.Context, cfg aws.Config, w *World) error {
	c := rds.NewFromConfig(cfg)
	if _, err := c.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String(w.Target.RDSInstance),
		DBInstanceClass: aws.String("db.t3.micro"), Engine: aws.String("postgres"), MasterUsername: aws.String("warroom"),
		MasterUserPassword: aws.String("not-a-secret-1"), AllocatedStorage: aws.Int32(20)}); err != nil {
		return fmt.Errorf("create RDS instance: %w", err)
	}
	_, err := c.CreateDBSnapshot(ctx, &rds.CreateDBSnapshotInput{DBInstanceIdentifier: aws.String(w.Target.RDSInstance),
		DBSnapshotIdentifier: aws.String("manual-pre-rollback-202611290900")})
	return err
}

func seedElastiCache(ctx context.Context, cfg aws.Config, w *World) error {
	_, err := elasticache.NewFromConfig(cfg).CreateCacheCluster(ctx, &elasticache.CreateCacheClusterInput{
		CacheClusterId: aws.String(w.Target.ElastiCacheCluster), Engine: aws.String("redis"),
		CacheNodeType: aws.String("cache.t3.micro"), NumCacheNodes: aws.Int32(1)})
	return err
}

func seedMetrics(ctx context.Context, cfg aws.Config, w *World) error {
	now := time.Now()
	ecsDims := []cwtypes.Dimension{{Name: aws.String("ClusterName"), Value: aws.String(w.Target.ECSCluster)},
		{Name: aws.String("ServiceName"), Value: aws.String(w.Target.ECSService)}}
	datum := func(name string, dims []cwtypes.Dimension, v float64, ago time.Duration) cwtypes.MetricDatum {
		return cwtypes.MetricDatum{MetricName: aws.String(name), Dimensions: dims, Value: aws.Float64(v), Timestamp: aws.Time(now.Add(-ago))}
	}
	// moto fails to gunzip the SDK's compressed PutMetricData bodies.
	c := cloudwatch.NewFromConfig(cfg, CloudWatchJSON, func(o *cloudwatch.Options) { o.DisableRequestCompression = true })
	if _, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/ECS"), MetricData: []cwtypes.MetricDatum{
		datum("CPUUtilization", ecsDims, 64, 4*time.Minute), datum("CPUUtilization", ecsDims, 72, time.Minute),
		datum("MemoryUtilization", ecsDims, 81, 4*time.Minute), datum("MemoryUtilization", ecsDims, 93, time.Minute),
	}}); err != nil {
		return fmt.Errorf("put ECS metrics: %w", err)
	}
	rdsDims := []cwtypes.Dimension{{Name: aws.String("DBInstanceIdentifier"), Value: aws.String(w.Target.RDSInstance)}}
	_, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/RDS"), MetricData: []cwtypes.MetricDatum{
		datum("DatabaseConnections", rdsDims, 30, 5*time.Minute), datum("DatabaseConnections", rdsDims, 42, time.Minute),
	}})
	return err
}
