package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// Reach is the configuration page's AWS status line: the checks'
// credentials and endpoint, one cheap read-only call of the allow-list
// (DescribeAutoScalingGroups, one record) in region. Errors are SafeError.
func (p *Provider) Reach(ctx context.Context, region string) error {
	cfg, err := p.Config(ctx, region)
	if err != nil {
		return Safe(err)
	}
	_, err = autoscaling.NewFromConfig(cfg).DescribeAutoScalingGroups(ctx,
		&autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(1)})
	return Safe(err)
}
