package prometheus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Sample is one value of a series; V may be NaN or ±Inf, as Prometheus
// sends them (0/0 ratios, quantiles of empty histograms).
type Sample struct {
	T time.Time
	V float64
}

// Series is one labelled series of a matrix result.
type Series struct {
	Labels  map[string]string
	Samples []Sample
}

type envelope struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Data   struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Values []pair            `json:"values"`
		} `json:"result"`
	} `json:"data"`
}

func parseMatrix(body []byte) ([]Series, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("invalid JSON: %v", err)
	}
	if env.Status != "success" {
		return nil, fmt.Errorf("status %q %s", env.Status, truncate(env.Error, 200))
	}
	if env.Data.ResultType != "matrix" {
		return nil, fmt.Errorf("result type %q, want matrix", env.Data.ResultType)
	}
	out := make([]Series, len(env.Data.Result))
	for i, r := range env.Data.Result {
		s := Series{Labels: r.Metric, Samples: make([]Sample, len(r.Values))}
		if s.Labels == nil {
			s.Labels = map[string]string{}
		}
		for j, p := range r.Values {
			s.Samples[j] = Sample(p)
		}
		out[i] = s
	}
	return out, nil
}

func checkSuccess(body []byte) error {
	var env struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("invalid JSON: %v", err)
	}
	if env.Status != "success" {
		return fmt.Errorf("status %q", env.Status)
	}
	return nil
}

// pair is one [unix_seconds, "value"] element of "values".
type pair Sample

// UnmarshalJSON reads the pair by hand: it is the bulk of every answer and
// the generic decoder would allocate an interface per number.
func (p *pair) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return fmt.Errorf("sample %.40s is not [time, value]", b)
	}
	ts, val, ok := bytes.Cut(b[1:len(b)-1], []byte(","))
	if !ok {
		return fmt.Errorf("sample %.40s is not [time, value]", b)
	}
	sec, err := strconv.ParseFloat(string(bytes.TrimSpace(ts)), 64)
	if err != nil || math.IsNaN(sec) || math.IsInf(sec, 0) {
		return fmt.Errorf("sample time %.40s is not a number", ts)
	}
	val = bytes.TrimSpace(val)
	if len(val) < 2 || val[0] != '"' || val[len(val)-1] != '"' {
		return fmt.Errorf("sample value %.40s is not a quoted number", val)
	}
	// ParseFloat reads "NaN", "+Inf" and "-Inf" as Prometheus writes them.
	v, err := strconv.ParseFloat(string(val[1:len(val)-1]), 64)
	if err != nil && !isRangeErr(err) {
		return fmt.Errorf("sample value %.40s is not a number", val)
	}
	p.T = time.UnixMilli(int64(math.Round(sec * 1000)))
	p.V = v
	return nil
}

// isRangeErr accepts values beyond float64, which ParseFloat returns as ±Inf.
func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
