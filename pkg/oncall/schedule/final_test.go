package schedule

import (
	"testing"
	"time"
)

// businessHours is fixed shifts 09:00–17:00 New York time, Monday to Friday,
// for the week of 2026-03-02 (EST, UTC-5).
func businessHours(user string) []Shift {
	var out []Shift
	for day := 2; day <= 6; day++ {
		start := time.Date(2026, 3, day, 14, 0, 0, 0, time.UTC)
		out = append(out, Shift{User: user, Start: start, End: start.Add(8 * time.Hour)})
	}
	return out
}

// twoLayers: a 24/7 weekly rotation below, business-hours fixed shifts
// above (with gaps at night and at the weekend).
func twoLayers() Schedule {
	return Schedule{
		ID: "ops", Name: "Ops", TimeZone: "America/New_York",
		Layers: []Layer{
			{Name: "follow the sun", Rotation: &Rotation{Participants: []string{"alice", "bob"}, Every: 1, Unit: UnitWeeks, Start: "2026-02-23T09:00"}},
			{Name: "office", Shifts: businessHours("olga")},
		},
	}
}

func TestFinalMergesLayersAndOverrides(t *testing.T) {
	tests := []struct {
		name      string
		overrides []Override
		from, to  string
		want      []span
		sources   []string
	}{
		{
			name: "the higher layer wins in office hours, the lower fills its gaps",
			from: "2026-03-03T00:00:00Z", to: "2026-03-04T00:00:00Z",
			want: []span{
				{"bob", "2026-03-03T00:00:00Z", "2026-03-03T14:00:00Z"},
				{"olga", "2026-03-03T14:00:00Z", "2026-03-03T22:00:00Z"},
				{"bob", "2026-03-03T22:00:00Z", "2026-03-04T00:00:00Z"},
			},
			sources: []string{"rotation", "imported", "rotation"},
		},
		{
			name:      "an override tonight splits bob's evening in three",
			overrides: []Override{{ID: "o1", User: "carol", Start: utc("2026-03-04T01:00:00Z"), End: utc("2026-03-04T03:00:00Z"), Reason: "bob at the dentist"}},
			from:      "2026-03-03T22:00:00Z", to: "2026-03-04T06:00:00Z",
			want: []span{
				{"bob", "2026-03-03T22:00:00Z", "2026-03-04T01:00:00Z"},
				{"carol", "2026-03-04T01:00:00Z", "2026-03-04T03:00:00Z"},
				{"bob", "2026-03-04T03:00:00Z", "2026-03-04T06:00:00Z"},
			},
			sources: []string{"rotation", "override", "rotation"},
		},
		{
			name:      "an override beats both layers where it covers both",
			overrides: []Override{{ID: "o1", User: "carol", Start: utc("2026-03-03T20:00:00Z"), End: utc("2026-03-03T23:00:00Z")}},
			from:      "2026-03-03T12:00:00Z", to: "2026-03-04T00:00:00Z",
			want: []span{
				{"bob", "2026-03-03T12:00:00Z", "2026-03-03T14:00:00Z"},
				{"olga", "2026-03-03T14:00:00Z", "2026-03-03T20:00:00Z"},
				{"carol", "2026-03-03T20:00:00Z", "2026-03-03T23:00:00Z"},
				{"bob", "2026-03-03T23:00:00Z", "2026-03-04T00:00:00Z"},
			},
			sources: []string{"rotation", "imported", "override", "rotation"},
		},
		{
			name: "where overrides overlap the later one in the list wins",
			overrides: []Override{
				{ID: "o1", User: "carol", Start: utc("2026-03-04T01:00:00Z"), End: utc("2026-03-04T05:00:00Z")},
				{ID: "o2", User: "dave", Start: utc("2026-03-04T02:00:00Z"), End: utc("2026-03-04T03:00:00Z")},
			},
			from: "2026-03-04T00:00:00Z", to: "2026-03-04T06:00:00Z",
			want: []span{
				{"bob", "2026-03-04T00:00:00Z", "2026-03-04T01:00:00Z"},
				{"carol", "2026-03-04T01:00:00Z", "2026-03-04T02:00:00Z"},
				{"dave", "2026-03-04T02:00:00Z", "2026-03-04T03:00:00Z"},
				{"carol", "2026-03-04T03:00:00Z", "2026-03-04T05:00:00Z"},
				{"bob", "2026-03-04T05:00:00Z", "2026-03-04T06:00:00Z"},
			},
			sources: []string{"rotation", "override", "override", "override", "rotation"},
		},
		{
			name:      "same user from a different source stays a separate piece",
			overrides: []Override{{ID: "o1", User: "bob", Start: utc("2026-03-04T01:00:00Z"), End: utc("2026-03-04T02:00:00Z")}},
			from:      "2026-03-04T00:00:00Z", to: "2026-03-04T03:00:00Z",
			want: []span{
				{"bob", "2026-03-04T00:00:00Z", "2026-03-04T01:00:00Z"},
				{"bob", "2026-03-04T01:00:00Z", "2026-03-04T02:00:00Z"},
				{"bob", "2026-03-04T02:00:00Z", "2026-03-04T03:00:00Z"},
			},
			sources: []string{"rotation", "override", "rotation"},
		},
		{
			name:      "overrides outside the range change nothing",
			overrides: []Override{{ID: "o1", User: "carol", Start: utc("2026-05-01T00:00:00Z"), End: utc("2026-05-02T00:00:00Z")}},
			from:      "2026-03-07T00:00:00Z", to: "2026-03-08T00:00:00Z",
			want:    []span{{"bob", "2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z"}},
			sources: []string{"rotation"},
		},
		{
			name: "an empty range is empty",
			from: "2026-03-07T00:00:00Z", to: "2026-03-07T00:00:00Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := twoLayers()
			s.Overrides = tt.overrides
			got := s.Final(utc(tt.from), utc(tt.to))
			assertSpans(t, got, tt.want)
			for i := 0; i < len(got) && i < len(tt.sources); i++ {
				if got[i].Source != tt.sources[i] {
					t.Errorf("shift %d source %q, want %q", i, got[i].Source, tt.sources[i])
				}
				wantLayer := map[string]int{"rotation": 0, "imported": 1, "override": -1}[tt.sources[i]]
				if got[i].Layer != wantLayer {
					t.Errorf("shift %d layer %d, want %d", i, got[i].Layer, wantLayer)
				}
			}
		})
	}
}

