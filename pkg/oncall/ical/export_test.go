package ical

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var stamp = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// sample has what stresses a writer: commas, semicolons, backslashes,
// newlines and non-ASCII in texts, a 200-character description to fold,
// logins and mixed-case emails, and a start given in another zone.
func sample() Calendar {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return Calendar{
		Name: "Platform, primary; Zürich ☎",
		Events: []Event{{
			UID:         "warroom-shift-42@warroom",
			Summary:     "On call: Zoë Ångström, primary; \"L1\" \\ backup",
			Description: string([]rune(strings.Repeat("Escalate to the 📟 pager, then call; ", 6))[:200]) + "\nsecond line",
			Start:       time.Date(2026, 3, 2, 9, 0, 0, 0, berlin),
			End:         time.Date(2026, 3, 9, 9, 0, 0, 0, berlin),
			Attendees:   []string{"zoe@example.com", "zoe.login"},
			URL:         "https://grafana.example.com/a/warroom-incident-app/schedules/7?a=1,2",
		}, {
			UID:       "warroom-shift-43@warroom",
			Summary:   "On call: bob (Primary)",
			Start:     time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC),
			End:       time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC),
			Attendees: []string{"bob@example.com"},
		}},
	}
}

func TestExportFormat(t *testing.T) {
	out, err := Export(sample(), stamp)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasSuffix(s, "\r\n") || strings.Count(s, "\n") != strings.Count(s, "\r\n") {
		t.Error("lines must end in CRLF")
	}
	folded := 0
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a UTF-8 sequence: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 3 {
		t.Errorf("expected the long description to be folded, %d continuation lines", folded)
	}
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "PRODID:-//Warroom//On-call//EN\r\n", "METHOD:PUBLISH\r\n",
		"X-WR-CALNAME;VALUE=TEXT:Platform\\, primary\\; Zürich ☎\r\n", "NAME:Platform\\, primary\\; Zürich ☎\r\n",
		"DTSTAMP:20260301T120000Z\r\n", "DTSTART:20260302T080000Z\r\n", "DTEND:20260309T080000Z\r\n",
		"ATTENDEE:mailto:zoe@example.com\r\n", "ATTENDEE;CN=zoe.login:urn:x-warroom:login:zoe.login\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	again, _ := Export(sample(), stamp)
	if !bytes.Equal(out, again) {
		t.Error("export is not deterministic")
	}
}

func TestExportEmpty(t *testing.T) {
	out, err := Export(Calendar{Name: "nobody"}, stamp)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), placeholder) || !strings.Contains(string(out), "END:VCALENDAR\r\n") {
		t.Errorf("empty calendar:\n%s", out)
	}
	events, _, err := Import(out, at("2026-01-01T00:00Z"), at("2027-01-01T00:00Z"), Limits{})
	if err != nil || len(events) != 0 {
		t.Errorf("re-import: %v %v", events, err)
	}
}

func TestExportRejects(t *testing.T) {
	for name, e := range map[string]Event{
		"no uid":   {Start: stamp, End: stamp},
		"inverted": {UID: "x", Start: stamp, End: stamp.Add(-time.Hour)},
	} {
		if _, err := Export(Calendar{Events: []Event{e}}, stamp); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	c := sample()
	out, err := Export(c, stamp)
	if err != nil {
		t.Fatal(err)
	}
	got, warnings, err := Import(out, at("2026-03-01T00:00Z"), at("2026-04-01T00:00Z"), Limits{})
	if err != nil || len(warnings) != 0 {
		t.Fatalf("%v %v", warnings, err)
	}
	for i := range c.Events {
		c.Events[i].Start, c.Events[i].End = c.Events[i].Start.UTC(), c.Events[i].End.UTC()
	}
	if !reflect.DeepEqual(got, c.Events) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got, c.Events)
	}
}

// repoRoot walks up from the package to the folder holding go.mod.
func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}

// TestExportReadByPythonICalendar has the export read by an independent
// parser, Python's icalendar, installed by scripts/setup.sh. It fails rather
// than skips without it: CI runs setup first, and a skipped check is no check.
func TestExportReadByPythonICalendar(t *testing.T) {
	python := filepath.Join(repoRoot(t), ".tools", "pyical", "bin", "python")
	if _, err := os.Stat(python); err != nil {
		t.Fatalf("Python icalendar is not installed at %s: run `bash scripts/setup.sh`", python)
	}
	c := sample()
	out, err := Export(c, stamp)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "export.ics")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, filepath.Join("testdata", "parse_export.py"), file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	js, err := cmd.Output()
	if err != nil {
		t.Fatalf("parse_export.py: %v\n%s", err, stderr.String())
	}
	type pyEvent struct {
		UID, Summary, Description, DTStart, DTEnd, DTStamp string
		Attendees                                          []string
	}
	var got struct {
		Name, ProdID, Method string
		Events               []pyEvent
	}
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatalf("%v: %s", err, js)
	}
	if got.Name != c.Name || got.ProdID != ProductID || got.Method != "PUBLISH" {
		t.Errorf("calendar: %+v", got)
	}
	var want []pyEvent
	for _, e := range c.Events {
		p := pyEvent{
			UID: e.UID, Summary: e.Summary, Description: e.Description,
			DTStart: e.Start.UTC().Format(time.RFC3339), DTEnd: e.End.UTC().Format(time.RFC3339), DTStamp: "2026-03-01T12:00:00Z",
		}
		for _, a := range e.Attendees {
			if strings.Contains(a, "@") {
				a = "mailto:" + a
			} else {
				a = loginURIPrefix + a
			}
			p.Attendees = append(p.Attendees, a)
		}
		want = append(want, p)
	}
	if !reflect.DeepEqual(got.Events, want) {
		t.Errorf("Python read:\n got %+v\nwant %+v", got.Events, want)
	}
}
