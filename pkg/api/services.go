package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/incident"
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

func (a *API) prometheusLabels(r *http.Request, _ Identity) (int, any, error) {
	return http.StatusOK, PrometheusLabels{Labels: []string{}}, nil
}

func (a *API) prometheusLabelValues(r *http.Request, _ Identity) (int, any, error) {
	return http.StatusOK, PrometheusLabelValues{Label: r.PathValue("name"), Values: []string{}}, nil
}

func (a *API) previewService(r *http.Request, _ Identity) (int, any, error) {
	var req ServicePreviewRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, relativeTo("service", err)
	}
	return http.StatusOK, ServicePreview{Fields: []incident.FieldError{}}, nil
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
