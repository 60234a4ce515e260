package aws_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
)

type int32Counter struct{ n atomic.Int32 }

func (c *int32Counter) add()       { c.n.Add(1) }
func (c *int32Counter) get() int32 { return c.n.Load() }

var credentialRE = regexp.MustCompile(`Credential=([A-Z0-9]+)/`)

// recorder notes the access key of every signed request and the bodies of
// STS calls, then lets the request through to moto.
type recorder struct {
	mu   sync.Mutex
	keys []string
	sts  []string
}

func (r *recorder) intercept(w http.ResponseWriter, req *http.Request) bool {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	defer r.mu.Unlock()
	if m := credentialRE.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
		r.keys = append(r.keys, m[1])
	}
	if strings.Contains(string(body), "Action=AssumeRole") {
		r.sts = append(r.sts, string(body))
	}
	return false
}

// Each auth method of awsauth reaches moto with the credentials it should.
func testAuth(t *testing.T, moto string, w testmoto.World) {
	target := diagnostics.AWSTarget{Region: testmoto.Region, ElastiCacheCluster: w.Target.ElastiCacheCluster}
	// Grafana with Warroom in [aws] forward_settings_to_plugins and its
	// defaults otherwise, plus ec2_iam_role (as an admin would allow it).
	forwarded := grafanaSends(map[string]string{awsds.AllowedAuthProvidersEnvVarKeyName: "default,keys,credentials,ec2_iam_role"})
	ok := func(t *testing.T, s aws.Settings) *recorder {
		t.Helper()
		rec := &recorder{}
		got := runIn(forwarded, t, provider(t, testmoto.Proxy(t, moto, rec.intercept), s, aws.Options{}), target)
		if f := got[diagnostics.CheckAWSElastiCache]; f.Status != diagnostics.StatusOK {
			t.Fatalf("%+v", f)
		}
		return rec
	}
	t.Run("keys", func(t *testing.T) {
		rec := ok(t, aws.Settings{AuthType: aws.AuthKeys, AccessKey: "AKIAKEYSAUTH", SecretKey: "s"})
		if rec.keys[0] != "AKIAKEYSAUTH" {
			t.Fatalf("signed with %v", rec.keys)
		}
	})
	t.Run("default chain", func(t *testing.T) {
		t.Setenv("AWS_ACCESS_KEY_ID", "AKIAFROMENV")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "s")
		if rec := ok(t, aws.Settings{AuthType: aws.AuthDefault}); rec.keys[0] != "AKIAFROMENV" {
			t.Fatalf("signed with %v", rec.keys)
		}
	})
	t.Run("shared credentials profile", func(t *testing.T) {
		dir := t.TempDir()
		creds := filepath.Join(dir, "credentials")
		if err := os.WriteFile(creds, []byte("[default]\naws_access_key_id = AKIAWRONG\naws_secret_access_key = s\n"+
			"[warroom]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = s\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
		t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
		if rec := ok(t, aws.Settings{AuthType: aws.AuthCredentials, Profile: "warroom"}); rec.keys[0] != "AKIAPROFILE" {
			t.Fatalf("signed with %v", rec.keys)
		}
	})
	t.Run("assume role with external id", func(t *testing.T) {
		rec := ok(t, aws.Settings{AuthType: aws.AuthKeys, AccessKey: "AKIABASE", SecretKey: "s",
			AssumeRoleARN: "arn:aws:iam::123456789012:role/warroom-diagnostics", ExternalID: "warroom-ext-42"})
		if len(rec.sts) != 1 || !strings.Contains(rec.sts[0], "ExternalId=warroom-ext-42") ||
			!strings.Contains(rec.sts[0], "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fwarroom-diagnostics") {
			t.Fatalf("AssumeRole calls %v", rec.sts)
		}
		// STS is signed with the base key, the diagnostic with the role's.
		if len(rec.keys) != 2 || rec.keys[0] != "AKIABASE" || rec.keys[1] == "AKIABASE" || !strings.HasPrefix(rec.keys[1], "ASIA") {
			t.Fatalf("signed with %v", rec.keys)
		}
	})
}

// A container name with shell syntax never reaches SSM.
func testSSMRefuses(t *testing.T, moto string, w testmoto.World) {
	var ssmCalls int32Counter
	ep := testmoto.Proxy(t, moto, func(_ http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonSSM.") {
			ssmCalls.add()
		}
		return false
	})
	target := diagnostics.AWSTarget{Region: testmoto.Region, AutoScalingGroup: w.Target.AutoScalingGroup,
		ContainerName: "statux-api; curl http://169.254.169.254/"}
	f := run(t, provider(t, ep, aws.Settings{}, aws.Options{}), target)[diagnostics.CheckAWSSSMDockerLogs]
	if f.Status != diagnostics.StatusError || !strings.Contains(f.Error, "not a docker container name; not sent") || ssmCalls.get() != 0 {
		t.Fatalf("%s %q, %d SSM calls", f.Status, f.Error, ssmCalls.get())
	}
}

