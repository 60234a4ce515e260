package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func feed(events ...string) []byte {
	return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + strings.Join(events, "") + "END:VCALENDAR\r\n")
}

func vev(uid string, props ...string) string {
	return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n" + strings.Join(props, "\r\n") + "\r\nEND:VEVENT\r\n"
}

// importCounting runs Import's steps and returns the importer, so a test can
// read how many instants expansion generated: work is measured by counting,
// not by the clock of a busy CI machine.
func importCounting(t testing.TB, data []byte, from, to time.Time, max int) *importer {
	t.Helper()
	if err := precheck(data); err != nil {
		t.Fatal(err)
	}
	cal, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	im := newImporter(from, to, max)
	im.run(cal)
	return im
}

var secondly = feed(vev("flood", "DTSTART:19700101T000000Z", "DURATION:PT1S", "RRULE:FREQ=SECONDLY"))

// A SECONDLY rule without end, started in 1970: expansion starts just before
// the window and stops at MaxOccurrences.
func TestImportSecondlyStopsAtLimit(t *testing.T) {
	from, to := at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z")
	im := importCounting(t, secondly, from, to, DefaultMaxOccurrences)
	events, warnings, _ := im.finish()
	if len(events) != DefaultMaxOccurrences || !events[0].Start.Equal(from) {
		t.Fatalf("got %d events from %v", len(events), events[0].Start)
	}
	if im.spent > DefaultMaxOccurrences+5 {
		t.Errorf("generated %d instants for %d occurrences", im.spent, DefaultMaxOccurrences)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Message, "only the first 10000") {
		t.Errorf("warnings %v", warnings)
	}
	if events[1].UID != "flood/20260301T000001Z" {
		t.Errorf("uid %q", events[1].UID)
	}
}

