package aws

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// ecrImages is seed 000's "describe-images --query sort_by(imageDetails,&imagePushedAt)[-5:].imageTags":
// the rollback candidates. Information only, so always ok.
func (p *Provider) ecrImages(service string, t diagnostics.AWSTarget) diagnostics.Check {
	return p.check(diagnostics.CheckAWSECRImages, "ECR recent images (rollback candidates)", service, t.Region,
		func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error {
			var imgs []ecrtypes.ImageDetail
			pg := ecr.NewDescribeImagesPaginator(ecr.NewFromConfig(cfg), &ecr.DescribeImagesInput{RepositoryName: aws.String(t.ECRRepository)})
			for pg.HasMorePages() {
				page, err := pg.NextPage(ctx)
				if err != nil {
					return err
				}
				imgs = append(imgs, page.ImageDetails...)
			}
			latest := LatestImages(imgs, 5)
			rows := [][]string{}
			for i, img := range latest {
				role := "previous"
				if i == len(latest)-1 {
					role = "current"
				}
				digest := str(img.ImageDigest)
				if len(digest) > 19 {
					digest = digest[:19]
				}
				rows = append(rows, []string{strings.Join(img.ImageTags, ", "), when(img.ImagePushedAt), digest, role})
			}
			f.AddTable("Last 5 images by push time (oldest first, as in the runbook)", []string{"tags", "pushed", "digest", "role"}, rows)
			f.SetFact("ecr_images", float64(len(imgs)))
			if len(latest) == 0 {
				f.Summary = fmt.Sprintf("Repository %s has no images.", t.ECRRepository)
				return nil
			}
			f.Summary = fmt.Sprintf("%s: current image %s; %d earlier images are rollback candidates.",
				t.ECRRepository, rows[len(rows)-1][0], len(rows)-1)
			return nil
		})
}

// LatestImages returns the n most recently pushed images in push order.
func LatestImages(imgs []ecrtypes.ImageDetail, n int) []ecrtypes.ImageDetail {
	sorted := append([]ecrtypes.ImageDetail(nil), imgs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return aws.ToTime(sorted[i].ImagePushedAt).Before(aws.ToTime(sorted[j].ImagePushedAt))
	})
	if len(sorted) > n {
		sorted = sorted[len(sorted)-n:]
	}
	return sorted
}
