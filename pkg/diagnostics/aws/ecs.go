package aws

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// ecsService is "aws ecs describe-services" and "describe-tasks ... stoppedReason" of seed 003.
func (p *Provider) ecsService(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSECSService, "ECS service and deployments", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			c := ecs.NewFromConfig(cfg)
			out, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(t.ECSCluster), Services: []string{t.ECSService}})
			if err != nil {
				return err
			}
			if len(out.Services) == 0 {
				f.Status = diagnostics.StatusCritical
				f.Summary = fmt.Sprintf("ECS service %s not found in cluster %s.", t.ECSService, t.ECSCluster)
				return nil
			}
			s := out.Services[0]
			running, desired := int(s.RunningCount), int(s.DesiredCount)
			f.SetFact("ecs_running", float64(running))
			f.SetFact("ecs_desired", float64(desired))
			f.AddTable("Service", []string{"service", "status", "running", "desired", "pending", "task definition"},
				[][]string{{t.ECSService, str(s.Status), itoa(running), itoa(desired), itoa(int(s.PendingCount)), str(s.TaskDefinition)}})
			rollout := deployments(f, s.Deployments)
			events := [][]string{}
			for i, e := range s.Events {
				if i == 5 {
					break
				}
				events = append(events, []string{when(e.CreatedAt), clip(str(e.Message), 300)})
			}
			f.AddTable("Latest events", []string{"time", "message"}, events)
			oom, essential, stopped, err := stoppedTasks(ctx, c, t, f)
			if err != nil {
				return err
			}
			f.Summary = fmt.Sprintf("ECS service %s running %d/%d", t.ECSService, running, desired)
			if rollout != "" {
				f.Summary += "; deployment " + rollout
			}
			if stopped > 0 {
				f.Summary += fmt.Sprintf("; %s stopped recently (%d OutOfMemory, %d essential container exited)",
					plural(stopped, "task", "tasks"), oom, essential)
			}
			f.Summary += "."
			switch {
			case desired > 0 && running == 0, oom > 0, essential > 0, rollout == "FAILED":
				f.Status = diagnostics.StatusCritical
			case running < desired, rollout != "":
				f.Status = diagnostics.StatusWarning
			}
			return nil
		})
}

// deployments tabulates the rollouts and returns the state of the primary
// one when it is not complete.
func deployments(f *diagnostics.Finding, ds []ecstypes.Deployment) string {
	rows, state := [][]string{}, ""
	for _, d := range ds {
		rows = append(rows, []string{str(d.Id), str(d.Status), string(d.RolloutState), itoa(int(d.DesiredCount)),
			itoa(int(d.RunningCount)), itoa(int(d.PendingCount)), itoa(int(d.FailedTasks)), str(d.TaskDefinition), when(d.UpdatedAt)})
		if str(d.Status) == "PRIMARY" && d.RolloutState != "" && d.RolloutState != ecstypes.DeploymentRolloutStateCompleted {
			state = string(d.RolloutState)
		}
	}
	f.AddTable("Deployments", []string{"id", "status", "rollout", "desired", "running", "pending", "failed", "task definition", "updated"}, rows)
	if state != "" {
		f.SetFact("ecs_rollout_in_progress", 1)
	}
	return state
}

// stoppedTasks lists the service's recently stopped tasks (ECS keeps them
// about an hour) and counts the two reasons the runbooks act on.
func stoppedTasks(ctx context.Context, c *ecs.Client, t diagnostics.AWSTarget, f *diagnostics.Finding) (oom, essential, total int, err error) {
	list, err := c.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(t.ECSCluster), ServiceName: aws.String(t.ECSService),
		DesiredStatus: ecstypes.DesiredStatusStopped, MaxResults: aws.Int32(100)})
	if err != nil || len(list.TaskArns) == 0 {
		f.AddTable("Stopped tasks", []string{"task", "stopped", "reason", "containers"}, nil)
		return 0, 0, 0, err
	}
	// MaxResults 100 is also DescribeTasks' limit.
	out, err := c.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(t.ECSCluster), Tasks: list.TaskArns})
	if err != nil {
		return 0, 0, 0, err
	}
	rows := [][]string{}
	for _, task := range out.Tasks {
		reason := str(task.StoppedReason)
		var cs []string
		for _, ct := range task.Containers {
			cs = append(cs, fmt.Sprintf("%s exit=%s %s", str(ct.Name), num(ct.ExitCode), str(ct.Reason)))
			reason += " " + str(ct.Reason)
		}
		switch {
		case isOOM(reason):
			oom++
		case strings.Contains(reason, "Essential container in task exited"):
			essential++
		}
		id := str(task.TaskArn)
		id = id[strings.LastIndex(id, "/")+1:]
		rows = append(rows, []string{id, when(task.StoppedAt), str(task.StoppedReason), strings.TrimSpace(strings.Join(cs, "; "))})
	}
	f.AddTable("Stopped tasks", []string{"task", "stopped", "reason", "containers"}, rows)
	f.SetFact("stopped_tasks", float64(len(rows)))
	f.SetFact("oom_stopped_tasks", float64(oom))
	f.SetFact("essential_exit_stopped_tasks", float64(essential))
	return oom, essential, len(rows), nil
}

// isOOM recognises ECS's wordings: "OutOfMemoryError: Container killed due
// to memory usage" on the task, "OutOfMemoryError" or exit 137 "OOM" on
// the container.
func isOOM(reason string) bool {
	r := strings.ToLower(reason)
	return strings.Contains(r, "outofmemory") || strings.Contains(r, "oom")
}
