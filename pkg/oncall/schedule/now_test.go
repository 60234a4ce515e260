package schedule

import "testing"

func TestNowAndNext(t *testing.T) {
	daily := Rotation{Participants: []string{"a", "b", "c"}, Every: 1, Unit: UnitDays, Start: "2026-03-01T09:00"} // UTC: a Mar 1, b Mar 2, c Mar 3…
	tests := []struct {
		name      string
		schedule  Schedule
		at        string
		now, next *span
	}{
		{
			name:     "at a hand-off instant exactly, the shift starting then is now",
			schedule: rotating("UTC", daily),
			at:       "2026-03-02T09:00:00Z",
			now:      &span{"b", "2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"},
			next:     &span{"c", "2026-03-03T09:00:00Z", "2026-03-04T09:00:00Z"},
		},
		{
			name:     "an instant before the hand-off, the outgoing shift is now",
			schedule: rotating("UTC", daily),
			at:       "2026-03-02T08:59:59Z",
			now:      &span{"a", "2026-03-01T09:00:00Z", "2026-03-02T09:00:00Z"},
			next:     &span{"b", "2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"},
		},
		{
			name: "next skips pieces of the same user to the first different one",
			schedule: func() Schedule {
				s := rotating("UTC", daily)
				s.Overrides = []Override{{ID: "o1", User: "a", Start: utc("2026-03-02T09:00:00Z"), End: utc("2026-03-03T09:00:00Z")}}
				return s
			}(),
			at:   "2026-03-01T12:00:00Z",
			now:  &span{"a", "2026-03-01T09:00:00Z", "2026-03-02T09:00:00Z"},
			next: &span{"c", "2026-03-03T09:00:00Z", "2026-03-04T09:00:00Z"},
		},
		{
			name:     "nobody on before the rotation starts: next is the first shift",
			schedule: rotating("UTC", daily),
			at:       "2026-02-20T00:00:00Z",
			next:     &span{"a", "2026-03-01T09:00:00Z", "2026-03-02T09:00:00Z"},
		},
		{
			name:     "the rotation ends: no next within 90 days",
			schedule: rotating("UTC", Rotation{Participants: []string{"a", "b"}, Every: 1, Unit: UnitWeeks, Start: "2026-03-01T09:00", End: "2026-03-05T09:00"}),
			at:       "2026-03-04T00:00:00Z",
			now:      &span{"a", "2026-03-01T09:00:00Z", "2026-03-05T09:00:00Z"},
		},
		{
			name:     "one person forever: now's end is cut at 90 days, no next",
			schedule: rotating("UTC", Rotation{Participants: []string{"solo"}, Every: 1, Unit: UnitDays, Start: "2026-03-01T09:00"}),
			at:       "2026-03-10T00:00:00Z",
			now:      &span{"solo", "2026-03-01T09:00:00Z", "2026-06-08T00:00:00Z"},
		},
		{
			name:     "now's start is found beyond the first day of look-back",
			schedule: rotating("UTC", Rotation{Participants: []string{"a", "b"}, Every: 2, Unit: UnitWeeks, Start: "2026-03-02T09:00"}),
			at:       "2026-03-12T00:00:00Z",
			now:      &span{"a", "2026-03-02T09:00:00Z", "2026-03-16T09:00:00Z"},
			next:     &span{"b", "2026-03-16T09:00:00Z", "2026-03-30T09:00:00Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now, next := tt.schedule.NowAndNext(utc(tt.at))
			check := func(what string, got *Shift, want *span) {
				t.Helper()
				switch {
				case got == nil && want == nil:
				case got == nil || want == nil:
					t.Errorf("%s = %v, want %v", what, got, want)
				default:
					if g := spansOf([]Shift{*got})[0]; g != *want {
						t.Errorf("%s = %v, want %v", what, g, *want)
					}
				}
			}
			check("now", now, tt.now)
			check("next", next, tt.next)
		})
	}
}

func TestAtReturnsTheWholeWinningShift(t *testing.T) {
	s := twoLayers()
	s.Overrides = []Override{{ID: "o1", User: "carol", Start: utc("2026-03-04T01:00:00Z"), End: utc("2026-03-04T03:00:00Z")}}
	tests := []struct {
		at     string
		want   *span
		source string
	}{
		// bob's whole weekly turn, though the office layer hides part of it.
		{"2026-03-04T00:00:00Z", &span{"bob", "2026-03-02T14:00:00Z", "2026-03-09T13:00:00Z"}, SourceRotation},
		{"2026-03-04T01:00:00Z", &span{"carol", "2026-03-04T01:00:00Z", "2026-03-04T03:00:00Z"}, SourceOverride},
		{"2026-03-04T15:00:00Z", &span{"olga", "2026-03-04T14:00:00Z", "2026-03-04T22:00:00Z"}, SourceImported},
		{"2026-02-01T00:00:00Z", nil, ""},
	}
	for _, tt := range tests {
		sh, ok := s.At(utc(tt.at))
		if ok != (tt.want != nil) {
			t.Errorf("At(%s) ok = %v", tt.at, ok)
			continue
		}
		if !ok {
			continue
		}
		if g := spansOf([]Shift{sh})[0]; g != *tt.want || sh.Source != tt.source {
			t.Errorf("At(%s) = %v %s, want %v %s", tt.at, g, sh.Source, *tt.want, tt.source)
		}
	}
}
