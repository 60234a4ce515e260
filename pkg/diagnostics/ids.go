package diagnostics

// Check ids are stable: runbooks, stored evidence and the UI refer to them.
const (
	CheckHTTPHealth = "http.health"

	CheckPGConnections      = "postgres.connections"
	CheckPGConnectionsState = "postgres.connections_by_state"
	CheckPGDatabaseBackends = "postgres.database_backends"
	CheckPGLongQueries      = "postgres.long_queries"
	CheckPGIdleConnections  = "postgres.idle_connections"

	CheckAWSTargetHealth   = "aws.elbv2.target_health"
	CheckAWSAutoScaling    = "aws.autoscaling.group"
	CheckAWSEC2Instances   = "aws.ec2.asg_instances"
	CheckAWSRDSInstance    = "aws.rds.instance"
	CheckAWSRDSCluster     = "aws.rds.cluster"
	CheckAWSECSMetrics     = "aws.cloudwatch.ecs_utilization"
	CheckAWSRDSConnections = "aws.cloudwatch.rds_connections"
	CheckAWSECSService     = "aws.ecs.service"
	CheckAWSECRImages      = "aws.ecr.recent_images"
	CheckAWSLogErrors      = "aws.logs.errors"
	CheckAWSSSMDockerLogs  = "aws.ssm.docker_logs"
	CheckAWSElastiCache    = "aws.elasticache.cluster"
)

// KnownCheckIDs lists every check id an adapter can produce, so that data
// referring to checks (runbooks) can be validated when it is loaded.
func KnownCheckIDs() []string {
	return []string{
		CheckHTTPHealth,
		CheckPGConnections, CheckPGConnectionsState, CheckPGDatabaseBackends,
		CheckPGLongQueries, CheckPGIdleConnections,
		CheckAWSTargetHealth, CheckAWSAutoScaling, CheckAWSEC2Instances,
		CheckAWSRDSInstance, CheckAWSRDSCluster, CheckAWSECSMetrics, CheckAWSRDSConnections,
		CheckAWSECSService, CheckAWSECRImages, CheckAWSLogErrors, CheckAWSSSMDockerLogs,
		CheckAWSElastiCache,
	}
}
