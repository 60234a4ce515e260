package catalog

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Limits that keep a provisioning mistake from becoming a huge settings blob.
const (
	MaxServices = 500
	MaxName     = 100
	MaxQuery    = 4000
)

var (
	serviceName = regexp.MustCompile(`^[a-z0-9][a-z0-9\-_.]*$`)
	targetName  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9\-_.]*$`)
	metricName  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelName   = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
	// promDuration is PromQL's duration syntax: units in decreasing order.
	promDuration = regexp.MustCompile(`^([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$`)
	awsRegion    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// Validate returns every problem of the catalog, each at its JSON path
// ("services[2].selector"), so the settings page can mark all of them.
func (c Catalog) Validate() []incident.FieldError {
	var errs []incident.FieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, incident.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if len(c.Services) > MaxServices {
		add("services", "at most %d services", MaxServices)
	}
	seen := map[string]int{}
	for i, s := range c.Services {
		at := fmt.Sprintf("services[%d]", i)
		switch {
		case s.Name == "":
			add(at+".name", "is required")
		case len(s.Name) > MaxName:
			add(at+".name", "at most %d characters", MaxName)
		case !serviceName.MatchString(s.Name):
			add(at+".name", "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit")
		}
		if j, dup := seen[s.Name]; dup && s.Name != "" {
			add(at+".name", "%q is already the name of services[%d]", s.Name, j)
		} else {
			seen[s.Name] = i
		}
		errs = append(errs, validateService(at, s)...)
	}
	errs = append(errs, c.Queries.validate("queries")...)
	return errs
}

// ValidateService checks one draft service (the set-up page's preview) with
// the catalog's own checks but its name, at paths relative to the service
// ("selector", "aws.region").
func ValidateService(s Service) []incident.FieldError { return validateService("", s) }

func validateService(at string, s Service) []incident.FieldError {
	var errs []incident.FieldError
	add := func(path, format string, args ...any) {
		if at != "" {
			path = at + "." + path
		}
		errs = append(errs, incident.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if s.Selector == "" && (s.ErrorRateQuery == "" || s.LatencyQuery == "") {
		add("selector", `set a selector such as job="checkout", or both errorRateQuery and latencyQuery`)
	}
	if s.Selector != "" {
		if msg := checkSelector(s.Selector); msg != "" {
			add("selector", "%s", msg)
		}
	}
	for _, q := range []struct{ field, v string }{{"errorRateQuery", s.ErrorRateQuery}, {"latencyQuery", s.LatencyQuery}} {
		if q.v == "" {
			continue
		}
		switch {
		case strings.TrimSpace(q.v) == "":
			add(q.field, "is blank: remove it to use the standard template, or write the PromQL")
		case len(q.v) > MaxQuery:
			add(q.field, "at most %d characters", MaxQuery)
		case !balanced(q.v):
			add(q.field, "brackets, braces, parentheses or quotes do not balance")
		}
	}
	if s.HealthURL != "" {
		if msg := checkHealthURL(s.HealthURL); msg != "" {
			add("healthUrl", "%s", msg)
		}
	}
	if s.AWS != nil {
		if s.AWS.Region != "" && !awsRegion.MatchString(s.AWS.Region) {
			add("aws.region", "%q is not an AWS region such as us-east-1", s.AWS.Region)
		}
		if s.AWS.TargetGroupARN != "" && !strings.HasPrefix(s.AWS.TargetGroupARN, "arn:") {
			add("aws.targetGroupArn", "must be an ARN (arn:aws:elasticloadbalancing:…:targetgroup/…)")
		}
	}
	if s.Postgres != "" {
		switch {
		case strings.Contains(s.Postgres, "://") || strings.ContainsAny(s.Postgres, "= @"):
			add("postgres", `is the name of a PostgreSQL target, never a DSN: put the DSN in secure settings as "postgres.<name>"`)
		case len(s.Postgres) > MaxName || !targetName.MatchString(s.Postgres):
			add("postgres", "use letters, digits, '-', '_' and '.' (at most %d)", MaxName)
		}
	}
	return errs
}

// checkSelector returns why a selector is unusable, or "".
func checkSelector(sel string) string {
	ms, err := ParseSelector(sel)
	if err != nil {
		return fmt.Sprintf(`must be label matchers such as service="checkout",env="prod": %v`, err)
	}
	// A selector every series matches would attribute every alert and panel
	// to this service (and Prometheus rejects it without a metric name).
	for _, m := range ms {
		if !m.Matches("") {
			return ""
		}
	}
	return "needs at least one matcher that does not match an empty value, such as job=\"checkout\""
}

func checkHealthURL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https"):
		return "must be an absolute http:// or https:// URL"
	case u.Host == "" || u.Hostname() == "":
		return "must name a host"
	case u.User != nil:
		// jsonData is readable by every viewer of the org; secrets belong in
		// secure settings.
		return "must not contain credentials"
	}
	return ""
}

func (q Queries) validate(at string) []incident.FieldError {
	var errs []incident.FieldError
	add := func(path, msg string) {
		errs = append(errs, incident.FieldError{Path: at + "." + path, Message: msg})
	}
	if q.RequestsMetric != "" && !metricName.MatchString(q.RequestsMetric) {
		add("requestsMetric", "must be a Prometheus metric name such as http_requests_total")
	}
	if q.DurationMetric != "" && !metricName.MatchString(q.DurationMetric) {
		add("durationMetric", "must be a Prometheus histogram name without _bucket, such as http_request_duration_seconds")
	} else if strings.HasSuffix(q.DurationMetric, "_bucket") {
		add("durationMetric", "leave out _bucket: it is appended for histogram_quantile")
	}
	if q.StatusLabel != "" && !labelName.MatchString(q.StatusLabel) {
		add("statusLabel", "must be a Prometheus label name such as status or code")
	}
	if q.RateWindow != "" && (!promDuration.MatchString(q.RateWindow) || onlyZeros(q.RateWindow)) {
		add("rateWindow", "must be a PromQL duration greater than zero, such as 30s, 5m or 1h")
	}
	return errs
}

// onlyZeros reports a duration whose every number is zero ("0s", "0m0s").
func onlyZeros(d string) bool {
	return strings.Trim(d, "0ywdhms") == ""
}
