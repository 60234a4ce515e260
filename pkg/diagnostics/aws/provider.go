package aws

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Defaults of Options.
const (
	DefaultMaxAttempts  = 3
	DefaultMaxBackoff   = 2 * time.Second
	DefaultLogWindow    = 15 * time.Minute
	DefaultMetricWindow = 15 * time.Minute
	DefaultLogErrorWarn = 10
	DefaultLogErrorCrit = 100
	DefaultSSMWait      = 20 * time.Second
)

// Options tune the checks; zero values take the defaults.
type Options struct {
	MaxAttempts  int            // per API call, including the first (SDK standard retryer)
	MaxBackoff   time.Duration  // cap of the retryer's jittered backoff
	LogWindow    time.Duration  // how far back the log checks look
	MetricWindow time.Duration  // how far back the CloudWatch checks look
	LogErrorWarn int            // error lines in LogWindow for a warning
	LogErrorCrit int            // ... for critical
	SSMWait      time.Duration  // how long to wait for docker logs over SSM
	HTTPClient   aws.HTTPClient // nil: the SDK's buildable client (honours AWS_CA_BUNDLE)
	// CloudWatchJSON talks awsJson1_0 to CloudWatch instead of the SDK's
	// default rpcv2Cbor, for emulators (moto 5.2) and proxies that do not
	// route CBOR. AWS serves both.
	CloudWatchJSON bool
}

func (o Options) withDefaults() Options {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	def(&o.MaxBackoff, DefaultMaxBackoff)
	def(&o.LogWindow, DefaultLogWindow)
	def(&o.MetricWindow, DefaultMetricWindow)
	def(&o.SSMWait, DefaultSSMWait)
	if o.LogErrorWarn <= 0 {
		o.LogErrorWarn = DefaultLogErrorWarn
	}
	if o.LogErrorCrit <= 0 {
		o.LogErrorCrit = DefaultLogErrorCrit
	}
	return o
}

// Provider makes AWS configs and checks from one set of settings.
type Provider struct {
	settings Settings
	opts     Options
	configs  sync.Map // region -> aws.Config; credentials refresh inside
}

// New validates the settings and returns a provider.
func New(s Settings, o Options) (*Provider, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Provider{settings: s, opts: o.withDefaults()}, nil
}

// Config returns the SDK config of a region, with credentials resolved by
// awsauth (see loadConfig) and a retryer that gives up after MaxAttempts.
// Grafana's [aws] policy comes from ctx (GrafanaPolicy): what Grafana
// forwarded in a plugin request, or, when it forwarded nothing (not listed
// in forward_settings_to_plugins, or no request), only access keys and no
// assume role. The policy is checked on every call; the loaded config
// is cached per region so that an assumed role is not re-assumed per check.
func (p *Provider) Config(ctx context.Context, region string) (aws.Config, error) {
	if region == "" {
		region = p.settings.DefaultRegion
	}
	if region == "" {
		return aws.Config{}, errors.New("no AWS region: set the target's region or the default region")
	}
	var cfg aws.Config
	if cached, ok := p.configs.Load(region); ok {
		if _, err := p.policy(ctx); err != nil {
			return aws.Config{}, err
		}
		cfg = cached.(aws.Config)
	} else {
		loaded, err := p.loadConfig(ctx, region)
		if err != nil {
			return aws.Config{}, err
		}
		p.configs.Store(region, loaded)
		cfg = loaded
	}
	attempts, backoff := p.opts.MaxAttempts, p.opts.MaxBackoff
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			o.MaxBackoff = backoff
			// No client-side retry quota: every call gets its attempts, so
			// "throttled after N attempts" means exactly that.
			o.RateLimiter = ratelimit.None
		})
	}
	return cfg, nil
}

// Options returns the effective options.
func (p *Provider) Options() Options { return p.opts }

// awsCheck is a check that needs the config of its target's region.
func (p *Provider) check(id, title, service, region string, fn func(ctx context.Context, cfg aws.Config, f *diagnostics.Finding) error) diagnostics.Check {
	return diagnostics.NewCheck(id, title, service, func(ctx context.Context, f *diagnostics.Finding) error {
		cfg, err := p.Config(ctx, region)
		if err != nil {
			return err
		}
		return explain(fn(ctx, cfg, f))
	})
}

// Checks returns the checks of every resource the target names.
func (p *Provider) Checks(service string, t diagnostics.AWSTarget) []diagnostics.Check {
	var cs []diagnostics.Check
	add := func(cond bool, c func() diagnostics.Check) {
		if cond {
			cs = append(cs, c())
		}
	}
	add(t.TargetGroupARN != "", func() diagnostics.Check { return p.targetHealth(service, t) })
	add(t.AutoScalingGroup != "", func() diagnostics.Check { return p.autoScaling(service, t) })
	add(t.AutoScalingGroup != "", func() diagnostics.Check { return p.asgInstances(service, t) })
	add(t.ECSCluster != "" && t.ECSService != "", func() diagnostics.Check { return p.ecsService(service, t) })
	add(t.ECSCluster != "" && t.ECSService != "", func() diagnostics.Check { return p.ecsUtilization(service, t) })
	add(t.ECRRepository != "", func() diagnostics.Check { return p.ecrImages(service, t) })
	add(t.RDSInstance != "", func() diagnostics.Check { return p.rdsInstance(service, t) })
	add(t.RDSInstance != "", func() diagnostics.Check { return p.rdsConnections(service, t) })
	add(t.RDSCluster != "", func() diagnostics.Check { return p.rdsCluster(service, t) })
	add(t.LogGroup != "", func() diagnostics.Check { return p.logErrors(service, t) })
	add(t.AutoScalingGroup != "" && t.ContainerName != "", func() diagnostics.Check { return p.dockerLogs(service, t) })
	add(t.ElastiCacheCluster != "", func() diagnostics.Check { return p.elastiCache(service, t) })
	return cs
}
