package aws

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// maxLogEvents bounds the scan: a log group can hold millions of lines in
// the window, and a diagnostic must return within its timeout.
const maxLogEvents = 20000

// logErrors counts lines containing "error" in any case, like the seeds'
// "| grep -i error". The match is done here rather than with a filter
// pattern because CloudWatch terms are case-sensitive (moto implements only
// plain terms too); timeouts are counted on the same pass for the AI
// provider runbook.
func (p *Provider) logErrors(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSLogErrors, "CloudWatch Logs errors", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			end := time.Now()
			start := end.Add(-p.opts.LogWindow)
			pg := cloudwatchlogs.NewFilterLogEventsPaginator(cloudwatchlogs.NewFromConfig(cfg), &cloudwatchlogs.FilterLogEventsInput{
				LogGroupName: aws.String(t.LogGroup), StartTime: aws.Int64(start.UnixMilli()), EndTime: aws.Int64(end.UnixMilli())})
			scanned, errs, timeouts := 0, 0, 0
			var sample [][]string
			truncated := false
			for pg.HasMorePages() && !truncated {
				page, err := pg.NextPage(ctx)
				if err != nil {
					return err
				}
				for _, e := range page.Events {
					scanned++
					msg := strings.ToLower(str(e.Message))
					if strings.Contains(msg, "timeout") || strings.Contains(msg, "timed out") || strings.Contains(msg, "etimedout") {
						timeouts++
					}
					if !strings.Contains(msg, "error") {
						continue
					}
					errs++
					sample = append(sample, []string{when(aws.Time(time.UnixMilli(aws.ToInt64(e.Timestamp)))),
						str(e.LogStreamName), clip(str(e.Message), 300)})
					if len(sample) > 10 {
						sample = sample[1:] // keep the 10 most recent
					}
				}
				truncated = scanned >= maxLogEvents
			}
			f.SetFact("error_log_events", float64(errs))
			f.SetFact("timeout_log_events", float64(timeouts))
			f.SetFact("log_events_scanned", float64(scanned))
			f.AddSensitiveTable("Latest error lines", []string{"time", "stream", "message"}, sample)
			atLeast := ""
			if truncated {
				atLeast = "at least "
			}
			f.Summary = fmt.Sprintf("%s%s matching \"error\" in %s in the last %s (%d lines scanned).",
				atLeast, plural(errs, "line", "lines"), t.LogGroup, p.opts.LogWindow, scanned)
			switch {
			case errs >= p.opts.LogErrorCrit:
				f.Status = diagnostics.StatusCritical
			case errs >= p.opts.LogErrorWarn:
				f.Status = diagnostics.StatusWarning
			}
			return nil
		})
}
