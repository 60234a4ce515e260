package aws

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
)

// The SDK's error text names the endpoint and the caller; explain keeps
// the call, the code and what to do, and nothing else.
func TestExplainKeepsEndpointAndPrincipalOut(t *testing.T) {
	op := func(err error) error {
		return &smithy.OperationError{ServiceID: "ECS", OperationName: "DescribeServices", Err: err}
	}
	cases := []struct {
		name    string
		err     error
		want    string
		secrets []string
	}{
		{"network", op(&smithyhttp.RequestSendError{Err: &url.Error{Op: "Post", URL: "https://vpce-secret.internal:4443/",
			Err: errors.New("dial tcp 10.9.8.7:4443: connect: connection refused")}}),
			"ECS DescribeServices failed: could not reach the AWS endpoint", []string{"vpce-secret", "10.9.8.7", "4443"}},
		{"denied", op(&smithy.GenericAPIError{Code: "AccessDeniedException",
			Message: "User: arn:aws:iam::123456789012:user/warroom-secret is not authorized to perform: ecs:DescribeServices"}),
			"ECS DescribeServices was denied (AccessDeniedException)", []string{"123456789012", "warroom-secret"}},
		{"other code", op(&smithy.GenericAPIError{Code: "InvalidParameterException",
			Message: "assumed by arn:aws:sts::123456789012:assumed-role/secret-role/session: cluster not found"}),
			"ECS DescribeServices failed (InvalidParameterException: assumed by <principal>: cluster not found)", []string{"123456789012", "secret-role"}},
		{"credentials", op(errors.New("failed to refresh cached credentials, operation error STS: AssumeRole, https://sts.secret.internal")),
			"could not get AWS credentials", []string{"sts.secret.internal"}},
	}
	for _, c := range cases {
		got := explain(c.err)
		if !strings.Contains(got.Error(), c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		for _, s := range c.secrets {
			if strings.Contains(got.Error(), s) {
				t.Errorf("%s: %q reveals %q", c.name, got, s)
			}
		}
		if !errors.Is(got, c.err) && !errors.As(got, new(*smithy.OperationError)) {
			t.Errorf("%s: the cause is not kept", c.name)
		}
	}
	if own := errors.New("RDS instance x not found"); explain(own) != own {
		t.Error("our own errors are worded already")
	}
}

// A real check against an endpoint override that does not resolve: the
// finding names the call, not the endpoint.
func TestUnreachableEndpointFinding(t *testing.T) {
	p, err := New(Settings{AuthType: AuthKeys, AccessKey: "AKIASECRETKEYID", SecretKey: "s3cr3t",
		Endpoint: "http://aws-endpoint-secret.invalid:4566", DefaultRegion: "eu-west-1"}, Options{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	checks := p.Checks("api", diagnostics.AWSTarget{ECSCluster: "prod", ECSService: "api"})
	f := checks[0].Run(context.Background())
	if f.Status != diagnostics.StatusError || !strings.Contains(f.Error, "could not reach the AWS endpoint") {
		t.Fatalf("%s %q", f.Status, f.Error)
	}
	for _, s := range []string{"aws-endpoint-secret", "4566", "AKIASECRETKEYID", "s3cr3t"} {
		if strings.Contains(f.Error+f.Summary, s) {
			t.Fatalf("%q reveals %q", f.Error, s)
		}
	}
}

// With access keys and an endpoint override, the SDK's client dials under
// the health check's address policy: an endpoint address in the
// link-local range is refused at connect time (the settings check refuses
// the literal earlier; this provider skips it to reach the dialer, as a
// name resolving there would).
func TestEndpointDialledUnderTheAddressPolicy(t *testing.T) {
	p := &Provider{settings: Settings{AuthType: AuthKeys, AccessKey: "a", SecretKey: "b",
		Endpoint: "http://169.254.169.254:80", DefaultRegion: "eu-west-1"}, opts: Options{MaxAttempts: 1}.withDefaults()}
	if err := p.settings.Validate(); err == nil {
		t.Fatal("the settings check let the metadata address through")
	}
	f := p.Checks("api", diagnostics.AWSTarget{ECSCluster: "prod", ECSService: "api"})[0].Run(context.Background())
	if f.Status != diagnostics.StatusError || !strings.Contains(f.Error, "refused by the address policy: cloud metadata address") {
		t.Fatalf("%s %q", f.Status, f.Error)
	}
	var blocked *httpcheck.BlockedError
	if r := explain(errors.New("x")); errors.As(r, &blocked) {
		t.Fatal("a plain error is not a refusal")
	}
}
