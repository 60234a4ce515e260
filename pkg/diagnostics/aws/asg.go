package aws

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// autoScaling is "describe-auto-scaling-groups" and "describe-instance-refreshes" of seed 000.
func (p *Provider) autoScaling(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSAutoScaling, "Auto Scaling group capacity", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			c := autoscaling.NewFromConfig(cfg)
			out, err := c.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{
				AutoScalingGroupNames: []string{t.AutoScalingGroup}})
			if err != nil {
				return err
			}
			if len(out.AutoScalingGroups) == 0 {
				f.Status = diagnostics.StatusCritical
				f.Summary = fmt.Sprintf("Auto Scaling group %s does not exist.", t.AutoScalingGroup)
				return nil
			}
			g := out.AutoScalingGroups[0]
			inService, unhealthy := 0, 0
			rows := [][]string{}
			for _, i := range g.Instances {
				if i.LifecycleState == "InService" {
					inService++
				}
				if str(i.HealthStatus) != "Healthy" {
					unhealthy++
				}
				rows = append(rows, []string{str(i.InstanceId), str(i.AvailabilityZone), string(i.LifecycleState),
					str(i.HealthStatus), str(i.InstanceType)})
			}
			desired := int(aws.ToInt32(g.DesiredCapacity))
			f.AddTable("Capacity", []string{"desired", "min", "max", "in service", "unhealthy"},
				[][]string{{num(g.DesiredCapacity), num(g.MinSize), num(g.MaxSize), itoa(inService), itoa(unhealthy)}})
			f.AddTable("Instances", []string{"instance", "zone", "lifecycle", "health", "type"}, rows)
			f.SetFact("asg_desired", float64(desired))
			f.SetFact("asg_in_service", float64(inService))
			f.SetFact("asg_unhealthy", float64(unhealthy))
			refreshing := p.refreshes(ctx, c, t.AutoScalingGroup, f)
			f.Summary = fmt.Sprintf("%s: %d of %d desired instances in service (min %d, max %d).",
				t.AutoScalingGroup, inService, desired, aws.ToInt32(g.MinSize), aws.ToInt32(g.MaxSize))
			if unhealthy > 0 {
				f.Summary += fmt.Sprintf(" %s unhealthy.", plural(unhealthy, "instance", "instances"))
			}
			if refreshing != "" {
				f.Summary += " Instance refresh " + refreshing + "."
			}
			switch {
			case desired > 0 && inService == 0:
				f.Status = diagnostics.StatusCritical
			case inService < desired || unhealthy > 0 || refreshing != "":
				f.Status = diagnostics.StatusWarning
			}
			return nil
		})
}

// refreshes adds the latest instance refreshes and returns the state of one
// in progress. A failure here (moto does not implement the call; a policy
// may not allow it) leaves a note instead of failing the capacity check.
func (p *Provider) refreshes(ctx context.Context, c *autoscaling.Client, asg string, f *diagnostics.Finding) string {
	out, err := c.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{
		AutoScalingGroupName: aws.String(asg), MaxRecords: aws.Int32(3)})
	if err != nil {
		f.AddTable("Instance refreshes", []string{"note"}, [][]string{{"not available: " + explain(err).Error()}})
		return ""
	}
	rows, active := [][]string{}, ""
	for _, r := range out.InstanceRefreshes {
		rows = append(rows, []string{str(r.InstanceRefreshId), string(r.Status), num(r.PercentageComplete),
			when(r.StartTime), when(r.EndTime), str(r.StatusReason)})
		switch r.Status {
		case "Pending", "InProgress", "Cancelling", "RollbackInProgress":
			if active == "" {
				active = fmt.Sprintf("%s (%d%% complete)", r.Status, aws.ToInt32(r.PercentageComplete))
			}
		}
	}
	f.AddTable("Instance refreshes", []string{"id", "status", "% complete", "started", "ended", "reason"}, rows)
	if active != "" {
		f.SetFact("asg_refresh_in_progress", 1)
	}
	return active
}

// asgInstances is "aws ec2 describe-instances --filters tag:aws:autoscaling:groupName" of seed 000.
func (p *Provider) asgInstances(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSEC2Instances, "EC2 instances of the Auto Scaling group", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			insts, err := asgEC2(ctx, ec2.NewFromConfig(cfg), t.AutoScalingGroup)
			if err != nil {
				return err
			}
			rows, running := [][]string{}, 0
			for _, i := range insts {
				state := ""
				if i.State != nil {
					state = string(i.State.Name)
				}
				if state == "running" {
					running++
				}
				rows = append(rows, []string{str(i.InstanceId), state, str(i.PrivateIpAddress), string(i.InstanceType), when(i.LaunchTime)})
			}
			f.AddTable("Instances", []string{"instance", "state", "private IP", "type", "launched"}, rows)
			f.SetFact("instances_total", float64(len(insts)))
			f.SetFact("instances_running", float64(running))
			f.Summary = fmt.Sprintf("%d of %d instances tagged %s are running.", running, len(insts), t.AutoScalingGroup)
			if running < len(insts) {
				f.Status = diagnostics.StatusWarning
			}
			if len(insts) > 0 && running == 0 {
				f.Status = diagnostics.StatusCritical
			}
			return nil
		})
}

func asgEC2(ctx context.Context, c *ec2.Client, asg string) ([]ec2types.Instance, error) {
	var out []ec2types.Instance
	pg := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:aws:autoscaling:groupName"), Values: []string{asg}}}})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Reservations {
			out = append(out, r.Instances...)
		}
	}
	return out, nil
}
