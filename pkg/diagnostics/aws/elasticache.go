package aws

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// elastiCache is "aws elasticache describe-cache-clusters --show-cache-node-info" of seed 003.
func (p *Provider) elastiCache(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSElastiCache, "ElastiCache cluster status", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			out, err := elasticache.NewFromConfig(cfg).DescribeCacheClusters(ctx, &elasticache.DescribeCacheClustersInput{
				CacheClusterId: aws.String(t.ElastiCacheCluster), ShowCacheNodeInfo: aws.Bool(true)})
			if err != nil {
				return err
			}
			if len(out.CacheClusters) == 0 {
				return fmt.Errorf("cache cluster %s not found", t.ElastiCacheCluster)
			}
			c := out.CacheClusters[0]
			status := str(c.CacheClusterStatus)
			f.AddTable("Cluster", []string{"cluster", "status", "engine", "node type", "nodes"},
				[][]string{{t.ElastiCacheCluster, status, str(c.Engine) + " " + str(c.EngineVersion), str(c.CacheNodeType), num(c.NumCacheNodes)}})
			nodes := [][]string{}
			for _, n := range c.CacheNodes {
				ep := ""
				if n.Endpoint != nil {
					ep = fmt.Sprintf("%s:%d", str(n.Endpoint.Address), aws.ToInt32(n.Endpoint.Port))
				}
				nodes = append(nodes, []string{str(n.CacheNodeId), str(n.CacheNodeStatus), ep})
			}
			f.AddTable("Nodes", []string{"node", "status", "endpoint"}, nodes)
			f.SetFact("cache_available", 0)
			if status == "available" {
				f.SetFact("cache_available", 1)
				f.Summary = fmt.Sprintf("Cache cluster %s is available.", t.ElastiCacheCluster)
				return nil
			}
			f.Status = diagnostics.StatusCritical
			f.Summary = fmt.Sprintf("Cache cluster %s is %q, not available.", t.ElastiCacheCluster, status)
			return nil
		})
}
