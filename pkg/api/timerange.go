package api

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// grafanaRelative is Grafana's relative time text: "now", "now-6h", "now-7d".
// Rounding suffixes ("now/d") are not accepted: links carry plain ranges.
var grafanaRelative = regexp.MustCompile(`^now(?:-([0-9]+)([smhdwy]))?$`)

var relUnits = map[string]time.Duration{
	"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour, "y": 365 * 24 * time.Hour,
}

// parseGrafanaTime reads a time the way a dashboard link carries it: relative
// text, epoch milliseconds, or RFC 3339.
func parseGrafanaTime(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if m := grafanaRelative.FindStringSubmatch(v); m != nil {
		if m[1] == "" {
			return now, nil
		}
		n, _ := strconv.Atoi(m[1])
		return now.Add(-time.Duration(n) * relUnits[m[2]]), nil
	}
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil && ms > 0 {
		return time.UnixMilli(ms).UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("use now, now-6h, epoch milliseconds or RFC 3339")
}

// maxRange bounds a metrics window: a year of 1-minute points is already far
// more than a graph or the engine needs.
const maxRange = 31 * 24 * time.Hour

// parseRange reads from/to with defaults (the last hour) and checks order.
func parseRange(fromText, toText string, now time.Time) (time.Time, time.Time, error) {
	if fromText == "" {
		fromText = "now-1h"
	}
	if toText == "" {
		toText = "now"
	}
	from, err := parseGrafanaTime(fromText, now)
	if err != nil {
		return time.Time{}, time.Time{}, invalid("the time range is not valid", fieldError("from", err.Error()))
	}
	to, err := parseGrafanaTime(toText, now)
	if err != nil {
		return time.Time{}, time.Time{}, invalid("the time range is not valid", fieldError("to", err.Error()))
	}
	switch {
	case !from.Before(to):
		return time.Time{}, time.Time{}, invalid("the time range is not valid", fieldError("from", "must be before to"))
	case to.Sub(from) > maxRange:
		return time.Time{}, time.Time{}, invalid("the time range is not valid", fieldError("from", "the range may span at most 31 days"))
	}
	return from, to, nil
}

// indexPath names one element of a list field: services[2].
func indexPath(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }
