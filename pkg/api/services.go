package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
)

// Bounds of label discovery: enough for a picker, never a whole TSDB.
const (
	MaxLabelNames  = 500
	MaxLabelValues = 1000
)

// PrometheusLabels are the label names of the requests metric's series over
// the last hour (GET /prometheus/labels), sorted, without __name__.
type PrometheusLabels struct {
	Labels []string `json:"labels"`
	// Truncated says there were more than MaxLabelNames.
	Truncated bool `json:"truncated"`
}

// PrometheusLabelValues are the values of one label on the requests
// metric's series over the last hour, sorted.
type PrometheusLabelValues struct {
	Label  string   `json:"label"`
	Values []string `json:"values"`
	// Truncated says there were more than MaxLabelValues.
	Truncated bool `json:"truncated"`
}

// ServicePreviewRequest is a draft catalog service, as in jsonData.services[i].
type ServicePreviewRequest struct {
	Service catalog.Service `json:"service"`
}

// ServicePreview is the draft service's error rate and p99 latency over the
// last hour with the policy's thresholds, so a wrong selector shows before
// it is saved. Fields are warnings at paths relative to the service (a
// selector no series match); Reason says why there is nothing to draw.
type ServicePreview struct {
	From       time.Time                     `json:"from"`
	To         time.Time                     `json:"to"`
	StepMs     int64                         `json:"stepMs"`
	Thresholds Thresholds                    `json:"thresholds"`
	Service    servicemetrics.ServiceMetrics `json:"service"`
	Fields     []incident.FieldError         `json:"fields"`
	Reason     string                        `json:"reason,omitempty"`
}

// PrometheusSetup is what the set-up pages ask of the configured Prometheus:
// label discovery and a readiness check.
type PrometheusSetup interface {
	LabelNames(ctx context.Context, match string, start, end time.Time, limit int) (prometheus.Labels, error)
	LabelValues(ctx context.Context, name, match string, start, end time.Time, limit int) (prometheus.Labels, error)
	Ready(ctx context.Context) error
}

// Prometheus is the set-up side of the metrics' own client (a
// *prometheus.Client serves both); nil when Prometheus is not configured.
func (a *API) Prometheus() PrometheusSetup {
	p, _ := a.Metrics.Querier.(PrometheusSetup)
	return p
}

// discoveryWindow is how far back label discovery and the preview look.
const discoveryWindow = time.Hour

func (a *API) prometheusLabels(r *http.Request, _ Identity) (int, any, error) {
	labels, err := a.discover(r.Context(), func(ctx context.Context, p PrometheusSetup, match string, from, to time.Time) (prometheus.Labels, error) {
		return p.LabelNames(ctx, match, from, to, MaxLabelNames)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, PrometheusLabels{Labels: labels.Items, Truncated: labels.Truncated}, nil
}

func (a *API) prometheusLabelValues(r *http.Request, _ Identity) (int, any, error) {
	name := r.PathValue("name")
	if !prometheus.ValidLabelName(name) {
		return 0, nil, invalid("not a Prometheus label name", fieldError("name", "must be a Prometheus label name such as service or job"))
	}
	values, err := a.discover(r.Context(), func(ctx context.Context, p PrometheusSetup, match string, from, to time.Time) (prometheus.Labels, error) {
		return p.LabelValues(ctx, name, match, from, to, MaxLabelValues)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, PrometheusLabelValues{Label: name, Values: values.Items, Truncated: values.Truncated}, nil
}

// discover runs one label request on the series of the catalog's requests
// metric over the last hour, within the metrics budget.
func (a *API) discover(ctx context.Context, ask func(context.Context, PrometheusSetup, string, time.Time, time.Time) (prometheus.Labels, error)) (prometheus.Labels, error) {
	p := a.Prometheus()
	if p == nil {
		why := a.Metrics.Unconfigured
		if why == "" {
			why = "Prometheus is not configured"
		}
		return prometheus.Labels{}, codeError(CodePrometheusUnavailable, why)
	}
	ctx, cancel := context.WithTimeout(ctx, a.Metrics.BudgetOrDefault())
	defer cancel()
	to := a.Now().UTC()
	out, err := ask(ctx, p, a.Metrics.Catalog.WithDefaults().Queries.RequestsMetric, to.Add(-discoveryWindow), to)
	if err != nil {
		return prometheus.Labels{}, codeError(CodePrometheusUnavailable, servicemetrics.QueryErrorText(err))
	}
	return out, nil
}

func (a *API) previewService(r *http.Request, id Identity) (int, any, error) {
	var req ServicePreviewRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, relativeTo("service", err)
	}
	svc := req.Service
	if errs := catalog.ValidateService(svc); len(errs) > 0 {
		return 0, nil, invalid("the service is not valid", errs...)
	}
	pol, err := policystore.Current(r.Context(), a.Store, id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	to := a.Now().UTC()
	step := discoveryWindow / graphPoints
	out := ServicePreview{From: to.Add(-discoveryWindow), To: to, StepMs: step.Milliseconds(), Thresholds: thresholdsOf(pol.Thresholds),
		Service: emptyGraphs(svc.Name), Fields: []incident.FieldError{}}
	if a.Metrics.Querier == nil {
		out.Reason = a.Metrics.Unconfigured
		return http.StatusOK, out, nil
	}
	out.Service = a.Metrics.Graphs(r.Context(), []catalog.Service{svc}, out.From, out.To, step)[0]
	out.Fields = previewWarnings(svc, out.Service)
	return http.StatusOK, out, nil
}

func emptyGraphs(name string) servicemetrics.ServiceMetrics {
	return servicemetrics.ServiceMetrics{Service: name,
		ErrorRate: servicemetrics.MetricQuery{Series: []servicemetrics.MetricSeries{}},
		Latency:   servicemetrics.MetricQuery{Series: []servicemetrics.MetricSeries{}}}
}

// previewWarnings points at the field that makes a graph empty or fail. A
// selector is blamed only when both of its graphs are empty: a healthy
// service may have no 5xx series, so an empty error rate alone proves
// nothing. A custom query is blamed for its own graph. Prometheus being down
// is no field's fault: the graphs carry that error.
func previewWarnings(svc catalog.Service, m servicemetrics.ServiceMetrics) []incident.FieldError {
	out := []incident.FieldError{}
	graphs := []struct {
		field, custom string
		q             servicemetrics.MetricQuery
	}{{"errorRateQuery", svc.ErrorRateQuery, m.ErrorRate}, {"latencyQuery", svc.LatencyQuery, m.Latency}}
	fromSelector, emptyFromSelector := 0, 0
	for _, g := range graphs {
		switch {
		case strings.TrimSpace(g.custom) == "":
			fromSelector++
			if g.q.Error == "" && len(g.q.Series) == 0 {
				emptyFromSelector++
			}
		case g.q.Error != "":
			out = append(out, fieldError(g.field, g.q.Error))
		case len(g.q.Series) == 0:
			out = append(out, fieldError(g.field, "returns no series over the last hour"))
		}
	}
	if fromSelector > 0 && emptyFromSelector == fromSelector {
		out = append(out, fieldError("selector", fmt.Sprintf("no series in Prometheus match {%s} over the last hour", svc.Selector)))
	}
	return out
}

// relativeTo re-roots the field paths of a request error under prefix, so
// the service form marks its own fields ("selector", not "service.selector").
func relativeTo(prefix string, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Fields = make([]incident.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if rest, ok := strings.CutPrefix(f.Path, prefix+"."); ok {
			f.Path = rest
		}
		out.Fields[i] = f
	}
	return &out
}
