// Package catalog is the service catalog of the app settings: what each
// service is called, how to query its error rate and latency, its health URL,
// its AWS resources and the name of its PostgreSQL target. Pure: no I/O.
package catalog

import "strings"

// Catalog is the app's jsonData "services" array with the "queries" that
// fill the standard PromQL templates.
type Catalog struct {
	Services []Service `json:"services"`
	Queries  Queries   `json:"queries"`
}

// Service is one catalogued service.
type Service struct {
	// Name is unique, lower case: [a-z0-9][a-z0-9-_.]*.
	Name string `json:"name"`
	// Selector is PromQL label matchers without braces, e.g.
	// `service="checkout",env="prod"`; it fills the standard templates.
	Selector string `json:"selector,omitempty"`
	// ErrorRateQuery and LatencyQuery are full PromQL overriding the
	// templates, for services whose metrics do not follow the convention.
	ErrorRateQuery string        `json:"errorRateQuery,omitempty"`
	LatencyQuery   string        `json:"latencyQuery,omitempty"`
	HealthURL      string        `json:"healthUrl,omitempty"`
	AWS            *AWSResources `json:"aws,omitempty"`
	// Postgres is the NAME of a PostgreSQL target; its DSN lives in secure
	// settings under "postgres.<name>", never here.
	Postgres string `json:"postgres,omitempty"`
}

// AWSResources are the identifiers the read-only diagnostics look at.
type AWSResources struct {
	Region             string `json:"region,omitempty"`
	AutoScalingGroup   string `json:"autoScalingGroup,omitempty"`
	TargetGroupARN     string `json:"targetGroupArn,omitempty"`
	ECSCluster         string `json:"ecsCluster,omitempty"`
	ECSService         string `json:"ecsService,omitempty"`
	ECRRepository      string `json:"ecrRepository,omitempty"`
	LogGroup           string `json:"logGroup,omitempty"`
	RDSInstance        string `json:"rdsInstance,omitempty"`
	RDSCluster         string `json:"rdsCluster,omitempty"`
	ContainerName      string `json:"containerName,omitempty"`
	ElastiCacheCluster string `json:"elastiCacheCluster,omitempty"`
}

// Queries says how the standard templates are filled. Empty fields take the
// defaults of the common Prometheus HTTP conventions.
type Queries struct {
	RequestsMetric string `json:"requestsMetric"` // counter, default http_requests_total
	StatusLabel    string `json:"statusLabel"`    // default status
	DurationMetric string `json:"durationMetric"` // histogram without _bucket, default http_request_duration_seconds
	RateWindow     string `json:"rateWindow"`     // PromQL duration, default 5m
}

// Defaults of Queries.
const (
	DefaultRequestsMetric = "http_requests_total"
	DefaultStatusLabel    = "status"
	DefaultDurationMetric = "http_request_duration_seconds"
	DefaultRateWindow     = "5m"
)

// WithDefaults fills empty Queries fields.
func (c Catalog) WithDefaults() Catalog {
	q := &c.Queries
	for _, f := range []struct {
		v   *string
		def string
	}{
		{&q.RequestsMetric, DefaultRequestsMetric},
		{&q.StatusLabel, DefaultStatusLabel},
		{&q.DurationMetric, DefaultDurationMetric},
		{&q.RateWindow, DefaultRateWindow},
	} {
		if strings.TrimSpace(*f.v) == "" {
			*f.v = f.def
		}
	}
	return c
}

// Service returns the catalogued service called name.
func (c Catalog) Service(name string) (Service, bool) {
	for _, s := range c.Services {
		if s.Name == name {
			return s, true
		}
	}
	return Service{}, false
}

// ErrorRateQuery is the 5xx share of requests: the service's override, or
// sum(rate(REQ{SEL,STATUS=~"5.."}[W])) / sum(rate(REQ{SEL}[W])).
func (c Catalog) ErrorRateQuery(s Service) string {
	if q := strings.TrimSpace(s.ErrorRateQuery); q != "" {
		return q
	}
	q := c.WithDefaults().Queries
	errSel := joinMatchers(s.Selector, q.StatusLabel+`=~"5.."`)
	return "sum(rate(" + q.RequestsMetric + "{" + errSel + "}[" + q.RateWindow + "])) / " +
		"sum(rate(" + q.RequestsMetric + "{" + joinMatchers(s.Selector) + "}[" + q.RateWindow + "]))"
}

// LatencyQuery is p99 latency in seconds: the service's override, or
// histogram_quantile(0.99, sum by (le) (rate(DUR_bucket{SEL}[W]))).
func (c Catalog) LatencyQuery(s Service) string {
	if q := strings.TrimSpace(s.LatencyQuery); q != "" {
		return q
	}
	q := c.WithDefaults().Queries
	return "histogram_quantile(0.99, sum by (le) (rate(" + q.DurationMetric + "_bucket{" +
		joinMatchers(s.Selector) + "}[" + q.RateWindow + "])))"
}

// joinMatchers joins non-empty matcher lists; a selector written with a
// trailing comma must not produce ",,".
func joinMatchers(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimRight(strings.TrimSpace(p), ", \t\n"); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ",")
}
