package aws

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Utilization thresholds of the ECS metrics check, in percent.
const (
	UtilizationWarn = 80.0
	UtilizationCrit = 90.0
)

type metric struct {
	id, namespace, name, fact string
	dims                      map[string]string
}

type series struct {
	latest, max float64
	points      int
}

// metrics fetches the per-minute averages of a few metrics over the window.
func (p *Provider) metrics(ctx context.Context, cfg aws.Config, ms []metric) (map[string]series, error) {
	end := time.Now()
	in := &cloudwatch.GetMetricDataInput{StartTime: aws.Time(end.Add(-p.opts.MetricWindow)), EndTime: aws.Time(end),
		ScanBy: cwtypes.ScanByTimestampDescending}
	for _, m := range ms {
		// In name order: a map's order changes from run to run, and moto
		// (unlike CloudWatch) matches dimensions in the order they were put,
		// so a random order made the memory series vanish one run in two.
		var dims []cwtypes.Dimension
		for _, k := range slices.Sorted(maps.Keys(m.dims)) {
			dims = append(dims, cwtypes.Dimension{Name: aws.String(k), Value: aws.String(m.dims[k])})
		}
		in.MetricDataQueries = append(in.MetricDataQueries, cwtypes.MetricDataQuery{Id: aws.String(m.id),
			MetricStat: &cwtypes.MetricStat{Period: aws.Int32(60), Stat: aws.String("Average"),
				Metric: &cwtypes.Metric{Namespace: aws.String(m.namespace), MetricName: aws.String(m.name), Dimensions: dims}}})
	}
	out := map[string]series{}
	pg := cloudwatch.NewGetMetricDataPaginator(cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
		if p.opts.CloudWatchJSON {
			o.Protocol = awsjson.New10(schemas.GraniteServiceVersion20100801)
		}
	}), in)
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.MetricDataResults {
			s := out[str(r.Id)]
			for i, v := range r.Values { // newest first (ScanByTimestampDescending)
				if s.points == 0 && i == 0 {
					s.latest = v
				}
				s.max = max(s.max, v)
				s.points++
			}
			out[str(r.Id)] = s
		}
	}
	return out, nil
}

// ecsUtilization is "aws cloudwatch get-metric-statistics --namespace AWS/ECS" of seed 001.
func (p *Provider) ecsUtilization(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSECSMetrics, "ECS CPU and memory utilization", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			dims := map[string]string{"ClusterName": t.ECSCluster, "ServiceName": t.ECSService}
			ms := []metric{
				{"cpu", "AWS/ECS", "CPUUtilization", "cpu_utilization_percent", dims},
				{"mem", "AWS/ECS", "MemoryUtilization", "memory_utilization_percent", dims},
			}
			got, err := p.metrics(ctx, cfg, ms)
			if err != nil {
				return err
			}
			rows, parts := [][]string{}, []string{}
			for _, m := range ms {
				s := got[m.id]
				if s.points == 0 {
					rows = append(rows, []string{m.name, "no data", "", "0"})
					continue
				}
				f.SetFact(m.fact, s.latest)
				f.SetFact(m.fact+"_max", s.max)
				rows = append(rows, []string{m.name, fmt.Sprintf("%.1f%%", s.latest), fmt.Sprintf("%.1f%%", s.max), itoa(s.points)})
				parts = append(parts, fmt.Sprintf("%s %.0f%% (max %.0f%%)", m.name, s.latest, s.max))
				switch {
				case s.latest >= UtilizationCrit:
					f.Status = diagnostics.Worse(f.Status, diagnostics.StatusCritical)
				case s.latest >= UtilizationWarn:
					f.Status = diagnostics.Worse(f.Status, diagnostics.StatusWarning)
				}
			}
			f.AddTable("Last "+p.opts.MetricWindow.String(), []string{"metric", "latest", "max", "datapoints"}, rows)
			if len(parts) == 0 {
				f.Summary = fmt.Sprintf("No CPU or memory datapoints for %s/%s in the last %s.", t.ECSCluster, t.ECSService, p.opts.MetricWindow)
				return nil
			}
			f.Summary = fmt.Sprintf("%s/%s: %s.", t.ECSCluster, t.ECSService, joinAnd(parts))
			return nil
		})
}

// rdsConnections is "aws cloudwatch get-metric-statistics --metric-name DatabaseConnections" of seed 001.
func (p *Provider) rdsConnections(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSRDSConnections, "RDS DatabaseConnections", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			got, err := p.metrics(ctx, cfg, []metric{{"conns", "AWS/RDS", "DatabaseConnections", "",
				map[string]string{"DBInstanceIdentifier": t.RDSInstance}}})
			if err != nil {
				return err
			}
			s := got["conns"]
			if s.points == 0 {
				f.Summary = fmt.Sprintf("No DatabaseConnections datapoints for %s in the last %s.", t.RDSInstance, p.opts.MetricWindow)
				return nil
			}
			f.SetFact("rds_database_connections", s.latest)
			f.SetFact("rds_database_connections_max", s.max)
			f.AddTable("Last "+p.opts.MetricWindow.String(), []string{"metric", "latest", "max", "datapoints"},
				[][]string{{"DatabaseConnections", fmt.Sprintf("%.0f", s.latest), fmt.Sprintf("%.0f", s.max), itoa(s.points)}})
			f.Summary = fmt.Sprintf("%s has %.0f database connections (max %.0f in the last %s).", t.RDSInstance, s.latest, s.max, p.opts.MetricWindow)
			return nil
		})
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	out := parts[0]
	for _, p := range parts[1 : len(parts)-1] {
		out += ", " + p
	}
	return out + " and " + parts[len(parts)-1]
}
