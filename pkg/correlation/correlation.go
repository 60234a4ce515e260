// Package correlation turns per-service error-rate and latency series into a
// suggested incident severity with evidence, under an org's policy. It backs
// the "suggested P2 because …" of the declare form and the re-evaluation of
// open incidents. Pure: no clock, no I/O, no globals.
package correlation

import (
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// Point is one sample; NaN V means no data at T.
type Point struct {
	T time.Time
	V float64
}

// SignalKind names what a series measures.
type SignalKind string

const (
	ErrorRate SignalKind = "error_rate"
	Latency   SignalKind = "latency"
)

// SignalKinds lists every kind (the generated TypeScript union).
var SignalKinds = []SignalKind{ErrorRate, Latency}

// Signal is one series of one service: error rate as a ratio 0..1, latency p99 in seconds.
type Signal struct {
	Kind   SignalKind
	Query  string  // the PromQL it came from, echoed in evidence
	Points []Point // ascending T
	Err    string  // non-empty when the query failed: the finding is "unavailable" with this reason
}

// ServiceSignals are the series of one catalogued service.
type ServiceSignals struct {
	Service string
	Signals []Signal
}

// Input is one evaluation: the window, its series and the policy to apply.
type Input struct {
	From, To time.Time
	Step     time.Duration // sample spacing; runs with gaps > 2*Step are split
	Services []ServiceSignals
	Policy   policy.Policy // uses Policy.Signals thresholds and Policy.Rules
}

// Result is the suggestion and the evidence behind it.
type Result struct {
	Severity    incident.Severity `json:"severity,omitempty"` // "" = nothing incident-worthy
	Reasons     []string          `json:"reasons"`            // human sentences
	Rules       []string          `json:"rules"`              // ids of policy rules that fired
	Breaching   int               `json:"breaching"`          // services with a sustained breach
	Services    []ServiceFinding  `json:"services"`           // same order as input
	Unavailable bool              `json:"unavailable"`        // every signal failed: no suggestion possible
	Why         string            `json:"why,omitempty"`      // why unavailable (joined errors)
}

// ServiceFinding is the evidence for one service.
type ServiceFinding struct {
	Service  string            `json:"service"`
	Severity incident.Severity `json:"severity,omitempty"`
	Signals  []SignalFinding   `json:"signals"`
	// Led says which signal breached first: "error_rate", "latency",
	// "together" (onsets within 2 steps or 1 minute, whichever larger) or ""
	// (fewer than two kinds breached).
	Led string `json:"led,omitempty" tstype:"'error_rate' | 'latency' | 'together'"`
	// LeadBy is how much earlier the leader breached; 0 unless Led names a kind.
	LeadBy time.Duration `json:"leadByMs"`
}

// SignalFinding is the evidence for one series.
type SignalFinding struct {
	Kind  SignalKind `json:"kind"`
	Query string     `json:"query"`
	// Threshold is the one the rest of the finding is measured against: for
	// error rate ErrorRateHigh when it was crossed for SustainedFor, else
	// ErrorRateElevated; seconds for latency.
	Threshold   float64           `json:"threshold"`
	Observed    float64           `json:"observed"` // peak value in the window (NaN-free; 0 with no data)
	Peak        *time.Time        `json:"peak,omitempty"`
	Onset       *time.Time        `json:"onset,omitempty"` // first sample of the first sustained breach run
	Since       *time.Time        `json:"since,omitempty"` // first sample of the latest sustained run
	Above       time.Duration     `json:"aboveMs"`         // total time above threshold in sustained runs
	Sustained   bool              `json:"sustained"`
	Active      bool              `json:"active"`          // the latest sustained run reaches the last sample
	Level       incident.Severity `json:"level,omitempty"` // what this signal alone justifies
	Unavailable string            `json:"unavailable,omitempty"`
}

// Evaluate suggests a severity for in. It never fails: missing or failed
// data shows up as unavailable findings, never as an error.
func Evaluate(in Input) Result {
	th := thresholdsOf(in.Policy)
	ruleTh := ruleThresholds(in.Policy.Rules)
	m := metrics{ruleTh: ruleTh, crossedBy: make([]string, len(ruleTh)), sustained: th.sustainedFor}
	res := Result{Reasons: []string{}, Rules: []string{}, Services: make([]ServiceFinding, 0, len(in.Services))}
	var errs []string
	total := 0
	sc := scanner{from: in.From, to: in.To, maxGap: 2 * in.Step, sustainFor: th.sustainedFor}
	for _, ss := range in.Services {
		sf := ServiceFinding{Service: ss.Service, Signals: make([]SignalFinding, 0, len(ss.Signals))}
		for _, s := range ss.Signals {
			total++
			f, reason, crossed := evalSignal(&sc, s, th, ruleTh)
			if f.Unavailable != "" {
				errs = append(errs, ss.Service+" "+kindLabel(s.Kind)+": "+f.Unavailable)
			}
			for i, c := range crossed {
				if c && m.crossedBy[i] == "" {
					m.crossedBy[i] = ss.Service
				}
			}
			if reason != "" {
				res.Reasons = append(res.Reasons, ss.Service+": "+reason)
			}
			sf.Severity = mostSevere(sf.Severity, f.Level)
			sf.Signals = append(sf.Signals, f)
		}
		sf.Led, sf.LeadBy = led(sf.Signals, ledTolerance(in.Step))
		if r := ledReason(sf); r != "" {
			res.Reasons = append(res.Reasons, r)
		}
		if sf.Severity != "" {
			m.breaching = append(m.breaching, ss.Service)
		}
		res.Severity = mostSevere(res.Severity, sf.Severity)
		res.Services = append(res.Services, sf)
	}
	res.Breaching = len(m.breaching)
	if len(errs) == total {
		res.Unavailable = true
		res.Why = "no signals to evaluate"
		if total > 0 {
			res.Why = strings.Join(errs, "; ")
		}
		return res
	}
	if res.Severity == "" {
		res.Reasons = append(res.Reasons, "no signal above its threshold for "+fmtDuration(th.sustainedFor))
		return res
	}
	var fired, why []string
	res.Severity, fired, why = applyRules(res.Severity, in.Policy.Rules, m)
	res.Rules = append(res.Rules, fired...)
	res.Reasons = append(res.Reasons, why...)
	return res
}

// thresholds are the policy's signal thresholds in the units of the series.
type thresholds struct {
	errHigh, errElevated, latency float64
	sustainedFor                  time.Duration
}

// thresholdsOf reads p.Thresholds. A wholly zero Thresholds is a policy saved
// before signals existed, so it means the runbook defaults, not "everything
// breaches"; a partly set one is taken as the admin wrote it.
func thresholdsOf(p policy.Policy) thresholds {
	s := p.Thresholds
	if s == (policy.Thresholds{}) {
		s = policy.DefaultThresholds()
	}
	return thresholds{errHigh: s.ErrorRateHigh, errElevated: s.ErrorRateElevated,
		latency: s.LatencyP99.D().Seconds(), sustainedFor: s.SustainedFor.D()}
}

// mostSevere returns the more severe of a and b; "" is below every level.
// Severity names sort by severity ("P1" < "P2").
func mostSevere(a, b incident.Severity) incident.Severity {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}

// ledTolerance is how close two onsets must be to count as together: less
// than two samples apart cannot be told apart, nor can scrape jitter under a
// minute.
func ledTolerance(step time.Duration) time.Duration {
	return max(2*step, time.Minute)
}

// led compares the earliest sustained onset of each kind in fs.
func led(fs []SignalFinding, tol time.Duration) (string, time.Duration) {
	var errAt, latAt *time.Time
	for _, f := range fs {
		if f.Onset == nil {
			continue
		}
		switch {
		case f.Kind == ErrorRate && (errAt == nil || f.Onset.Before(*errAt)):
			errAt = f.Onset
		case f.Kind == Latency && (latAt == nil || f.Onset.Before(*latAt)):
			latAt = f.Onset
		}
	}
	if errAt == nil || latAt == nil {
		return "", 0
	}
	d := latAt.Sub(*errAt)
	switch {
	case d.Abs() <= tol:
		return "together", 0
	case d > 0:
		return string(ErrorRate), d
	}
	return string(Latency), -d
}
