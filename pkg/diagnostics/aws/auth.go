package aws

import (
	"context"
	"fmt"
	"net"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/grafana/grafana-aws-sdk/pkg/awsauth"
	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	grafanaconfig "github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
)

// loadConfig builds a config from awsauth's parts rather than through
// awsauth.ConfigProvider.GetConfig, for one reason: GetConfig always
// installs a plain *http.Client, and the SDK then refuses to load whenever
// AWS_CA_BUNDLE is set ("unable to add custom RootCAs HTTPClient, has no
// WithTransportOptions") — the case of every Grafana behind a TLS-inspecting
// proxy, and of this workplace. Everything else is awsauth's: the Grafana
// [aws] policy read from ctx (GrafanaPolicy: restrictive when absent), the
// region, endpoint and user-agent options, and the credential options of
// each auth type including assume role with an external id.
func (p *Provider) loadConfig(ctx context.Context, region string) (aws.Config, error) {
	as := p.settings.authSettings(region)
	at := as.GetAuthType()
	grafana, err := p.policy(ctx)
	if err != nil {
		return aws.Config{}, err
	}
	base := append(as.BaseOptions(), p.httpClientOption())
	opts := base
	switch at {
	case awsauth.AuthTypeKeys:
		opts = append(opts, as.WithStaticCredentials(sdk{}))
	case awsauth.AuthTypeSharedCreds:
		opts = append(opts, as.WithSharedCredentials())
	case awsauth.AuthTypeEC2IAMRole:
		opts = append(opts, as.WithEC2RoleCredentials(sdk{}))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		// The SDK's text can quote shared-config file paths and profiles.
		return cfg, &SafeError{Msg: fmt.Sprintf("could not load the AWS configuration (auth type %s): check the Warroom AWS settings", at), err: err}
	}
	if as.AssumeRoleARN == "" {
		return cfg, nil
	}
	// The role is assumed with the credentials above; the STS client goes
	// to the same endpoint override, which is how moto sees it in tests.
	cfg, err = config.LoadDefaultConfig(ctx, append(base, as.WithAssumeRole(cfg, sdk{}, grafana.SessionDuration))...)
	if err != nil {
		return cfg, &SafeError{Msg: "could not load the AWS configuration to assume the role: check the Warroom AWS settings", err: err}
	}
	return cfg, nil
}

// policy applies Grafana's [aws] settings, as awsauth.GetConfig does, with
// one difference: when Grafana forwarded none, the restrictive side.
func (p *Provider) policy(ctx context.Context) (*awsds.AuthSettings, error) {
	grafana, forwarded := GrafanaPolicy(ctx)
	at := p.settings.authSettings("").GetAuthType()
	if !slices.Contains(grafana.AllowedAuthProviders, string(at)) {
		if !forwarded {
			return nil, fmt.Errorf("AWS auth type %q is not allowed: Grafana has not forwarded its [aws] settings to Warroom, "+
				"so only %v are allowed and assume role is off (add %s to [aws] forward_settings_to_plugins)",
				at, grafana.AllowedAuthProviders, PluginID)
		}
		return nil, fmt.Errorf("AWS auth type %q is not allowed by Grafana ([aws] allowed_auth_providers = %v)",
			at, grafana.AllowedAuthProviders)
	}
	if p.settings.AssumeRoleARN != "" && !grafana.AssumeRoleEnabled {
		if !forwarded {
			return nil, fmt.Errorf("assume role is off: Grafana has not forwarded its [aws] settings to Warroom "+
				"(add %s to [aws] forward_settings_to_plugins; assume_role_enabled then applies)", PluginID)
		}
		return nil, fmt.Errorf("assume role is disabled in Grafana ([aws] assume_role_enabled)")
	}
	return grafana, nil
}

// PluginID is the id Grafana's [aws] forward_settings_to_plugins must list.
const PluginID = "warroom-incident-app"