// With COUNT the rule cannot be moved forward; the expansion budget stops it.
func TestImportExpansionBudget(t *testing.T) {
	data := feed(vev("count", "DTSTART:19700101T000000Z", "RRULE:FREQ=SECONDLY;COUNT=2000000000"))
	im := importCounting(t, data, at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z"), DefaultMaxOccurrences)
	events, warnings, _ := im.finish()
	if len(events) != 0 || im.spent != maxExpansion+1 {
		t.Errorf("got %d events after %d instants", len(events), im.spent)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Message, "too many occurrences before the import window") {
		t.Errorf("warnings %v", warnings)
	}
}

// Rules that never match make rrule-go search period by period; BYSETPOS on
// a sub-daily rule would search one second at a time, so it is refused.
func TestImportUnsupportedRule(t *testing.T) {
	data := feed(vev("setpos", "DTSTART:20260301T000000Z", "RRULE:FREQ=SECONDLY;BYSETPOS=2"))
	events, warnings, err := Import(data, at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z"), Limits{})
	if err != nil || len(events) != 1 || len(warnings) != 1 || !strings.Contains(warnings[0].Message, "unsupported recurrence rule") {
		t.Errorf("events %v warnings %v err %v", events, warnings, err)
	}
}

func BenchmarkImportSecondly(b *testing.B) {
	from, to := at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z")
	for b.Loop() {
		if _, _, err := Import(secondly, from, to, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// neverMatching holds rules rrule-go would search for up to the year 9999.
var neverMatching = feed(
	vev("feb30", "DTSTART:20260101T000000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
	vev("feb30s", "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30"),
	vev("weekly-tue", "DTSTART:20260105T000000Z", "RRULE:FREQ=DAILY;INTERVAL=7;BYDAY=TU"), // a Monday
	vev("weekly-feb30", "DTSTART:20260105T000000Z", "RRULE:FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30"),
)

func TestImportNeverMatching(t *testing.T) {
	events, warnings, err := Import(neverMatching, at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z"), Limits{})
	if err != nil || len(events) != 0 || len(warnings) != 4 {
		t.Fatalf("events %v warnings %v err %v", events, warnings, err)
	}
	for _, w := range warnings {
		if !strings.Contains(w.Message, "never matches") {
			t.Errorf("warning %q", w)
		}
	}
	// A rule that does match, rarely, is kept: February 29th.
	leap := feed(vev("leap", "DTSTART:20260101T000000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29"))
	events, _, _ = Import(leap, at("2028-01-01T00:00Z"), at("2029-01-01T00:00Z"), Limits{})
	if len(events) != 1 || !events[0].Start.Equal(at("2028-02-29T00:00Z")) {
		t.Errorf("leap day: %v", events)
	}
}

func BenchmarkImportNeverMatching(b *testing.B) {
	data := neverMatching
	from, to := at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z")
	for b.Loop() {
		if _, _, err := Import(data, from, to, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestImportErrors(t *testing.T) {
	from, to := at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z")
	secret := "SECRETTOKEN-abcdefghijklmnop"
	cases := []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"too large", bytes.Repeat([]byte("x"), 2048), Limits{MaxBytes: 1024}, "more than the 1 KiB allowed"},
		{"html login page", []byte("<!DOCTYPE html><html>" + secret), Limits{}, "not an iCalendar file"},
		{"vcard", []byte("BEGIN:VCARD\r\nFN:" + secret + "\r\nEND:VCARD\r\n"), Limits{}, "not an iCalendar file"},
		{"unterminated", []byte("BEGIN:VCALENDAR\r\nX-" + secret + ":1\r\n"), Limits{}, "malformed"},
		{"mismatched end", []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:" + secret + "\r\nEND:VCALENDAR\r\n"), Limits{}, "malformed"},
		// go-ical panics on these parameter lists; the panic is recovered.
		{"quote then text", feed("X;A=\"b\"" + secret + ":1\r\n"), Limits{}, "malformed"},
		{"params without colon", feed("X;A=" + secret + "\r\n"), Limits{}, "malformed"},
		{"long parameter", feed("X;A=" + strings.Repeat("a", maxHeader) + ":1\r\n"), Limits{}, "malformed"},
		{"deep nesting", feed(strings.Repeat("BEGIN:X\r\n", 20) + strings.Repeat("END:X\r\n", 20)), Limits{}, "malformed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Import(c.data, from, to, c.lim)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if strings.Contains(err.Error(), secret[:6]) {
				t.Errorf("error echoes the input: %v", err)
			}
		})
	}
}

func TestImportWarnings(t *testing.T) {
	long := strings.Repeat("Z", 500)
	data := feed(
		vev("tz", "DTSTART;TZID=Mars/Olympus_Mons:20260301T100000", "DTEND;TZID=Mars/Olympus_Mons:20260301T110000"),
		vev("tzlong", "DTSTART;TZID="+long+":20260301T100000"),
		vev("nostart", "SUMMARY:x"),
		vev("badrule", "DTSTART:20260301T120000Z", "RRULE:FREQ=FORTNIGHTLY"),
		vev("dosdate", "DTSTART:not-a-date"),
	)
	events, warnings, err := Import(data, at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, line(e))
	}
	want := []string{
		`2026-03-01T10:00Z 2026-03-01T10:00Z - "" tzlong`,
		`2026-03-01T10:00Z 2026-03-01T11:00Z - "" tz`,
		`2026-03-01T12:00Z 2026-03-01T12:00Z - "" badrule/20260301T120000Z`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
	var msgs []string
	for _, w := range warnings {
		msgs = append(msgs, w.String())
		if len(w.String()) > 160 {
			t.Errorf("warning quotes too much: %q", w)
		}
	}
	wantMsgs := []string{
		`event tz: unknown time zone "Mars/Olympus_Mons", read as UTC`,
		`event tzlong: unknown time zone "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ…", read as UTC`,
		`event nostart: event without start time (DTSTART) skipped`,
		`event badrule: unreadable recurrence rule; only its first occurrence was imported`,
		`event dosdate: unreadable start time (DTSTART), event skipped`,
	}
	if strings.Join(msgs, "\n") != strings.Join(wantMsgs, "\n") {
		t.Errorf("warnings\n%s", strings.Join(msgs, "\n"))
	}
}

// FuzzImport checks that no input panics or runs away; the seeds are the
// fixtures and the hostile feeds above (go test runs only the seeds).
func FuzzImport(f *testing.F) {
	for _, name := range []string{"pagerduty", "grafana-oncall", "opsgenie", "google", "outlook", "allday"} {
		data, err := testdataFile(name + ".ics")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(secondly)
	f.Add(feed("X;A=\"b\"c:1\r\n"))
	from, to := at("2026-03-01T00:00Z"), at("2026-04-01T00:00Z")
	f.Fuzz(func(t *testing.T, data []byte) {
		events, _, err := Import(data, from, to, Limits{MaxOccurrences: 100})
		if err == nil && len(events) > 100 {
			t.Fatalf("%d events", len(events))
		}
	})
}

// A feed packed with recurring events evaluates at most maxRules rules
// (each costs a search); the rest keep their first occurrence, and the
// report says so once per event, within the warnings bound.
func TestImportBoundsTheRulesItEvaluates(t *testing.T) {
	var evs []string
	for i := range maxRules + 5 {
		evs = append(evs, vev("r"+strings.Repeat("x", i%3)+string(rune('a'+i%26))+string(rune('a'+i/26)), "DTSTART:20260301T000000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY"))
	}
	im := importCounting(t, feed(evs...), at("2026-03-01T00:00Z"), at("2026-03-03T00:00Z"), 10_000)
	if im.rules != maxRules {
		t.Fatalf("%d rules evaluated, want %d", im.rules, maxRules)
	}
	// maxRules events with two occurrences each, five with their first only.
	if got := len(im.out); got != 2*maxRules+5 {
		t.Errorf("%d occurrences, want %d", got, 2*maxRules+5)
	}
}
