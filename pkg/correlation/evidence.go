package correlation

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Evidence is read by people deciding whether to page others, so it speaks
// their units: percentages, ms/s, UTC wall-clock minutes.

func kindLabel(k SignalKind) string {
	switch k {
	case ErrorRate:
		return "error rate"
	case Latency:
		return "p99 latency"
	}
	return string(k)
}

// fmtValue renders an error ratio as a percentage ("12.3%", "0.5%") and a
// latency in seconds as "812 ms" or "1.25 s".
func fmtValue(k SignalKind, v float64) string {
	if k == ErrorRate {
		p := v * 100
		prec := 1
		if p < 1 {
			prec = 2 // 0.05% is a meaningful threshold; "0.1%" would lie about it
		}
		return trimZeros(strconv.FormatFloat(p, 'f', prec, 64)) + "%"
	}
	if ms := math.Round(v * 1000); ms < 1000 {
		return strconv.FormatFloat(ms, 'f', 0, 64) + " ms"
	}
	return trimZeros(strconv.FormatFloat(v, 'f', 2, 64)) + " s"
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// fmtDuration writes whole units only: "6m", "1h5m", "45s".
func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d <= 0 {
		return "0s"
	}
	h, m, s := d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

func fmtClock(t time.Time) string { return t.UTC().Format("15:04") }

// breachReason describes the latest sustained run, lasting d and ending at end.
func breachReason(f SignalFinding, d time.Duration, end time.Time) string {
	s := fmt.Sprintf("%s %s above %s for %s ", kindLabel(f.Kind), fmtValue(f.Kind, f.Observed),
		fmtValue(f.Kind, f.Threshold), fmtDuration(d))
	if f.Active {
		return s + fmt.Sprintf("(since %s UTC)", fmtClock(*f.Since))
	}
	return s + fmt.Sprintf("(%s–%s UTC, recovered)", fmtClock(*f.Since), fmtClock(end))
}

// spikeReason explains a peak over the threshold that did not last, so the
// responder sees why a visible spike suggests nothing.
func spikeReason(f SignalFinding, sustainFor time.Duration) string {
	if f.Peak == nil || f.Observed <= f.Threshold {
		return ""
	}
	return fmt.Sprintf("%s peaked at %s (%s UTC) but stayed above %s for less than %s", kindLabel(f.Kind),
		fmtValue(f.Kind, f.Observed), fmtClock(*f.Peak), fmtValue(f.Kind, f.Threshold), fmtDuration(sustainFor))
}

func unavailableReason(k SignalKind, err string) string {
	return kindLabel(k) + " unavailable: " + err
}

func ledReason(sf ServiceFinding) string {
	switch sf.Led {
	case "together":
		return sf.Service + ": error rate and p99 latency breached together"
	case string(ErrorRate):
		return fmt.Sprintf("%s: error rate breached %s before p99 latency", sf.Service, fmtDuration(sf.LeadBy))
	case string(Latency):
		return fmt.Sprintf("%s: p99 latency breached %s before error rate", sf.Service, fmtDuration(sf.LeadBy))
	}
	return ""
}
