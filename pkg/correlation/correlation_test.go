package correlation

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

var t0 = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// series makes points every step from start.
func series(start time.Time, step time.Duration, vals ...float64) []Point {
	ps := make([]Point, len(vals))
	for i, v := range vals {
		ps[i] = Point{T: start.Add(time.Duration(i) * step), V: v}
	}
	return ps
}

func rep(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func cat(parts ...[]float64) []float64 { return slices.Concat(parts...) }

// errs and lat are per-minute series from t0.
func errs(vals []float64) Signal {
	return Signal{Kind: ErrorRate, Query: "err", Points: series(t0, time.Minute, vals...)}
}

func lat(vals []float64) Signal {
	return Signal{Kind: Latency, Query: "p99", Points: series(t0, time.Minute, vals...)}
}

func svc(name string, sigs ...Signal) ServiceSignals {
	return ServiceSignals{Service: name, Signals: sigs}
}

func input(ss ...ServiceSignals) Input {
	return Input{From: t0, To: t0.Add(time.Hour), Step: time.Minute, Services: ss, Policy: policy.Default()}
}

func with(in Input, f func(*Input)) Input { f(&in); return in }

func at(min float64) time.Time { return t0.Add(time.Duration(min * float64(time.Minute))) }

var quiet = rep(0.001, 30)

func hasReason(t *testing.T, r Result, want string) {
	t.Helper()
	for _, s := range r.Reasons {
		if strings.Contains(s, want) {
			return
		}
	}
	t.Errorf("no reason contains %q; reasons: %q", want, r.Reasons)
}

func finding(r Result, s, i int) SignalFinding { return r.Services[s].Signals[i] }

func TestEvaluate(t *testing.T) {
	customSignals := policy.Policy{Thresholds: policy.Thresholds{ErrorRateHigh: 0.2, ErrorRateElevated: 0.1,
		LatencyP99: policy.Duration(2 * time.Second), SustainedFor: policy.Duration(2 * time.Minute)}}
	ladder := policy.Default()
	ladder.Rules = []policy.Rule{
		{ID: "timer-only", From: incident.P3, To: incident.P2, PersistsFor: ladder.Rules[0].PersistsFor},
		{ID: "cycle", From: incident.P1, To: incident.P2, MultipleServices: true},
		{ID: "r1", From: incident.P3, To: incident.P2, ErrorRateOver: 0.01},
		{ID: "r2", From: incident.P2, To: incident.P1, MultipleServices: true},
	}
	gapped := errs(rep(0.12, 10))
	gapped.Points = slices.Delete(gapped.Points, 4, 7) // 10:03 → 10:07 is 4m > 2*Step

	cases := []struct {
		name  string
		in    Input
		sev   incident.Severity
		rules []string
		check func(*testing.T, Result)
	}{
		{"healthy", input(svc("checkout", errs(quiet), lat(rep(0.2, 30)))), "", nil, func(t *testing.T, r Result) {
			hasReason(t, r, "no signal above its threshold for 5m")
			if r.Breaching != 0 || r.Unavailable || r.Services[0].Signals[1].Observed != 0.2 {
				t.Errorf("got %+v", r)
			}
		}},
		{"latency only is P3", input(svc("checkout", errs(quiet), lat(cat(rep(0.2, 20), rep(0.812, 11))))), incident.P3, nil, func(t *testing.T, r Result) {
			hasReason(t, r, "checkout: p99 latency 812 ms above 500 ms for 10m (since 10:20 UTC)")
			if f := finding(r, 0, 1); !f.Active || f.Level != incident.P3 || f.Threshold != 0.5 || f.Above != 10*time.Minute {
				t.Errorf("latency finding %+v", f)
			}
		}},
		{"error 12% for 10m is P2", input(svc("checkout", errs(cat(rep(0.001, 2), rep(0.123, 11))))), incident.P2, nil, func(t *testing.T, r Result) {
			hasReason(t, r, "checkout: error rate 12.3% above 5% for 10m (since 10:02 UTC)")
			f := finding(r, 0, 0)
			if f.Threshold != 0.05 || f.Level != incident.P2 || !f.Onset.Equal(at(2)) || !f.Peak.Equal(at(2)) || f.Observed != 0.123 {
				t.Errorf("error finding %+v", f)
			}
		}},
		{"two services with errors is P1", input(svc("checkout", errs(rep(0.1, 10))), svc("payments", errs(rep(0.07, 10)))), incident.P1, []string{"p2-multiple-services"}, func(t *testing.T, r Result) {
			hasReason(t, r, "2 services breach (checkout, payments): rule p2-multiple-services raises P2 to P1")
			if r.Breaching != 2 || r.Services[1].Severity != incident.P2 {
				t.Errorf("got %+v", r)
			}
		}},
		{"two services with latency only stay P3", input(svc("a", lat(rep(0.9, 10))), svc("b", lat(rep(0.7, 10)))), incident.P3, nil, nil},
		{"2m spike at 50% is not an incident", input(svc("checkout", errs(cat(rep(0.001, 10), rep(0.5, 3), rep(0.001, 10))))), "", nil, func(t *testing.T, r Result) {
			hasReason(t, r, "error rate peaked at 50% (10:10 UTC) but stayed above 0.5% for less than 5m")
			if f := finding(r, 0, 0); f.Sustained || f.Onset != nil || f.Above != 0 || f.Observed != 0.5 {
				t.Errorf("spike finding %+v", f)
			}
		}},
		{"at the threshold is not above it", input(svc("c", errs(rep(0.005, 10)), lat(rep(0.5, 10)))), "", nil, nil},
		{"elevated 1% is P3", input(svc("checkout", errs(rep(0.01, 10)))), incident.P3, nil, func(t *testing.T, r Result) {
			if f := finding(r, 0, 0); f.Threshold != 0.005 || f.Level != incident.P3 {
				t.Errorf("finding %+v", f)
			}
		}},
		{"exactly SustainedFor counts", input(svc("c", errs(rep(0.1, 6)))), incident.P2, nil, nil},
		{"just under SustainedFor does not", input(svc("c", errs(rep(0.1, 5)))), "", nil, nil},
		{"NaN splits a run", input(svc("c", errs(cat(rep(0.12, 4), []float64{math.NaN()}, rep(0.12, 4))))), "", nil, nil},
		{"gap over 2 steps splits a run", input(svc("c", gapped)), "", nil, nil},
		{"gap of 2 steps does not split", input(svc("c", Signal{Kind: ErrorRate, Points: slices.Delete(errs(rep(0.12, 10)).Points, 4, 5)})), incident.P2, nil, nil},
		{"recovered run is not active", input(svc("c", errs(cat(rep(0.1, 8), rep(0.001, 5))))), incident.P2, nil, func(t *testing.T, r Result) {
			hasReason(t, r, "c: error rate 10% above 5% for 7m (10:00–10:07 UTC, recovered)")
			if finding(r, 0, 0).Active {
				t.Error("active")
			}
		}},
		{"latency leads by 3m", input(svc("c", errs(cat(rep(0.001, 5), rep(0.1, 9))), lat(cat(rep(0.2, 2), rep(0.9, 12))))), incident.P2, nil, func(t *testing.T, r Result) {
			if s := r.Services[0]; s.Led != "latency" || s.LeadBy != 3*time.Minute {
				t.Errorf("led %q by %v", s.Led, s.LeadBy)
			}
			hasReason(t, r, "c: p99 latency breached 3m before error rate")
		}},
		{"error rate leads by 3m", input(svc("c", errs(rep(0.1, 10)), lat(cat(rep(0.2, 3), rep(0.9, 7))))), incident.P2, nil, func(t *testing.T, r Result) {
			if s := r.Services[0]; s.Led != "error_rate" || s.LeadBy != 3*time.Minute {
				t.Errorf("led %q by %v", s.Led, s.LeadBy)
			}
		}},
		{"onsets 2 steps apart are together", input(svc("c", errs(rep(0.1, 10)), lat(cat(rep(0.2, 2), rep(0.9, 8))))), incident.P2, nil, func(t *testing.T, r Result) {
			if s := r.Services[0]; s.Led != "together" {
				t.Errorf("led %q", s.Led)
			}
		}},
		{"onsets 45s apart at 15s steps are together", with(input(svc("c",
			Signal{Kind: ErrorRate, Points: series(at(1), 15*time.Second, rep(0.1, 24)...)},
			Signal{Kind: Latency, Points: series(at(0.25), 15*time.Second, rep(0.9, 27)...)})), func(in *Input) { in.Step = 15 * time.Second }),
			incident.P2, nil, func(t *testing.T, r Result) {
				if s := r.Services[0]; s.Led != "together" || s.LeadBy != 0 {
					t.Errorf("led %q by %v", s.Led, s.LeadBy)
				}
			}},
		{"one unavailable, other P2", input(svc("checkout", errs(rep(0.1, 10))), svc("payments", Signal{Kind: Latency, Query: "p99", Err: "timeout"})), incident.P2, nil, func(t *testing.T, r Result) {
			if f := finding(r, 1, 0); f.Unavailable != "timeout" || f.Sustained || r.Unavailable {
				t.Errorf("finding %+v unavailable %v", f, r.Unavailable)
			}
			hasReason(t, r, "payments: p99 latency unavailable: timeout")
		}},
		{"all unavailable", input(svc("checkout", Signal{Kind: ErrorRate, Err: "bad_data"}, Signal{Kind: Latency, Err: "timeout"})), "", nil, func(t *testing.T, r Result) {
			if !r.Unavailable || r.Why != "checkout error rate: bad_data; checkout p99 latency: timeout" {
				t.Errorf("unavailable %v why %q", r.Unavailable, r.Why)
			}
		}},
		{"no signals", input(), "", nil, func(t *testing.T, r Result) {
			if !r.Unavailable || r.Why == "" {
				t.Errorf("unavailable %v why %q", r.Unavailable, r.Why)
			}
		}},
		{"custom thresholds", with(input(svc("c", errs(cat(rep(0.001, 3), rep(0.12, 3))), lat(rep(1.5, 10)))), func(in *Input) { in.Policy = customSignals }),
			incident.P3, nil, func(t *testing.T, r Result) {
				hasReason(t, r, "c: error rate 12% above 10% for 2m (since 10:03 UTC)")
				if f := finding(r, 0, 1); f.Sustained || f.Threshold != 2 {
					t.Errorf("latency %+v", f)
				}
			}},
		{"zero signals mean the defaults", with(input(svc("c", errs(rep(0.01, 3)))), func(in *Input) { in.Policy = policy.Policy{} }), "", nil, nil},
		{"rules climb P3 to P2 to P1", with(input(svc("a", errs(rep(0.02, 10))), svc("b", lat(rep(0.9, 10)))), func(in *Input) { in.Policy = ladder }),
			incident.P1, []string{"r1", "r2"}, func(t *testing.T, r Result) {
				hasReason(t, r, "a: error rate above 1% for 5m: rule r1 raises P3 to P2")
				hasReason(t, r, "2 services breach (a, b): rule r2 raises P2 to P1")
			}},
		{"points outside the window are ignored", with(input(svc("c", errs(cat(rep(0.1, 10), rep(0.001, 5))))), func(in *Input) { in.From = at(7) }), "", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Evaluate(c.in)
			if r.Severity != c.sev || !slices.Equal(r.Rules, c.rules) {
				t.Fatalf("severity %q rules %q, want %q %q; reasons %q", r.Severity, r.Rules, c.sev, c.rules, r.Reasons)
			}
			if len(r.Services) != len(c.in.Services) {
				t.Fatalf("%d findings for %d services", len(r.Services), len(c.in.Services))
			}
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

func TestResultJSON(t *testing.T) {
	r := Evaluate(input(svc("c", errs(cat(rep(0.001, 5), rep(0.1, 9))), lat(cat(rep(0.2, 2), rep(0.9, 12))))))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Severity string `json:"severity"`
		Services []struct {
			LeadByMs int64 `json:"leadByMs"`
			Signals  []map[string]any
		}
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	s := raw.Services[0]
	if raw.Severity != "P2" || s.LeadByMs != 180000 || s.Signals[0]["aboveMs"] != 480000.0 || s.Signals[0]["onset"] != "2026-03-14T10:05:00Z" {
		t.Errorf("encoded %s", b)
	}
	for _, bad := range []string{`"LeadBy"`, `"Above"`, `"aboveMs":480000000000`} {
		if strings.Contains(string(b), bad) {
			t.Errorf("encoded %s contains %s", b, bad)
		}
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, r) {
		t.Errorf("round trip: %v\n got %+v\nwant %+v", err, back, r)
	}
	healthy, _ := json.Marshal(Evaluate(input(svc("c", errs(quiet)))))
	if !strings.Contains(string(healthy), `"rules":[]`) || strings.Contains(string(healthy), `"severity"`) {
		t.Errorf("healthy encoded %s", healthy)
	}
}