func TestFinalAnswersInTheScheduleZone(t *testing.T) {
	got := twoLayers().Final(utc("2026-03-03T00:00:00Z"), utc("2026-03-04T00:00:00Z"))
	if name, _ := got[1].Start.Zone(); name != "EST" {
		t.Errorf("zone %s, want EST", name)
	}
}

func TestUserShiftsArePiecesOfFinal(t *testing.T) {
	s := twoLayers()
	s.Overrides = []Override{{ID: "o1", User: "olga", Start: utc("2026-03-04T01:00:00Z"), End: utc("2026-03-04T02:00:00Z")}}
	got := UserShifts(s, "olga", utc("2026-03-03T00:00:00Z"), utc("2026-03-05T00:00:00Z"))
	assertSpans(t, got, []span{
		{"olga", "2026-03-03T14:00:00Z", "2026-03-03T22:00:00Z"},
		{"olga", "2026-03-04T01:00:00Z", "2026-03-04T02:00:00Z"},
		{"olga", "2026-03-04T14:00:00Z", "2026-03-04T22:00:00Z"},
	})
	if got := UserShifts(s, "nobody", utc("2026-03-03T00:00:00Z"), utc("2026-03-05T00:00:00Z")); len(got) != 0 {
		t.Errorf("nobody has %d shifts", len(got))
	}
}

func TestAnswersOnAnInvalidScheduleDoNotPanic(t *testing.T) {
	broken := []Schedule{
		{TimeZone: "Mars/Olympus", Layers: []Layer{{Rotation: &Rotation{Participants: []string{"a"}, Every: 1, Unit: UnitDays, Start: "2026-01-01T09:00"}}}},
		{TimeZone: "UTC", Layers: []Layer{{Rotation: &Rotation{Every: 1, Unit: UnitDays, Start: "2026-01-01T09:00"}}}},
		{TimeZone: "UTC", Layers: []Layer{{Rotation: &Rotation{Participants: []string{"a"}, Every: 0, Unit: "fortnights", Start: "soon"}}}},
		{TimeZone: "UTC", Layers: []Layer{{Rotation: &Rotation{Participants: []string{"a"}, Every: 1 << 62, Unit: UnitWeeks, Start: "2026-01-01T09:00"}}}},
		{TimeZone: "UTC", Layers: []Layer{{Shifts: []Shift{{User: "a", Start: utc("2026-01-02T00:00:00Z"), End: utc("2026-01-01T00:00:00Z")}}}}},
		{TimeZone: "UTC", Overrides: []Override{{User: "a", Start: utc("2026-01-02T00:00:00Z"), End: utc("2026-01-01T00:00:00Z")}}},
	}
	for i, s := range broken {
		if got := s.Final(utc("2025-12-01T00:00:00Z"), utc("2026-02-01T00:00:00Z")); len(got) != 0 {
			t.Errorf("schedule %d: %d shifts from nothing valid", i, len(got))
		}
		if _, ok := s.At(utc("2026-01-01T12:00:00Z")); ok {
			t.Errorf("schedule %d: someone on", i)
		}
		s.NowAndNext(utc("2026-01-01T12:00:00Z"))
	}
}
