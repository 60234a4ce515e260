package schedule

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func validSchedule() Schedule {
	s := twoLayers()
	s.Overrides = []Override{{ID: "o1", User: "carol", Start: utc("2026-03-04T01:00:00Z"), End: utc("2026-03-04T03:00:00Z"), Reason: "cover request"}}
	return s
}

func TestValidateAcceptsAValidSchedule(t *testing.T) {
	if errs := validSchedule().Validate(); len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	s := validSchedule()
	s.Layers[0].Rotation.End = "2027-01-01T00:00"
	s.Layers[0].Rotation.Participants = []string{"a", "b", "a", "c"} // repeats are fine
	s.Layers = append(s.Layers, Layer{Name: "empty import"})         // a feed with no shifts yet
	if errs := s.Validate(); len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
}

func TestValidateNamesEachBadField(t *testing.T) {
	long := strings.Repeat("x", 10_000)
	many := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("u%d", i)
		}
		return out
	}
	tests := []struct {
		name   string
		change func(*Schedule)
		path   string
	}{
		{"empty id", func(s *Schedule) { s.ID = "" }, "id"},
		{"id not a slug", func(s *Schedule) { s.ID = "Ops Team" }, "id"},
		{"id too long", func(s *Schedule) { s.ID = strings.Repeat("a", 65) }, "id"},
		{"empty name", func(s *Schedule) { s.Name = "  " }, "name"},
		{"name too long", func(s *Schedule) { s.Name = strings.Repeat("é", 201) }, "name"},
		{"no zone", func(s *Schedule) { s.TimeZone = "" }, "timeZone"},
		{"host zone", func(s *Schedule) { s.TimeZone = "Local" }, "timeZone"},
		{"unknown zone", func(s *Schedule) { s.TimeZone = "Mars/Olympus" }, "timeZone"},
		{"no layers", func(s *Schedule) { s.Layers = nil }, "layers"},
		{"eleven layers", func(s *Schedule) { s.Layers = make([]Layer, 11) }, "layers"},
		{"layer name too long", func(s *Schedule) { s.Layers[1].Name = long }, "layers[1].name"},
		{"rotation and shifts", func(s *Schedule) { s.Layers[1].Rotation = s.Layers[0].Rotation }, "layers[1]"},
		{"no participants", func(s *Schedule) { s.Layers[0].Rotation.Participants = nil }, "layers[0].rotation.participants"},
		{"101 participants", func(s *Schedule) { s.Layers[0].Rotation.Participants = many(101) }, "layers[0].rotation.participants"},
		{"empty participant", func(s *Schedule) { s.Layers[0].Rotation.Participants[1] = "" }, "layers[0].rotation.participants[1]"},
		{"participant login too long", func(s *Schedule) { s.Layers[0].Rotation.Participants[0] = long }, "layers[0].rotation.participants[0]"},
		{"unknown unit", func(s *Schedule) { s.Layers[0].Rotation.Unit = "fortnights" }, "layers[0].rotation.unit"},
		{"every 0", func(s *Schedule) { s.Layers[0].Rotation.Every = 0 }, "layers[0].rotation.every"},
		{"every 169 hours", func(s *Schedule) { s.Layers[0].Rotation.Every, s.Layers[0].Rotation.Unit = 169, UnitHours }, "layers[0].rotation.every"},
		{"every 91 days", func(s *Schedule) { s.Layers[0].Rotation.Every, s.Layers[0].Rotation.Unit = 91, UnitDays }, "layers[0].rotation.every"},
		{"every 53 weeks", func(s *Schedule) { s.Layers[0].Rotation.Every = 53 }, "layers[0].rotation.every"},
		{"start with an offset", func(s *Schedule) { s.Layers[0].Rotation.Start = "2026-01-05T09:00:00+01:00" }, "layers[0].rotation.start"},
		{"start unparseable", func(s *Schedule) { s.Layers[0].Rotation.Start = "next monday" }, "layers[0].rotation.start"},
		{"end unparseable", func(s *Schedule) { s.Layers[0].Rotation.End = "never" }, "layers[0].rotation.end"},
		{"end before start", func(s *Schedule) { s.Layers[0].Rotation.End = "2026-02-01T09:00" }, "layers[0].rotation.end"},
		{"end equals start", func(s *Schedule) { s.Layers[0].Rotation.End = s.Layers[0].Rotation.Start }, "layers[0].rotation.end"},
		{"fixed shift without user", func(s *Schedule) { s.Layers[1].Shifts[2].User = "" }, "layers[1].shifts[2].user"},
		{"fixed shift ends before it starts", func(s *Schedule) { s.Layers[1].Shifts[3].End = s.Layers[1].Shifts[3].Start }, "layers[1].shifts[3].end"},
		{"fixed shift without start", func(s *Schedule) { s.Layers[1].Shifts[0].Start = time.Time{} }, "layers[1].shifts[0].start"},
		{"overlapping fixed shifts, reported on the later one", func(s *Schedule) {
			one := s.Layers[1].Shifts[1]
			s.Layers[1].Shifts[4] = Shift{User: "olga", Start: one.Start.Add(time.Hour), End: one.End.Add(time.Hour)}
		}, "layers[1].shifts[4].start"},
		{"a long fixed shift overlapping a later, non-adjacent one", func(s *Schedule) {
			s.Layers[1].Shifts[0].End = s.Layers[1].Shifts[4].Start.Add(time.Minute)
			s.Layers[1].Shifts = []Shift{s.Layers[1].Shifts[0], s.Layers[1].Shifts[4]}
		}, "layers[1].shifts[1].start"},
		{"5001 fixed shifts", func(s *Schedule) { s.Layers[1].Shifts = make([]Shift, 5001) }, "layers[1].shifts"},
		{"501 overrides", func(s *Schedule) { s.Overrides = make([]Override, 501) }, "overrides"},
		{"override without id", func(s *Schedule) { s.Overrides[0].ID = "" }, "overrides[0].id"},
		{"duplicate override id", func(s *Schedule) { s.Overrides = append(s.Overrides, s.Overrides[0]) }, "overrides[1].id"},
		{"override without user", func(s *Schedule) { s.Overrides[0].User = " " }, "overrides[0].user"},
		{"override end before start", func(s *Schedule) { s.Overrides[0].End = s.Overrides[0].Start.Add(-time.Minute) }, "overrides[0].end"},
		{"override end equals start", func(s *Schedule) { s.Overrides[0].End = s.Overrides[0].Start }, "overrides[0].end"},
		{"override longer than 31 days", func(s *Schedule) { s.Overrides[0].End = s.Overrides[0].Start.Add(31*24*time.Hour + time.Second) }, "overrides[0].end"},
		{"override without end", func(s *Schedule) { s.Overrides[0].End = time.Time{} }, "overrides[0].end"},
		{"override without start", func(s *Schedule) { s.Overrides[0].Start = time.Time{} }, "overrides[0].start"},
		{"reason too long", func(s *Schedule) { s.Overrides[0].Reason = long }, "overrides[0].reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSchedule()
			// Deep enough copies that one case cannot leak into the next.
			r := *s.Layers[0].Rotation
			r.Participants = append([]string(nil), r.Participants...)
			s.Layers = append([]Layer(nil), s.Layers...)
			s.Layers[0].Rotation = &r
			s.Layers[1].Shifts = append([]Shift(nil), s.Layers[1].Shifts...)
			tt.change(&s)
			errs := s.Validate()
			if len(errs) != 1 || errs[0].Path != tt.path {
				t.Fatalf("errors %v, want exactly one at %s", errs, tt.path)
			}
			if len(errs[0].Message) > 200 || strings.Contains(errs[0].Message, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") {
				t.Errorf("message echoes input: %.300s", errs[0].Message)
			}
		})
	}
}

func TestValidateReportsEveryProblemAndKeepsMessagesShort(t *testing.T) {
	s := validSchedule()
	s.TimeZone = strings.Repeat("Europe/", 2000)
	s.Layers[0].Rotation.Participants = []string{"", "ok", ""}
	s.Overrides[0].End = s.Overrides[0].Start
	errs := s.Validate()
	var paths []string
	for _, e := range errs {
		paths = append(paths, e.Path)
		if len(e.Message) > 200 {
			t.Errorf("%s: message of %d bytes", e.Path, len(e.Message))
		}
	}
	want := "[timeZone layers[0].rotation.participants[0] layers[0].rotation.participants[2] overrides[0].end]"
	if fmt.Sprint(paths) != want {
		t.Errorf("paths %v, want %s", paths, want)
	}
}
