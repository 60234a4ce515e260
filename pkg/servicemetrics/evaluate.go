// Package servicemetrics runs the catalog's error-rate and latency queries
// of services through Prometheus. Sources.Suggest turns the answers into
// correlation signals (one metric series of one service) and so a suggested
// severity; Sources.Graphs into the incident page's graphs. Query failures
// become unavailable signals, not errors, so a down Prometheus yields an
// "unavailable" result that says why instead of a failed request.
package servicemetrics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/correlation"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
)

// Querier is the part of the Prometheus client Evaluate needs.
type Querier interface {
	QueryRange(ctx context.Context, query string, start, end time.Time, step time.Duration) ([]prometheus.Series, error)
}

var _ Querier = (*prometheus.Client)(nil)

// Request names the services to evaluate over [From, To].
type Request struct {
	Services []string
	From, To time.Time
	// Step 0 chooses about TargetPoints points over the window, at least 1s.
	Step time.Duration
}

// TargetPoints is how many points a window gets when Request.Step is 0:
// enough to see a 5-minute breach in a day-long window, few enough to be
// cheap for Prometheus.
const TargetPoints = 300

// Concurrency bounds the queries in flight per evaluation, so one large
// incident cannot flood Prometheus.
const Concurrency = 8

// Evaluate queries both signals of every requested service, concurrently,
// and returns the engine's verdict. It returns an error only for a request
// that cannot be evaluated (unknown service, empty window) or when ctx is
// cancelled; Prometheus failures and deadlines show up in Result.Unavailable
// and Result.Why.
func Evaluate(ctx context.Context, q Querier, cat catalog.Catalog, pol policy.Policy, req Request) (correlation.Result, error) {
	services, err := resolve(cat, req.Services)
	if err != nil {
		return correlation.Result{}, err
	}
	if !req.From.Before(req.To) {
		return correlation.Result{}, errors.New("the window must end after it starts")
	}
	if req.Step < 0 {
		return correlation.Result{}, errors.New("the step must not be negative")
	}
	// Prometheus reads times to the millisecond; the grid must match its answer.
	from, to := time.UnixMilli(req.From.UnixMilli()), time.UnixMilli(req.To.UnixMilli())
	step := req.Step
	if step == 0 {
		from, step = Plan(from, to, pol.Thresholds.SustainedFor.D())
	}
	out := make([]correlation.ServiceSignals, len(services))
	var wg sync.WaitGroup
	sem := make(chan struct{}, Concurrency)
	for i, svc := range services {
		out[i] = correlation.ServiceSignals{Service: svc.Name, Signals: []correlation.Signal{
			{Kind: correlation.ErrorRate, Query: cat.ErrorRateQuery(svc)},
			{Kind: correlation.Latency, Query: cat.LatencyQuery(svc)},
		}}
		for j := range out[i].Signals {
			sig := &out[i].Signals[j] // each goroutine owns one element
			wg.Go(func() {
				select {
				case sem <- struct{}{}:
					defer func() { <-sem }()
				case <-ctx.Done():
					sig.Points, sig.Err = nanPoints(from, to, step), deadlineMessage(ctx)
					return
				}
				series, err := q.QueryRange(ctx, sig.Query, from, to, step)
				sig.Points = toPoints(series, from, to, step)
				if err != nil {
					sig.Err = errMessage(err)
				}
			})
		}
	}
	wg.Wait()
	if errors.Is(ctx.Err(), context.Canceled) {
		return correlation.Result{}, ctx.Err() // the caller left: nobody reads a verdict
	}
	return correlation.Evaluate(correlation.Input{From: from, To: to, Step: step, Services: out, Policy: pol}), nil
}

// resolve looks the names up, dropping duplicates, and names every unknown one.
func resolve(cat catalog.Catalog, names []string) ([]catalog.Service, error) {
	if len(names) == 0 {
		return nil, errors.New("name at least one service")
	}
	var out []catalog.Service
	var unknown []string
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		s, ok := cat.Service(n)
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q", n))
			continue
		}
		out = append(out, s)
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("not in the service catalog: %s", strings.Join(unknown, ", "))
	}
	return out, nil
}

// MaxPoints stays under Prometheus' limit of 11,000 points per series.
const MaxPoints = 10000

// Plan chooses the step for a window: about TargetPoints points in whole
// seconds (Prometheus aligns and caches better on round steps), never
// coarser than a quarter of sustained (coarser samples could not show a
// breach that lasted exactly that long), at least 1 s. A window that would
// need more than MaxPoints at that step keeps its recent end, which matters
// most; the returned from says where it starts.
func Plan(from, to time.Time, sustained time.Duration) (time.Time, time.Duration) {
	step := (to.Sub(from) / TargetPoints).Round(time.Second)
	if limit := (sustained / 4).Truncate(time.Second); limit > 0 && step > limit {
		step = limit
	}
	step = max(step, time.Second)
	if to.Sub(from) > MaxPoints*step {
		from = to.Add(-MaxPoints * step)
	}
	return from, step
}

func errMessage(err error) string {
	var pe *prometheus.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

func deadlineMessage(ctx context.Context) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "Prometheus was not queried: the request deadline passed first"
	}
	return "Prometheus was not queried: the request was cancelled"
}

// toPoints puts series on the [from, to] grid. Several series (a query
// without a full aggregation) merge into their maximum per timestamp, since
// the worst instance is what an incident is about. Grid points without a
// finite sample are NaN, which the engine reads as "no data" and never as a
// breach: a service without series does not escalate.
func toPoints(series []prometheus.Series, from, to time.Time, step time.Duration) []correlation.Point {
	pts := nanPoints(from, to, step)
	for _, s := range series {
		for _, smp := range s.Samples {
			if math.IsNaN(smp.V) || math.IsInf(smp.V, 0) {
				continue
			}
			off := smp.T.Sub(from)
			i := int((off + step/2) / step)
			if off < 0 || i >= len(pts) || (off-time.Duration(i)*step).Abs() > time.Millisecond {
				continue // not on the grid we asked for: a server that ignored start/step
			}
			if math.IsNaN(pts[i].V) || smp.V > pts[i].V {
				pts[i].V = smp.V
			}
		}
	}
	return pts
}

func nanPoints(from, to time.Time, step time.Duration) []correlation.Point {
	n := int(to.Sub(from)/step) + 1
	pts := make([]correlation.Point, n)
	for i := range pts {
		pts[i] = correlation.Point{T: from.Add(time.Duration(i) * step), V: math.NaN()}
	}
	return pts
}