func TestDockerLogsCommand(t *testing.T) {
	cmd, err := aws.DockerLogsCommand("statux-alerts-api")
	if err != nil || cmd != "docker logs statux-alerts-api --tail 100 --since 5m" {
		t.Fatalf("%q %v", cmd, err)
	}
	for _, bad := range []string{"", "-rm", "a b", "a;b", "a$(id)", "a`id`", "a|b", "a\nb", "a&&b", "../x", strings.Repeat("a", 129)} {
		if _, err := aws.DockerLogsCommand(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	good := []aws.Settings{{}, {AuthType: aws.AuthKeys, AccessKey: "a", SecretKey: "b"}, {AuthType: aws.AuthCredentials, Profile: "p"},
		{AuthType: aws.AuthDefault, AssumeRoleARN: "arn:aws:iam::1:role/r", ExternalID: "x", Endpoint: "http://127.0.0.1:5000"}}
	for _, s := range good {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
	bad := []aws.Settings{{AuthType: "grafana_assume_role"}, {AuthType: aws.AuthKeys, AccessKey: "a"},
		{ExternalID: "x"}, {Endpoint: "file:///etc"}}
	for _, s := range bad {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

// grafanaSends is the ctx of a plugin request whose GrafanaConfig holds m.
func grafanaSends(m map[string]string) context.Context {
	return config.WithGrafanaConfig(context.Background(), config.NewGrafanaCfg(m))
}

// Inside a plugin request, Grafana's [aws] settings apply as they do to
// Grafana's own AWS data sources.
func TestGrafanaAWSPolicyApplies(t *testing.T) {
	ctx := grafanaSends(map[string]string{
		awsds.AllowedAuthProvidersEnvVarKeyName: "default,credentials", awsds.AssumeRoleEnabledEnvVarKeyName: "false"})
	keys, _ := aws.New(aws.Settings{AuthType: aws.AuthKeys, AccessKey: "a", SecretKey: "b", DefaultRegion: "us-east-1"}, aws.Options{})
	if _, err := keys.Config(ctx, ""); err == nil || !strings.Contains(err.Error(), `auth type "keys" is not allowed by Grafana`) {
		t.Fatalf("keys under a default,credentials policy: %v", err)
	}
	role, _ := aws.New(aws.Settings{AuthType: aws.AuthDefault, AssumeRoleARN: "arn:aws:iam::1:role/r", DefaultRegion: "us-east-1"}, aws.Options{})
	if _, err := role.Config(ctx, ""); err == nil || !strings.Contains(err.Error(), "assume role is disabled") {
		t.Fatalf("assume role with assume_role_enabled=false: %v", err)
	}
}

// Grafana forwards its [aws] settings only to the plugins listed in
// forward_settings_to_plugins. Without them the policy is the restrictive
// side, not awsds's permissive defaults: access keys only, no assume role.
func TestGrafanaAWSPolicyIsRestrictiveWhenNotForwarded(t *testing.T) {
	for name, ctx := range map[string]context.Context{
		"no request":             context.Background(),
		"request, not forwarded": grafanaSends(map[string]string{config.AppURL: "http://grafana:3000/"}),
		// An AssumeRoleEnabled without the providers is not Grafana's forwarding
		// (which always sends the providers): still restrictive.
		"only assume role sent": grafanaSends(map[string]string{awsds.AssumeRoleEnabledEnvVarKeyName: "true"}),
	} {
		t.Run(name, func(t *testing.T) {
			pol, forwarded := aws.GrafanaPolicy(ctx)
			if forwarded || !slices.Equal(pol.AllowedAuthProviders, []string{aws.AuthKeys}) || pol.AssumeRoleEnabled {
				t.Fatalf("policy %v forwarded=%v, want keys only, assume role off", pol, forwarded)
			}
			keys, _ := aws.New(aws.Settings{AuthType: aws.AuthKeys, AccessKey: "a", SecretKey: "b", DefaultRegion: "us-east-1"}, aws.Options{})
			if _, err := keys.Config(ctx, ""); err != nil {
				t.Fatalf("access keys are allowed: %v", err)
			}
			for _, at := range []string{"", aws.AuthDefault, aws.AuthCredentials, aws.AuthEC2IAMRole} {
				p, _ := aws.New(aws.Settings{AuthType: at, DefaultRegion: "us-east-1"}, aws.Options{})
				_, err := p.Config(ctx, "")
				if err == nil || !strings.Contains(err.Error(), "forward_settings_to_plugins") || !strings.Contains(err.Error(), aws.PluginID) {
					t.Fatalf("auth type %q without Grafana's policy: %v", at, err)
				}
			}
			role, _ := aws.New(aws.Settings{AuthType: aws.AuthKeys, AccessKey: "a", SecretKey: "b",
				AssumeRoleARN: "arn:aws:iam::1:role/r", DefaultRegion: "us-east-1"}, aws.Options{})
			if _, err := role.Config(ctx, ""); err == nil || !strings.Contains(err.Error(), "assume role is off") {
				t.Fatalf("assume role without Grafana's policy: %v", err)
			}
		})
	}
}

// Forwarded: Grafana's lists apply, and an absent AssumeRoleEnabled is
// Grafana's default (it sends the variable only when it is false).
func TestGrafanaAWSPolicyForwarded(t *testing.T) {
	pol, forwarded := aws.GrafanaPolicy(grafanaSends(map[string]string{awsds.AllowedAuthProvidersEnvVarKeyName: "default, ec2_iam_role"}))
	if !forwarded || !slices.Equal(pol.AllowedAuthProviders, []string{"default", "ec2_iam_role"}) || !pol.AssumeRoleEnabled {
		t.Fatalf("%v forwarded=%v", pol, forwarded)
	}
	pol, _ = aws.GrafanaPolicy(grafanaSends(map[string]string{awsds.AllowedAuthProvidersEnvVarKeyName: "keys",
		awsds.AssumeRoleEnabledEnvVarKeyName: "false"}))
	if pol.AssumeRoleEnabled {
		t.Fatal("assume_role_enabled = false was not applied")
	}
	role, _ := aws.New(aws.Settings{AuthType: aws.AuthDefault, AssumeRoleARN: "arn:aws:iam::1:role/r", DefaultRegion: "us-east-1"}, aws.Options{})
	if _, err := role.Config(grafanaSends(map[string]string{awsds.AllowedAuthProvidersEnvVarKeyName: "default,keys,credentials"}), ""); err != nil {
		t.Fatalf("default chain with assume role under Grafana's default policy: %v", err)
	}
}
