package servicemetrics

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"sync"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
)

// MetricSeries is one series of a graph; values are null where Prometheus
// had no sample (JSON has no NaN).
type MetricSeries struct {
	Labels map[string]string `json:"labels"`
	Points []GraphPoint      `json:"points"`
}

// GraphPoint encodes as [epoch ms, value|null].
type GraphPoint struct {
	T time.Time
	V float64
}

func (p GraphPoint) MarshalJSON() ([]byte, error) {
	var v any
	if !math.IsNaN(p.V) && !math.IsInf(p.V, 0) {
		v = p.V
	}
	return json.Marshal([2]any{p.T.UnixMilli(), v})
}

// MetricQuery is one query's result, or why it failed.
type MetricQuery struct {
	Query  string         `json:"query"`
	Series []MetricSeries `json:"series"`
	Error  string         `json:"error,omitempty"`
}

// ServiceMetrics are the two graphs of one service.
type ServiceMetrics struct {
	Service   string      `json:"service"`
	ErrorRate MetricQuery `json:"errorRate"`
	Latency   MetricQuery `json:"latency"`
}

// Graphs runs both queries (error rate, p99 latency) of every service at
// once; a failed query is reported on its graph and never fails the others.
// Querier must be set.
func (s Sources) Graphs(ctx context.Context, svcs []catalog.Service, from, to time.Time, step time.Duration) []ServiceMetrics {
	ctx, cancel := context.WithTimeout(ctx, s.BudgetOrDefault())
	defer cancel()
	out := make([]ServiceMetrics, len(svcs))
	var wg sync.WaitGroup
	run := func(dst *MetricQuery, query string) {
		defer wg.Done()
		*dst = MetricQuery{Query: query, Series: []MetricSeries{}}
		series, err := s.Querier.QueryRange(ctx, query, from, to, step)
		if err != nil {
			dst.Error = QueryErrorText(err)
			return
		}
		for _, ser := range series {
			pts := make([]GraphPoint, len(ser.Samples))
			for i, p := range ser.Samples {
				pts[i] = GraphPoint{T: p.T, V: p.V}
			}
			dst.Series = append(dst.Series, MetricSeries{Labels: ser.Labels, Points: pts})
		}
	}
	for i, svc := range svcs {
		out[i].Service = svc.Name
		wg.Add(2)
		go run(&out[i].ErrorRate, s.Catalog.ErrorRateQuery(svc))
		go run(&out[i].Latency, s.Catalog.LatencyQuery(svc))
	}
	wg.Wait()
	return out
}

// QueryErrorText keeps Prometheus client errors (written for users) and
// hides anything else.
func QueryErrorText(err error) string {
	var pe *prometheus.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "Prometheus did not answer in time"
	}
	return "the query failed"
}
