package aws

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// targetHealth is "aws elbv2 describe-target-health" of seed 000.
func (p *Provider) targetHealth(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSTargetHealth, "Load balancer target health", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			c := elb.NewFromConfig(cfg)
			name := t.TargetGroupARN
			tgs, err := c.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{t.TargetGroupARN}})
			if err != nil {
				return err
			}
			if len(tgs.TargetGroups) > 0 {
				tg := tgs.TargetGroups[0]
				name = str(tg.TargetGroupName)
				f.AddTable("Target group", []string{"name", "protocol", "port", "health check path", "load balancers"},
					[][]string{{name, string(tg.Protocol), num(tg.Port), str(tg.HealthCheckPath), itoa(len(tg.LoadBalancerArns))}})
			}
			th, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(t.TargetGroupARN)})
			if err != nil {
				return err
			}
			judgeTargets(f, name, th.TargetHealthDescriptions)
			return nil
		})
}

func judgeTargets(f *diagnostics.Finding, name string, ds []elbtypes.TargetHealthDescription) {
	rows := [][]string{}
	healthy, bad, transitional := 0, 0, 0
	var firstBad string
	for _, d := range ds {
		state, reason, desc := "", "", ""
		if h := d.TargetHealth; h != nil {
			state, reason, desc = string(h.State), string(h.Reason), str(h.Description)
		}
		switch elbtypes.TargetHealthStateEnum(state) {
		case elbtypes.TargetHealthStateEnumHealthy:
			healthy++
		case elbtypes.TargetHealthStateEnumInitial, elbtypes.TargetHealthStateEnumDraining:
			transitional++
		default: // unhealthy, unused (stopped instance), unavailable: not serving
			bad++
			if firstBad == "" {
				firstBad = fmt.Sprintf("%s: %s, %s", str(d.Target.Id), state, reason)
			}
		}
		rows = append(rows, []string{str(d.Target.Id), num(d.Target.Port), state, reason, desc})
	}
	total := len(ds)
	f.AddTable("Targets", []string{"target", "port", "state", "reason", "description"}, rows)
	f.SetFact("targets_total", float64(total))
	f.SetFact("targets_healthy", float64(healthy))
	f.SetFact("targets_unhealthy", float64(bad))
	switch {
	case total == 0:
		f.Status = diagnostics.StatusCritical
		f.Summary = fmt.Sprintf("Target group %s has no registered targets.", name)
	case healthy == 0:
		f.Status = diagnostics.StatusCritical
		f.Summary = fmt.Sprintf("No healthy target: %d of %d targets unhealthy in %s (%s).", bad, total, name, firstBad)
	case bad > 0:
		f.Status = diagnostics.StatusCritical
		f.Summary = fmt.Sprintf("%d of %d targets unhealthy in %s (%s).", bad, total, name, firstBad)
	case transitional > 0:
		f.Status = diagnostics.StatusWarning
		f.Summary = fmt.Sprintf("%d of %d targets healthy in %s; %d registering or draining.", healthy, total, name, transitional)
	default:
		f.Summary = fmt.Sprintf("All %d targets healthy in %s.", total, name)
	}
}
