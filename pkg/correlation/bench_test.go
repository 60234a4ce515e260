package correlation

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// BenchmarkEvaluate measures a realistic declare-form load: 20 services with
// both signals over 5,000 samples each, with breaches, spikes and gaps so
// every branch of the scan runs.
func BenchmarkEvaluate(b *testing.B) {
	const services, points = 20, 5000
	step := 15 * time.Second
	in := Input{From: t0, To: t0.Add(points * step), Step: step, Policy: policy.Default()}
	for s := range services {
		e, l := make([]Point, points), make([]Point, points)
		for i := range points {
			t := t0.Add(time.Duration(i) * step)
			ev, lv := 0.001, 0.2
			switch {
			case i%997 == 0:
				ev, lv = math.NaN(), math.NaN()
			case (i/100+s)%7 == 0: // 25-minute breaches, sustained
				ev, lv = 0.02+0.1*float64(s%2), 0.8
			case i%50 == 0: // one-sample spikes
				ev, lv = 0.5, 3
			}
			e[i], l[i] = Point{t, ev}, Point{t, lv}
		}
		in.Services = append(in.Services, ServiceSignals{Service: fmt.Sprintf("svc-%d", s),
			Signals: []Signal{{Kind: ErrorRate, Points: e}, {Kind: Latency, Points: l}}})
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := Evaluate(in); r.Severity == "" {
			b.Fatal("no breach found")
		}
	}
	b.ReportMetric(float64(services*2*points)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
}
