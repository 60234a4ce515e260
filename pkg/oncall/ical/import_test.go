package ical

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04Z", s)
	if err != nil {
		panic(err)
	}
	return t
}

// line renders an occurrence for table comparison: start, end, who (the
// attendees, else the summary, which is how Grafana OnCall names the user),
// summary and UID.
func line(e Event) string {
	who := strings.Join(e.Attendees, ",")
	if who == "" {
		who = "-"
	}
	return fmt.Sprintf("%s %s %s %q %s", e.Start.UTC().Format("2006-01-02T15:04Z"), e.End.UTC().Format("2006-01-02T15:04Z"), who, e.Summary, e.UID)
}

const (
	googleUID  = "5p3uq1tk8o9m2v6c7b0r4d1e2f@google.com"
	outlookUID = "040000008200E00074C5B7101A82E00800000000B0C9A1D3F5A1DC01000000000000000010000000E4A5A0D76A1B1F4D9A9E5E5F3C0A1B2C"
)

func TestImportFixtures(t *testing.T) {
	cases := []struct {
		name, file string
		from, to   string
		want       []string
		warnings   []string // substrings, in order
	}{{
		// One VEVENT per shift in UTC; the first began before the window.
		name: "PagerDuty", file: "pagerduty.ics", from: "2026-03-01T00:00Z", to: "2026-03-16T00:00Z",
		want: []string{
			`2026-02-23T17:00Z 2026-03-02T17:00Z alice.jones@example.com "On Call - Alice Jones - Platform Escalation" Q2K8J4ZPDL8Y3F-PSCHED1-20260223T170000Z`,
			`2026-03-02T17:00Z 2026-03-09T17:00Z bob.smith@example.com "On Call - Bob Smith - Platform Escalation" Q2K8J4ZPDL8Y3F-PSCHED1-20260302T170000Z`,
			`2026-03-09T17:00Z 2026-03-16T17:00Z alice.jones@example.com "On Call - Alice Jones - Platform Escalation" Q2K8J4ZPDL8Y3F-PSCHED1-20260309T170000Z`,
		},
	}, {
		// Handoffs stay at 09:00 Amsterdam: 08:00Z before 2026-03-29, 07:00Z after.
		name: "Grafana OnCall OSS", file: "grafana-oncall.ics", from: "2026-03-16T00:00Z", to: "2026-04-13T00:00Z",
		want: []string{
			`2026-03-09T08:00Z 2026-03-16T08:00Z - "bob" oncall-S4Y8T2ZLD7QE1-o7c9a7b1-1-bob/20260309T080000Z`,
			`2026-03-16T08:00Z 2026-03-23T08:00Z - "alice" oncall-S4Y8T2ZLD7QE1-o7c9a7b1-0-alice/20260316T080000Z`,
			`2026-03-23T08:00Z 2026-03-30T07:00Z - "bob" oncall-S4Y8T2ZLD7QE1-o7c9a7b1-1-bob/20260323T080000Z`,
			`2026-03-30T07:00Z 2026-04-06T07:00Z - "alice" oncall-S4Y8T2ZLD7QE1-o7c9a7b1-0-alice/20260330T070000Z`,
			`2026-04-06T07:00Z 2026-04-13T07:00Z - "bob" oncall-S4Y8T2ZLD7QE1-o7c9a7b1-1-bob/20260406T070000Z`,
		},
	}, {
		name: "Opsgenie", file: "opsgenie.ics", from: "2026-03-10T00:00Z", to: "2026-03-12T00:00Z",
		want: []string{
			`2026-03-10T06:00Z 2026-03-10T18:00Z priya.raman@example.com "Priya Raman (EMEA, day)" 9a7d7a1e-5f0b-4d51-8d0e-5a0f4d2f1a11_20260310T060000Z`,
			`2026-03-10T18:00Z 2026-03-11T06:00Z marcus.lee@example.com "Marcus Lee (AMER, night)" 9a7d7a1e-5f0b-4d51-8d0e-5a0f4d2f1a11_20260310T180000Z`,
		},
	}, {
		// 09:00 New York is 14:00Z before 2026-03-08 and 13:00Z after; 03-09
		// is an EXDATE, 03-16 moved to Tuesday 10:00, 03-23 cancelled, and
		// 04-06 moved in to 03-31. UIDs keep the original start.
		name: "Google Calendar", file: "google.ics", from: "2026-03-01T00:00Z", to: "2026-04-01T00:00Z",
		want: []string{
			`2026-03-02T14:00Z 2026-03-02T22:00Z carol.diaz@example.com "Payments on-call: Carol" ` + googleUID + `/20260302T140000Z`,
			`2026-03-17T14:00Z 2026-03-17T22:00Z dave@example.com "Payments on-call: Dave (swap)" ` + googleUID + `/20260316T130000Z`,
			`2026-03-30T13:00Z 2026-03-30T21:00Z carol.diaz@example.com "Payments on-call: Carol" ` + googleUID + `/20260330T130000Z`,
			`2026-03-31T13:00Z 2026-03-31T21:00Z carol.diaz@example.com "Payments on-call: Carol (early)" ` + googleUID + `/20260406T130000Z`,
		},
	}, {
		// 04-06 moved out of this window; UNTIL ends the series before 04-27.
		name: "Google Calendar, next month", file: "google.ics", from: "2026-04-01T00:00Z", to: "2026-05-01T00:00Z",
		want: []string{
			`2026-04-13T13:00Z 2026-04-13T21:00Z carol.diaz@example.com "Payments on-call: Carol" ` + googleUID + `/20260413T130000Z`,
			`2026-04-20T13:00Z 2026-04-20T21:00Z carol.diaz@example.com "Payments on-call: Carol" ` + googleUID + `/20260420T130000Z`,
		},
	}, {
		// Windows zone names; Outlook's "Customized Time Zone" is read as UTC.
		name: "Outlook", file: "outlook.ics", from: "2026-03-30T00:00Z", to: "2026-04-03T00:00Z",
		want: []string{
			`2026-03-30T06:00Z 2026-03-30T16:00Z erik@example.com "Network on-call - Erik" ` + outlookUID + `/20260330T060000Z`,
			`2026-03-31T06:00Z 2026-03-31T16:00Z erik@example.com "Network on-call - Erik" ` + outlookUID + `/20260331T060000Z`,
			`2026-04-01T06:00Z 2026-04-01T16:00Z erik@example.com "Network on-call - Erik" ` + outlookUID + `/20260401T060000Z`,
			`2026-04-01T16:00Z 2026-04-02T00:00Z fiona@example.com "Network on-call - Fiona" 040000008200E00074C5B7101A82E00800000000D1E2F3A4B5C6DC01000000000000000010000000F1E2D3C4B5A69788`,
			`2026-04-02T09:00Z 2026-04-02T17:00Z gus@example.com "Network on-call - Gus" 040000008200E00074C5B7101A82E00800000000AA11BB22CC33DC01000000000000000010000000AA11BB22CC33DD44`,
		},
		warnings: []string{`unknown time zone "Customized Time Zone", read as UTC`},
	}, {
		// Whole Berlin days: midnight is 23:00Z in CET and 22:00Z in CEST.
		name: "all-day", file: "allday.ics", from: "2026-03-27T00:00Z", to: "2026-04-30T00:00Z",
		want: []string{
			`2026-03-27T23:00Z 2026-03-29T22:00Z - "Weekend duty: hanna" 6D4B2F1A-1C2D-4E5F-8A9B-0C1D2E3F4A5B`,
			`2026-03-31T22:00Z 2026-04-01T22:00Z - "Release day: ivan" 7E5C3A2B-2D3E-4F50-9B0C-1D2E3F4A5B6C`,
			`2026-04-02T22:00Z 2026-04-03T22:00Z - "Friday triage: jo" 8F6D4B3C-3E4F-5061-AC1D-2E3F4A5B6C7D/20260402T220000Z`,
			`2026-04-16T22:00Z 2026-04-17T22:00Z - "Friday triage: jo" 8F6D4B3C-3E4F-5061-AC1D-2E3F4A5B6C7D/20260416T220000Z`,
		},
		warnings: []string{"event without start time (DTSTART) skipped"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			events, warnings, err := Import(data, at(c.from), at(c.to), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range events {
				got = append(got, line(e))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("occurrences:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(c.want, "\n     "))
			}
			if len(warnings) != len(c.warnings) {
				t.Fatalf("warnings: got %v, want %d", warnings, len(c.warnings))
			}
			for i, w := range warnings {
				if !strings.Contains(w.String(), c.warnings[i]) {
					t.Errorf("warning %d: got %q, want it to contain %q", i, w, c.warnings[i])
				}
			}
		})
	}
}

// The texts that survive import: folded, escaped and unescaped commas, URL.
func TestImportTextFields(t *testing.T) {
	data, _ := os.ReadFile("testdata/opsgenie.ics")
	events, _, err := Import(data, at("2026-03-10T00:00Z"), at("2026-03-11T00:00Z"), Limits{})
	if err != nil || len(events) != 2 {
		t.Fatalf("got %d events, %v", len(events), err)
	}
	want := "Schedule: SRE_schedule\nRotation: EMEA day\nOverride: none\nThis shift was generated by the schedule's rotation rules; edits belong in the Opsgenie UI."
	if events[0].Description != want {
		t.Errorf("description %q", events[0].Description)
	}
	data, _ = os.ReadFile("testdata/pagerduty.ics")
	events, _, _ = Import(data, at("2026-03-01T00:00Z"), at("2026-03-02T00:00Z"), Limits{})
	if len(events) != 1 || events[0].URL != "https://acme.pagerduty.com/schedules#PSCHED1" {
		t.Errorf("url: %+v", events)
	}
}

func testdataFile(name string) ([]byte, error) { return os.ReadFile(filepath.Join("testdata", name)) }
