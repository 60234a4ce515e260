package correlation

import (
	"testing"
	"time"
)

func TestOnsetIsTheEarliestSustainedBreach(t *testing.T) {
	at := func(m int) *time.Time { t := time.Date(2026, 11, 29, 8, m, 0, 0, time.UTC); return &t }
	r := Result{Services: []ServiceFinding{
		{Service: "api", Signals: []SignalFinding{{Kind: ErrorRate, Sustained: true, Onset: at(9)}, {Kind: Latency, Onset: at(1)}}},
		{Service: "db", Signals: []SignalFinding{{Kind: Latency, Sustained: true, Onset: at(4)}, {Kind: ErrorRate}}},
	}}
	if got := r.Onset(); got == nil || !got.Equal(*at(4)) {
		t.Fatalf("onset %v, want the db latency's 08:04 (the api latency was not sustained)", got)
	}
	if got := (Result{Services: []ServiceFinding{{Signals: []SignalFinding{{Kind: ErrorRate}}}}}).Onset(); got != nil {
		t.Fatalf("nothing sustained: %v", got)
	}
}
