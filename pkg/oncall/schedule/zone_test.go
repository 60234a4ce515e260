package schedule

import (
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := loadZone(name)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

func mustWall(t testing.TB, s string) wallSeconds {
	t.Helper()
	w, err := parseWall(s)
	if err != nil {
		t.Fatalf("wall %s: %v", s, err)
	}
	return w
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestInstantOfResolvesGapsAndOverlapsDeterministically(t *testing.T) {
	tests := []struct {
		name, zone, wall string
		want             string // the instant in UTC
		wantLocal        string // what the wall clock shows then
	}{
		{"ordinary winter reading", "America/New_York", "2026-01-05T09:00", "2026-01-05T14:00:00Z", "09:00"},
		{"ordinary summer reading", "America/New_York", "2026-07-06T09:00", "2026-07-06T13:00:00Z", "09:00"},
		{"US spring-forward gap goes to the first instant after it", "America/New_York", "2026-03-08T02:30", "2026-03-08T07:00:00Z", "03:00"},
		{"start of the US gap", "America/New_York", "2026-03-08T02:00", "2026-03-08T07:00:00Z", "03:00"},
		{"first reading after the US gap", "America/New_York", "2026-03-08T03:00", "2026-03-08T07:00:00Z", "03:00"},
		{"US fall-back overlap takes the first occurrence (EDT)", "America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z", "01:30"},
		{"start of the US overlap", "America/New_York", "2026-11-01T01:00", "2026-11-01T05:00:00Z", "01:00"},
		{"after the US overlap", "America/New_York", "2026-11-01T02:00", "2026-11-01T07:00:00Z", "02:00"},
		{"Berlin gap", "Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:00:00Z", "03:00"},
		{"Berlin overlap takes CEST", "Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30:00Z", "02:30"},
		{"Lord Howe 30-minute gap", "Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:30:00Z", "02:30"},
		{"Lord Howe 30-minute overlap takes +11", "Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00Z", "01:45"},
		{"Kolkata has no DST", "Asia/Kolkata", "2026-03-08T02:30", "2026-03-07T21:00:00Z", "02:30"},
		{"UTC", "UTC", "2026-03-08T02:30", "2026-03-08T02:30:00Z", "02:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := instantOf(mustWall(t, tt.wall), mustZone(t, tt.zone))
			if !got.Equal(utc(tt.want)) {
				t.Errorf("instantOf(%s in %s) = %s, want %s", tt.wall, tt.zone, got.UTC().Format(time.RFC3339), tt.want)
			}
			if local := got.Format("15:04"); local != tt.wantLocal {
				t.Errorf("wall clock shows %s, want %s", local, tt.wantLocal)
			}
		})
	}
}

func TestLoadZoneRefusesHostDependentNames(t *testing.T) {
	for _, name := range []string{"", "Local", "Mars/Olympus"} {
		if _, err := loadZone(name); err == nil {
			t.Errorf("loadZone(%q) accepted", name)
		}
	}
}
