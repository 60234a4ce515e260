package schedule

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// randomSchedule builds a valid schedule around [from, from+31d) from rng:
// rotations in zones with and without DST (hand-offs at :30 hit the gaps),
// fixed shifts with gaps, overlapping overrides.
func randomSchedule(rng *rand.Rand, from time.Time) Schedule {
	zones := []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"}
	users := []string{"ana", "ben", "cho", "dev", "eli"}
	pick := func() string { return users[rng.IntN(len(users))] }
	s := Schedule{ID: "random", Name: "Random", TimeZone: zones[rng.IntN(len(zones))]}
	for i := range 1 + rng.IntN(4) {
		if rng.IntN(10) < 7 {
			r := Rotation{}
			for range 1 + rng.IntN(4) {
				r.Participants = append(r.Participants, pick())
			}
			switch rng.IntN(3) {
			case 0:
				r.Unit, r.Every = UnitHours, 1+rng.IntN(30)
			case 1:
				r.Unit, r.Every = UnitDays, 1+rng.IntN(5)
			default:
				r.Unit, r.Every = UnitWeeks, 1+rng.IntN(2)
			}
			start := from.AddDate(0, 0, -rng.IntN(400)+10)
			start = time.Date(start.Year(), start.Month(), start.Day(), rng.IntN(24), 15*rng.IntN(4), 0, 0, time.UTC)
			r.Start = start.Format(WallLayout)
			if rng.IntN(10) < 3 {
				r.End = from.Add(time.Duration(rng.IntN(31*24)) * time.Hour).Format(WallLayout)
				if r.End <= r.Start {
					r.End = ""
				}
			}
			s.Layers = append(s.Layers, Layer{Name: fmt.Sprint("rotation ", i), Rotation: &r})
			continue
		}
		l := Layer{Name: fmt.Sprint("imported ", i)}
		for at := from.Add(-48 * time.Hour); at.Before(from.AddDate(0, 0, 33)); {
			at = at.Add(time.Duration(rng.IntN(20*60)) * time.Minute)
			end := at.Add(time.Duration(60+rng.IntN(30*60)) * time.Minute)
			l.Shifts = append(l.Shifts, Shift{User: pick(), Start: at, End: end})
			at = end
		}
		rng.Shuffle(len(l.Shifts), func(a, b int) { l.Shifts[a], l.Shifts[b] = l.Shifts[b], l.Shifts[a] })
		s.Layers = append(s.Layers, l)
	}
	for i := range rng.IntN(7) {
		start := from.Add(time.Duration(rng.IntN(31*24*60)) * time.Minute)
		s.Overrides = append(s.Overrides, Override{
			ID: fmt.Sprint("o", i), User: pick(), Start: start,
			End: start.Add(time.Duration(30+rng.IntN(3*24*60)) * time.Minute),
		})
	}
	return s
}

// TestFinalAgreesWithAt: for random schedules (fixed seed), the month of
// Final, sampled every 17 minutes, says the same as At; and Final is in
// order, inside the range, and fully merged.
func TestFinalAgreesWithAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 17))
	for n := range 40 {
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(330*24)) * time.Hour)
		to := from.AddDate(0, 0, 31)
		s := randomSchedule(rng, from)
		t.Run(fmt.Sprintf("%d %s", n, s.TimeZone), func(t *testing.T) {
			if errs := s.Validate(); len(errs) != 0 {
				t.Fatalf("generator made an invalid schedule: %v", errs)
			}
			final := s.Final(from, to)
			for i, sh := range final {
				if !sh.Start.Before(sh.End) || sh.Start.Before(from) || sh.End.After(to) {
					t.Fatalf("piece %d %v–%v is empty or outside the range", i, sh.Start, sh.End)
				}
				if i > 0 && sh.Start.Before(final[i-1].End) {
					t.Fatalf("piece %d overlaps the one before", i)
				}
				if i > 0 && sh.Start.Equal(final[i-1].End) && sameOwner(sh, final[i-1]) {
					t.Fatalf("pieces %d and %d should have been merged", i-1, i)
				}
			}
			piece := 0
			for at, sample := from, 0; at.Before(to); at, sample = at.Add(17*time.Minute), sample+1 {
				for piece < len(final) && !final[piece].End.After(at) {
					piece++
				}
				var want *Shift
				if piece < len(final) && !final[piece].Start.After(at) {
					want = &final[piece]
				}
				got, ok := s.At(at)
				switch {
				case ok != (want != nil):
					t.Fatalf("at %s: At says on=%v (%+v), Final says %+v", at, ok, got, want)
				case ok && (got.User != want.User || got.Source != want.Source || got.Layer != want.Layer):
					t.Fatalf("at %s: At says %s/%s/%d, Final says %s/%s/%d", at, got.User, got.Source, got.Layer, want.User, want.Source, want.Layer)
				case ok && (got.Start.After(at) || !got.End.After(at)):
					t.Fatalf("at %s: At's shift %v–%v does not contain it", at, got.Start, got.End)
				}
				if sample%97 == 0 {
					now, _ := s.NowAndNext(at)
					if (now != nil) != (want != nil) || (now != nil && !sameOwner(*now, *want)) {
						t.Fatalf("at %s: NowAndNext says %+v, Final says %+v", at, now, want)
					}
				}
			}
		})
	}
}
