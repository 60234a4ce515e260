package testmoto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

// seedECR pushes 6 tagged images, a second apart: moto stores push times
// in whole seconds, and the check must be seen to sort by time.
func seedECR(ctx context.Context, cfg aws.Config, w *World) error {
	c := ecr.NewFromConfig(cfg)
	if _, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(w.Target.ECRRepository)}); err != nil {
		return fmt.Errorf("create repository: %w", err)
	}
	for i := 1; i <= 6; i++ {
		tag := fmt.Sprintf("sha-%07x", i*0x1a2b3c)
		sum := sha256.Sum256([]byte(tag))
		manifest, _ := json.Marshal(map[string]any{
			"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
			"config": map[string]any{"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
				"digest": "sha256:" + hex.EncodeToString(sum[:])},
			"layers": []any{},
		})
		if i > 1 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(1050 * time.Millisecond):
			}
		}
		if _, err := c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(w.Target.ECRRepository),
			ImageManifest: aws.String(string(manifest)), ImageTag: aws.String(tag)}); err != nil {
			return fmt.Errorf("put image %s: %w", tag, err)
		}
		w.ImageTags = append(w.ImageTags, tag)
	}
	return nil
}

// seedLogs writes error lines in several cases, timeouts, healthy lines,
// and one error older than any window a test uses.
func seedLogs(ctx context.Context, cfg aws.Config, w *World) error {
	c := cloudwatchlogs.NewFromConfig(cfg)
	group, stream := aws.String(w.Target.LogGroup), aws.String("ecs/"+w.Target.ContainerName+"/1")
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: group}); err != nil {
		return fmt.Errorf("create log group: %w", err)
	}
	if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: stream}); err != nil {
		return err
	}
	now := time.Now()
	lines := []string{"GET /api/v1/health 200 3ms"}
	for i := 0; i < 4; i++ {
		lines = append(lines,
			fmt.Sprintf("ERROR db: sorry, too many clients already (request %d)", i),
			fmt.Sprintf("level=error msg=\"upstream returned 502\" request=%d", i),
			fmt.Sprintf("Error: connect ETIMEDOUT 10.0.3.4:6379 (request %d)", i),
			"POST /api/v1/checks 201 12ms")
	}
	lines = append(lines, "bedrock invoke timed out after 30s", "bedrock invoke timed out after 30s")
	w.ErrorLines, w.TimeoutLines = 12, 6
	events := []logtypes.InputLogEvent{{Timestamp: aws.Int64(now.Add(-50 * time.Minute).UnixMilli()),
		Message: aws.String("ERROR from an hour ago, outside the window")}}
	for i, l := range lines {
		ts := now.Add(-5 * time.Minute).Add(time.Duration(i) * time.Second)
		events = append(events, logtypes.InputLogEvent{Timestamp: aws.Int64(ts.UnixMilli()), Message: aws.String(l)})
	}
	_, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: stream, LogEvents: events})
	return err
}