// RestrictedAuthProviders are the auth types allowed when Grafana forwarded
// no [aws] settings: access keys an admin typed in, which grant only what
// they grant. "default", "credentials" and "ec2_iam_role" use the Grafana
// server's own identity (its environment, files or instance role), which
// Grafana's admin must allow explicitly.
var RestrictedAuthProviders = []string{AuthKeys}

// GrafanaPolicy is Grafana's [aws] policy for this plugin and whether
// Grafana forwarded it. Grafana sends its [aws] settings only to the plugins
// listed in [aws] forward_settings_to_plugins (pluginconfig/request.go
// PluginRequestConfig, envvars.go awsEnvVars), and then always sends
// AWS_AUTH_AllowedAuthProviders (allowed_auth_providers defaults to
// "default,keys,credentials"), but AWS_AUTH_AssumeRoleEnabled only when it is
// false. awsds reads an absent variable as its permissive default (those three
// providers, assume role on), which would let a Grafana that never forwarded
// its policy, or one that restricts its own AWS data sources, hand the
// server's credentials to this plugin. So: forwarded means
// AWS_AUTH_AllowedAuthProviders is present, and then awsds's reading holds
// (an absent AssumeRoleEnabled is Grafana's default, true); not forwarded
// means RestrictedAuthProviders and no assume role.
func GrafanaPolicy(ctx context.Context) (*awsds.AuthSettings, bool) {
	grafana, _ := awsds.ReadAuthSettingsFromContext(ctx)
	if grafanaconfig.GrafanaConfigFromContext(ctx).Get(awsds.AllowedAuthProvidersEnvVarKeyName) != "" {
		return grafana, true
	}
	grafana.AllowedAuthProviders = slices.Clone(RestrictedAuthProviders)
	grafana.AssumeRoleEnabled = false
	return grafana, false
}

// httpClientOption installs a client the SDK can add AWS_CA_BUNDLE to.
func (p *Provider) httpClientOption() awsauth.LoadOptionsFunc {
	return func(o *config.LoadOptions) error {
		switch {
		case p.opts.HTTPClient != nil:
			o.HTTPClient = p.opts.HTTPClient
		case p.settings.Endpoint != "" && p.settings.AuthType == AuthKeys:
			// An endpoint override is dialled under the health check's
			// address policy, so a name that resolves to the metadata
			// service is refused at connect time. Only with access keys:
			// the other auth types may need the instance metadata service
			// for credentials through this same client.
			o.HTTPClient = awshttp.NewBuildableClient().WithDialerOptions(func(d *net.Dialer) {
				d.Control = httpcheck.DialControl(true)
			})
		default:
			o.HTTPClient = awshttp.NewBuildableClient()
		}
		return nil
	}
}

// sdk is awsauth.AWSAPIClient over the real SDK (awsauth's own is unexported).
type sdk struct{}

var _ awsauth.AWSAPIClient = sdk{}

func (sdk) LoadDefaultConfig(ctx context.Context, o ...awsauth.LoadOptionsFunc) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx, o...)
}
func (sdk) NewStaticCredentialsProvider(key, secret, session string) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(key, secret, session)
}
func (sdk) NewSTSClientFromConfig(cfg aws.Config) stscreds.AssumeRoleAPIClient {
	return sts.NewFromConfig(cfg)
}
func (sdk) NewAssumeRoleProvider(c stscreds.AssumeRoleAPIClient, arn string, o ...func(*stscreds.AssumeRoleOptions)) aws.CredentialsProvider {
	return stscreds.NewAssumeRoleProvider(c, arn, o...)
}
func (sdk) NewCredentialsCache(p aws.CredentialsProvider, o ...func(*aws.CredentialsCacheOptions)) aws.CredentialsProvider {
	return aws.NewCredentialsCache(p, o...)
}
func (sdk) NewEC2RoleCreds() aws.CredentialsProvider { return ec2rolecreds.New() }
