package testmoto

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// ami is an image id moto knows.
const ami = "ami-12c6146b"

// seedASG: VPC, subnet, launch template, target group, ASG of 3 registered
// in it, then one instance stopped. moto derives target health from the
// instance state: a stopped instance is "unused" (Target.InvalidState).
func seedASG(ctx context.Context, cfg aws.Config, w *World) error {
	e := ec2.NewFromConfig(cfg)
	vpc, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		return fmt.Errorf("create VPC: %w", err)
	}
	subnet, err := e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.0.1.0/24"),
		AvailabilityZone: aws.String(Region + "a")})
	if err != nil {
		return fmt.Errorf("create subnet: %w", err)
	}
	lt := w.Target.AutoScalingGroup + "-lt"
	if _, err := e.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String(lt),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(ami), InstanceType: ec2types.InstanceTypeT3Micro}}); err != nil {
		return fmt.Errorf("create launch template: %w", err)
	}
	tg, err := elb.NewFromConfig(cfg).CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String(w.Target.ECSService + "-tg"),
		Protocol: "HTTP", Port: aws.Int32(3000), VpcId: vpc.Vpc.VpcId, HealthCheckPath: aws.String("/api/v1/health")})
	if err != nil {
		return fmt.Errorf("create target group: %w", err)
	}
	w.Target.TargetGroupARN = aws.ToString(tg.TargetGroups[0].TargetGroupArn)
	as := autoscaling.NewFromConfig(cfg)
	if _, err := as.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(w.Target.AutoScalingGroup), MinSize: aws.Int32(3), MaxSize: aws.Int32(6),
		DesiredCapacity: aws.Int32(3), VPCZoneIdentifier: subnet.Subnet.SubnetId, TargetGroupARNs: []string{w.Target.TargetGroupARN},
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String(lt)}}); err != nil {
		return fmt.Errorf("create ASG: %w", err)
	}
	g, err := as.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{w.Target.AutoScalingGroup}})
	if err != nil || len(g.AutoScalingGroups) == 0 {
		return fmt.Errorf("describe ASG: %v", err)
	}
	for _, i := range g.AutoScalingGroups[0].Instances {
		w.Instances = append(w.Instances, aws.ToString(i.InstanceId))
	}
	if len(w.Instances) != 3 {
		return fmt.Errorf("ASG has %d instances, want 3", len(w.Instances))
	}
	_, err = e.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: w.Instances[:1]})
	return err
}

// seedECS: a cluster with one container instance (moto places RunTask
// tasks only on one), a service of 3, three tasks of the service and two of
// them stopped with the reasons the memory-leak runbook looks for.
func seedECS(ctx context.Context, cfg aws.Config, w *World) error {
	c := ecs.NewFromConfig(cfg)
	cluster := aws.String(w.Target.ECSCluster)
	if _, err := c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: cluster}); err != nil {
		return fmt.Errorf("create cluster: %w", err)
	}
	host, err := ec2.NewFromConfig(cfg).RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(ami), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
	if err != nil {
		return fmt.Errorf("run ECS host: %w", err)
	}
	doc, _ := json.Marshal(map[string]string{"instanceId": aws.ToString(host.Instances[0].InstanceId), "region": Region})
	if _, err := c.RegisterContainerInstance(ctx, &ecs.RegisterContainerInstanceInput{Cluster: cluster, InstanceIdentityDocument: aws.String(string(doc))}); err != nil {
		return fmt.Errorf("register container instance: %w", err)
	}
	td, err := c.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String(w.Target.ECSService),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String(w.Target.ContainerName), Image: aws.String("nginx"),
			Memory: aws.Int32(512), Essential: aws.Bool(true)}}})
	if err != nil {
		return fmt.Errorf("register task definition: %w", err)
	}
	w.ECSDesired = 3
	if _, err := c.CreateService(ctx, &ecs.CreateServiceInput{Cluster: cluster, ServiceName: aws.String(w.Target.ECSService),
		TaskDefinition: td.TaskDefinition.TaskDefinitionArn, DesiredCount: aws.Int32(3)}); err != nil {
		return fmt.Errorf("create service: %w", err)
	}
	tasks, err := c.RunTask(ctx, &ecs.RunTaskInput{Cluster: cluster, TaskDefinition: td.TaskDefinition.TaskDefinitionArn,
		Count: aws.Int32(3), Group: aws.String("service:" + w.Target.ECSService), StartedBy: aws.String("ecs-svc/" + w.Target.ECSService)})
	if err != nil {
		return fmt.Errorf("run tasks: %w", err)
	}
	if len(tasks.Tasks) != 3 {
		return fmt.Errorf("run tasks: %d tasks started, want 3", len(tasks.Tasks))
	}
	w.StoppedReasons = []string{"OutOfMemoryError: Container killed due to memory usage", "Essential container in task exited"}
	for i, reason := range w.StoppedReasons {
		if _, err := c.StopTask(ctx, &ecs.StopTaskInput{Cluster: cluster, Task: tasks.Tasks[i].TaskArn, Reason: aws.String(reason)}); err != nil {
			return fmt.Errorf("stop task: %w", err)
		}
	}
	return nil
}
