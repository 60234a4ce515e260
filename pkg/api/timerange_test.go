package api

import (
	"testing"
	"time"
)

func TestParseGrafanaTime(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"now":                  now,
		"now-6h":               now.Add(-6 * time.Hour),
		"now-7d":               now.Add(-7 * 24 * time.Hour),
		"1764417600000":        time.UnixMilli(1764417600000).UTC(),
		"2026-11-29T10:00:00Z": now.Add(-2 * time.Hour),
	} {
		got, err := parseGrafanaTime(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %s %v, want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "now-", "now/d", "-5"} {
		if _, err := parseGrafanaTime(bad, now); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
