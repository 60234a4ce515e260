package aws

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// snapshotRow is one snapshot for the "latest snapshots" table.
type snapshotRow struct {
	id, status, kind string
	created          *time.Time
}

func snapshotTable(f *diagnostics.Finding, snaps []snapshotRow) {
	sort.Slice(snaps, func(i, j int) bool { return aws.ToTime(snaps[i].created).After(aws.ToTime(snaps[j].created)) })
	if len(snaps) > 5 {
		snaps = snaps[:5]
	}
	rows := [][]string{}
	for _, s := range snaps {
		rows = append(rows, []string{s.id, when(s.created), s.status, s.kind})
	}
	f.AddTable("Latest snapshots", []string{"snapshot", "created", "status", "type"}, rows)
	f.SetFact("snapshots", float64(len(snaps)))
}

func judgeAvailable(f *diagnostics.Finding, what, id, status string) {
	f.SetFact("rds_available", 0)
	if status == "available" {
		f.SetFact("rds_available", 1)
		f.Summary = fmt.Sprintf("%s %s is available.", what, id)
		return
	}
	f.Status = diagnostics.StatusCritical
	f.Summary = fmt.Sprintf("%s %s is %q, not available.", what, id, status)
}

// rdsInstance is "aws rds describe-db-instances" and "describe-db-snapshots" of seed 000.
func (p *Provider) rdsInstance(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSRDSInstance, "RDS instance status", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			c := rds.NewFromConfig(cfg)
			out, err := c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(t.RDSInstance)})
			if err != nil {
				return err
			}
			if len(out.DBInstances) == 0 {
				return fmt.Errorf("RDS instance %s not found", t.RDSInstance)
			}
			db := out.DBInstances[0]
			endpoint := ""
			if db.Endpoint != nil {
				endpoint = fmt.Sprintf("%s:%d", str(db.Endpoint.Address), aws.ToInt32(db.Endpoint.Port))
			}
			f.AddTable("Instance", []string{"instance", "status", "endpoint", "class", "engine", "multi-AZ"},
				[][]string{{t.RDSInstance, str(db.DBInstanceStatus), endpoint, str(db.DBInstanceClass),
					str(db.Engine) + " " + str(db.EngineVersion), fmt.Sprint(aws.ToBool(db.MultiAZ))}})
			judgeAvailable(f, "RDS instance", t.RDSInstance, str(db.DBInstanceStatus))
			snaps, err := c.DescribeDBSnapshots(ctx, &rds.DescribeDBSnapshotsInput{DBInstanceIdentifier: aws.String(t.RDSInstance)})
			if err != nil {
				return err
			}
			var rows []snapshotRow
			for _, s := range snaps.DBSnapshots {
				rows = append(rows, snapshotRow{str(s.DBSnapshotIdentifier), str(s.Status), str(s.SnapshotType), s.SnapshotCreateTime})
			}
			snapshotTable(f, rows)
			return nil
		})
}

// rdsCluster is "aws rds describe-db-clusters" of seed 001.
func (p *Provider) rdsCluster(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSRDSCluster, "RDS cluster status", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			c := rds.NewFromConfig(cfg)
			out, err := c.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String(t.RDSCluster)})
			if err != nil {
				return err
			}
			if len(out.DBClusters) == 0 {
				return fmt.Errorf("RDS cluster %s not found", t.RDSCluster)
			}
			cl := out.DBClusters[0]
			f.AddTable("Cluster", []string{"cluster", "status", "endpoint", "reader endpoint", "engine"},
				[][]string{{t.RDSCluster, str(cl.Status), str(cl.Endpoint), str(cl.ReaderEndpoint), str(cl.Engine) + " " + str(cl.EngineVersion)}})
			members := [][]string{}
			for _, m := range cl.DBClusterMembers {
				role := "reader"
				if aws.ToBool(m.IsClusterWriter) {
					role = "writer"
				}
				members = append(members, []string{str(m.DBInstanceIdentifier), role})
			}
			f.AddTable("Members", []string{"instance", "role"}, members)
			judgeAvailable(f, "RDS cluster", t.RDSCluster, str(cl.Status))
			snaps, err := c.DescribeDBClusterSnapshots(ctx, &rds.DescribeDBClusterSnapshotsInput{DBClusterIdentifier: aws.String(t.RDSCluster)})
			if err != nil {
				return err
			}
			var rows []snapshotRow
			for _, s := range snaps.DBClusterSnapshots {
				rows = append(rows, snapshotRow{str(s.DBClusterSnapshotIdentifier), str(s.Status), str(s.SnapshotType), s.SnapshotCreateTime})
			}
			snapshotTable(f, rows)
			return nil
		})
}
