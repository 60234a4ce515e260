package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// States moto cannot produce: every target unhealthy, a database or cache
// that is not "available".
func TestVerdictsMotoCannotProduce(t *testing.T) {
	target := func(id string, s elbtypes.TargetHealthStateEnum) elbtypes.TargetHealthDescription {
		return elbtypes.TargetHealthDescription{Target: &elbtypes.TargetDescription{Id: aws.String(id)},
			TargetHealth: &elbtypes.TargetHealth{State: s, Reason: "Target.ResponseCodeMismatch"}}
	}
	var f diagnostics.Finding
	judgeTargets(&f, "api-tg", []elbtypes.TargetHealthDescription{target("i-1", "unhealthy"), target("i-2", "unhealthy")})
	if f.Status != diagnostics.StatusCritical || f.Summary != "No healthy target: 2 of 2 targets unhealthy in api-tg (i-1: unhealthy, Target.ResponseCodeMismatch)." {
		t.Fatalf("%s %q", f.Status, f.Summary)
	}
	f = diagnostics.Finding{}
	judgeTargets(&f, "api-tg", []elbtypes.TargetHealthDescription{target("i-1", "healthy"), target("i-2", "draining")})
	if f.Status != diagnostics.StatusWarning {
		t.Fatalf("draining: %s %q", f.Status, f.Summary)
	}
	f = diagnostics.Finding{}
	judgeAvailable(&f, "RDS instance", "statux-prod-rds", "storage-full")
	if f.Status != diagnostics.StatusCritical || f.Facts["rds_available"] != 0 ||
		f.Summary != `RDS instance statux-prod-rds is "storage-full", not available.` {
		t.Fatalf("%s %q", f.Status, f.Summary)
	}
}
