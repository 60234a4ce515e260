package servicemetrics

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
)

// graphQuerier answers error-rate queries with one series and fails the
// others, with a message for users or with an error that is not one.
type graphQuerier struct{ at time.Time }

func (g graphQuerier) QueryRange(_ context.Context, q string, _, _ time.Time, _ time.Duration) ([]prometheus.Series, error) {
	switch {
	case strings.Contains(q, "5.."):
		return []prometheus.Series{{Labels: map[string]string{"service": "checkout"},
			Samples: []prometheus.Sample{{T: g.at, V: 0.25}, {T: g.at.Add(time.Minute), V: math.NaN()}}}}, nil
	case strings.Contains(q, "cart"):
		return nil, &prometheus.Error{Kind: prometheus.KindTimeout, Message: "Prometheus did not answer in 5s"}
	}
	return nil, errors.New("dial tcp 10.0.0.7:9090: connection refused")
}

// Each graph carries its own series or its own error: a Prometheus error
// written for users is shown, anything else is not echoed; a missing
// sample is null.
func TestGraphsReportEachQueryOnItsOwn(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	cat := catalog.Catalog{Services: []catalog.Service{{Name: "checkout", Selector: `service="checkout"`}, {Name: "cart", Selector: `service="cart"`}}}
	s := Sources{Catalog: cat, Querier: graphQuerier{at: at}}
	out := s.Graphs(context.Background(), cat.Services, at, at.Add(time.Hour), time.Minute)
	if len(out) != 2 || out[0].Service != "checkout" || out[1].Service != "cart" {
		t.Fatalf("%+v", out)
	}
	body, err := json.Marshal(out[0].ErrorRate.Series)
	if err != nil || !strings.Contains(string(body), `"points":[[`+strconv.FormatInt(at.UnixMilli(), 10)+`,0.25],[`) || !strings.Contains(string(body), `,null]]`) {
		t.Fatalf("checkout error rate: %s %v", body, err)
	}
	if out[0].Latency.Error != "the query failed" || out[1].Latency.Error != "Prometheus did not answer in 5s" {
		t.Fatalf("errors: %q, %q", out[0].Latency.Error, out[1].Latency.Error)
	}
}
