package ical

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

// Event is one occurrence of an on-call shift (or any calendar event).
type Event struct {
	// UID is stable: the same shift exported twice has the same UID, so a
	// subscribed calendar updates the event instead of duplicating it.
	UID         string
	Summary     string // "On call: alice (Primary)"
	Description string
	Start, End  time.Time // instants; End is exclusive
	// Attendees are emails or logins. Export writes emails as mailto:
	// addresses and logins as the CN of a non-mail address; Import returns
	// mailto: addresses lowercased and others by their CN.
	Attendees []string
	URL       string // optional link back to the schedule page
}

// Calendar is a named list of events.
type Calendar struct {
	Name   string // shown by calendar apps: X-WR-CALNAME and NAME (RFC 7986)
	Events []Event
}

// ProductID identifies Warroom as the producer of exported feeds.
const ProductID = "-//Warroom//On-call//EN"

// loginURIPrefix is the address written for an attendee that is a login, not
// an email: ATTENDEE is a URI by definition (RFC 5545 3.8.4.1), and mailto:
// with a made-up domain would invite calendar apps to send mail to it.
const loginURIPrefix = "urn:x-warroom:login:"

// placeholder stands in for the events of an empty calendar: go-ical refuses
// to encode a VCALENDAR without components (RFC 5545 asks for one), yet a
// user without shifts must still get a feed their calendar app accepts.
// Every client reads an empty VCALENDAR, so the placeholder is cut out again.
const placeholder = "X-WARROOM-EMPTY"

// Export writes c as an iCalendar 2.0 feed (METHOD:PUBLISH, all times in
// UTC, CRLF line ends, lines folded at 75 octets). now becomes every event's
// DTSTAMP, so the same input and now give the same bytes.
func Export(c Calendar, now time.Time) ([]byte, error) {
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, ProductID)
	cal.Props.SetText(goical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(goical.PropMethod, "PUBLISH")
	if name := cleanText(c.Name); name != "" {
		// go-ical writes X-WR-CALNAME;VALUE=TEXT, having no default type for
		// X- properties. Kept: without it Python's icalendar leaves the
		// escapes in (",\;"), and calendar apps ignore the parameter.
		cal.Props.SetText("X-WR-CALNAME", name)
		cal.Props.SetText(goical.PropName, name)
	}

	stamp := now.UTC().Truncate(time.Second)
	for i, e := range c.Events {
		comp, err := exportEvent(e, stamp)
		if err != nil {
			return nil, fmt.Errorf("ical: event %d: %w", i, err)
		}
		cal.Children = append(cal.Children, comp)
	}
	empty := len(cal.Children) == 0
	if empty {
		cal.Children = append(cal.Children, goical.NewComponent(placeholder))
	}

	var buf bytes.Buffer
	if err := goical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("ical: encode: %w", err)
	}
	out := buf.Bytes()
	if empty {
		out = bytes.Replace(out, []byte("BEGIN:"+placeholder+"\r\nEND:"+placeholder+"\r\n"), nil, 1)
	}
	return fold(out), nil
}

func exportEvent(e Event, stamp time.Time) (*goical.Component, error) {
	uid := cleanText(e.UID)
	if uid == "" {
		return nil, errors.New("no UID")
	}
	if e.Start.IsZero() || e.End.Before(e.Start) {
		return nil, errors.New("start missing or after end")
	}
	ev := goical.NewEvent()
	ev.Props.SetText(goical.PropUID, uid)
	ev.Props.SetDateTime(goical.PropDateTimeStamp, stamp)
	// UTC throughout: a feed without VTIMEZONE components is read the same by
	// every client, and shifts are instants, not wall-clock appointments.
	ev.Props.SetDateTime(goical.PropDateTimeStart, e.Start.UTC().Truncate(time.Second))
	ev.Props.SetDateTime(goical.PropDateTimeEnd, e.End.UTC().Truncate(time.Second))
	ev.Props.SetText(goical.PropSummary, cleanText(e.Summary))
	if d := cleanText(e.Description); d != "" {
		ev.Props.SetText(goical.PropDescription, d)
	}
	if u := cleanText(e.URL); u != "" {
		// Set as a raw URI: SetText would backslash-escape its commas.
		p := goical.NewProp(goical.PropURL)
		p.Value = u
		ev.Props.Set(p)
	}
	// Shifts occupy the person: TRANSP:OPAQUE makes them show as busy.
	ev.Props.SetText(goical.PropTransparency, "OPAQUE")
	for _, a := range e.Attendees {
		a = strings.TrimSpace(cleanText(a))
		if a == "" {
			continue
		}
		p := goical.NewProp(goical.PropAttendee)
		if strings.Contains(a, "@") {
			p.Value = "mailto:" + strings.ToLower(a)
		} else {
			// go-ical rejects a double quote in a parameter value.
			p.Params.Set(goical.ParamCommonName, strings.ReplaceAll(a, `"`, "'"))
			p.Value = loginURIPrefix + a
		}
		ev.Props.Add(p)
	}
	return ev.Component, nil
}

// cleanText drops what an iCalendar value cannot carry: invalid UTF-8 and
// control characters other than newline and tab (RFC 5545 3.3.11). CR is
// dropped too, so Windows line ends become plain newlines; go-ical escapes
// newlines in TEXT and refuses a raw CR.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// fold splits content lines longer than 75 octets (RFC 5545 3.1), which
// go-ical does not do: Outlook and older Apple clients reject long lines.
// Each continuation starts with a space that counts toward its 75 octets,
// and a cut never falls inside a UTF-8 sequence.
func fold(in []byte) []byte {
	const limit = 75
	var out bytes.Buffer
	out.Grow(len(in) + len(in)/64)
	for len(in) > 0 {
		i := bytes.Index(in, []byte("\r\n"))
		line := in
		if i >= 0 {
			line, in = in[:i], in[i+2:]
		} else {
			in = nil
		}
		width := limit
		for len(line) > width {
			cut := width
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			out.Write(line[:cut])
			out.WriteString("\r\n ")
			line = line[cut:]
			width = limit - 1
		}
		out.Write(line)
		out.WriteString("\r\n")
	}
	return out.Bytes()
}
