package insights

import (
	"math"
	"slices"
	"time"
)

// Stat summarises durations in seconds. With N = 0 the figures are 0 and
// mean nothing: a client shows "no data", never 0 s.
type Stat struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
}

// statOf summarises ds. Percentiles are nearest-rank: the p-quantile of n
// sorted values is the ceil(p·n)-th smallest, always one of the values (no
// interpolation), so SQL's ROW_NUMBER and a person with a sorted list agree.
func statOf(ds []float64) Stat {
	if len(ds) == 0 {
		return Stat{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	sum := 0.0
	for _, d := range s {
		sum += d
	}
	return Stat{N: len(s), Mean: sum / float64(len(s)), Median: rank(s, 0.5), P90: rank(s, 0.9)}
}

// rank is the nearest-rank p-quantile of sorted s (not empty).
func rank(s []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// RankIndex is rank's 1-based position for n values, for SQL that picks
// the same value by ROW_NUMBER (the benchmark's baseline and the tests).
func RankIndex(n int, p float64) int {
	return min(max(int(math.Ceil(p*float64(n))), 1), n)
}

// seconds is b − a in seconds, never negative: a step marked before the
// time it is measured from (acknowledged as it was declared) took no time.
func seconds(a, b time.Time) float64 {
	if !b.After(a) {
		return 0
	}
	return b.Sub(a).Seconds()
}
