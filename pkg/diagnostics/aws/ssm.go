package aws

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// containerName is docker's own rule for names. It is the only text that
// reaches the shell, and it comes from the catalog, never from a request.
var containerName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)

// maxSSMInstances bounds how many hosts one diagnostic runs a command on.
const maxSSMInstances = 3

// DockerLogsCommand returns seed 000's command for a catalogued container,
// or an error when the name could carry shell syntax.
func DockerLogsCommand(container string) (string, error) {
	if !containerName.MatchString(container) || len(container) > 128 {
		return "", fmt.Errorf("container name %q is not a docker container name; not sent", container)
	}
	return "docker logs " + container + " --tail 100 --since 5m", nil
}

// dockerLogs runs the seed's "aws ssm send-command ... docker logs" on the
// running instances of the group and collects the output.
func (p *Provider) dockerLogs(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSSSMDockerLogs, "Docker logs via SSM", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			cmd, err := DockerLogsCommand(t.ContainerName)
			if err != nil {
				return err
			}
			insts, err := asgEC2(ctx, ec2.NewFromConfig(cfg), t.AutoScalingGroup)
			if err != nil {
				return err
			}
			var ids []string
			for _, i := range insts {
				if i.State != nil && i.State.Name == "running" && len(ids) < maxSSMInstances {
					ids = append(ids, str(i.InstanceId))
				}
			}
			if len(ids) == 0 {
				f.Status = diagnostics.StatusWarning
				f.Summary = fmt.Sprintf("No running instance in %s to read docker logs from.", t.AutoScalingGroup)
				return nil
			}
			c := ssm.NewFromConfig(cfg)
			sent, err := c.SendCommand(ctx, &ssm.SendCommandInput{DocumentName: aws.String("AWS-RunShellScript"),
				InstanceIds: ids, Parameters: map[string][]string{"commands": {cmd}},
				Comment: aws.String("warroom diagnostics (read-only)"), TimeoutSeconds: aws.Int32(60)})
			if err != nil {
				return err
			}
			rows, errLines, failed := [][]string{}, 0, 0
			for _, id := range ids {
				inv, err := p.waitInvocation(ctx, c, str(sent.Command.CommandId), id)
				if err != nil {
					return err
				}
				out := str(inv.StandardOutputContent) + str(inv.StandardErrorContent)
				for _, l := range strings.Split(out, "\n") {
					if strings.Contains(strings.ToLower(l), "error") {
						errLines++
					}
				}
				if inv.Status != ssmtypes.CommandInvocationStatusSuccess {
					failed++
				}
				rows = append(rows, []string{id, string(inv.Status), tail(out, 2000)})
			}
			f.AddSensitiveTable(cmd, []string{"instance", "status", "output (end)"}, rows)
			f.SetFact("docker_error_lines", float64(errLines))
			f.Summary = fmt.Sprintf("docker logs %s on %s: %s containing \"error\".", t.ContainerName,
				plural(len(ids), "instance", "instances"), plural(errLines, "line", "lines"))
			if failed > 0 {
				f.Status = diagnostics.StatusWarning
				f.Summary += fmt.Sprintf(" The command failed on %d.", failed)
			}
			return nil
		})
}

// waitInvocation polls until the command ends on an instance. Right after
// SendCommand the invocation may not exist yet, which is not an error.
func (p *Provider) waitInvocation(ctx context.Context, c *ssm.Client, cmdID, instance string) (*ssm.GetCommandInvocationOutput, error) {
	deadline := time.Now().Add(p.opts.SSMWait)
	for {
		inv, err := c.GetCommandInvocation(ctx, &ssm.GetCommandInvocationInput{CommandId: aws.String(cmdID), InstanceId: aws.String(instance)})
		var notYet *ssmtypes.InvocationDoesNotExist
		switch {
		case errors.As(err, &notYet):
		case err != nil:
			return nil, err
		default:
			switch inv.Status {
			case ssmtypes.CommandInvocationStatusPending, ssmtypes.CommandInvocationStatusInProgress, ssmtypes.CommandInvocationStatusDelayed:
			default:
				return inv, nil
			}
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("docker logs on %s did not finish within %s", instance, p.opts.SSMWait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
