package ical

import (
	"strings"
	"time"

	// Embedded zone data: the plugin back end runs inside Grafana's image,
	// which is not guaranteed to ship /usr/share/zoneinfo, and a feed whose
	// zones silently fall back to UTC would put every shift at the wrong hour.
	_ "time/tzdata"
)

// windowsZones maps the Windows time zone names that Outlook and Exchange
// write into TZID (they do not use IANA names) to the IANA zone of the
// territory "001" (the default) in CLDR's windowsZones.xml. Only the zones
// on-call teams commonly sit in are listed: an unlisted name is reported as a
// warning and read as UTC, which the importing user sees and can fix.
var windowsZones = map[string]string{
	"Dateline Standard Time":          "Etc/GMT+12",
	"Hawaiian Standard Time":          "Pacific/Honolulu",
	"Alaskan Standard Time":           "America/Anchorage",
	"Pacific Standard Time":           "America/Los_Angeles",
	"US Mountain Standard Time":       "America/Phoenix",
	"Mountain Standard Time":          "America/Denver",
	"Central Standard Time":           "America/Chicago",
	"Eastern Standard Time":           "America/New_York",
	"Atlantic Standard Time":          "America/Halifax",
	"E. South America Standard Time":  "America/Sao_Paulo",
	"UTC":                             "UTC",
	"GMT Standard Time":               "Europe/London",
	"Greenwich Standard Time":         "Atlantic/Reykjavik",
	"W. Europe Standard Time":         "Europe/Berlin",
	"Central Europe Standard Time":    "Europe/Budapest",
	"Central European Standard Time":  "Europe/Warsaw",
	"Romance Standard Time":           "Europe/Paris",
	"GTB Standard Time":               "Europe/Bucharest",
	"FLE Standard Time":               "Europe/Kiev",
	"E. Europe Standard Time":         "Europe/Chisinau",
	"Israel Standard Time":            "Asia/Jerusalem",
	"South Africa Standard Time":      "Africa/Johannesburg",
	"Russian Standard Time":           "Europe/Moscow",
	"Arabian Standard Time":           "Asia/Dubai",
	"India Standard Time":             "Asia/Kolkata",
	"China Standard Time":             "Asia/Shanghai",
	"Singapore Standard Time":         "Asia/Singapore",
	"Tokyo Standard Time":             "Asia/Tokyo",
	"Korea Standard Time":             "Asia/Seoul",
	"AUS Eastern Standard Time":       "Australia/Sydney",
	"New Zealand Standard Time":       "Pacific/Auckland",
	"Coordinated Universal Time":      "UTC",
	"Central Standard Time (Mexico)":  "America/Mexico_City",
	"Pacific Standard Time (Mexico)":  "America/Tijuana",
	"Mountain Standard Time (Mexico)": "America/Mazatlan",
}

// loadZone resolves a TZID to a location, or returns false. It accepts IANA
// names, the Windows names above, and the path-prefixed IANA names older
// Evolution and Thunderbird exports carry
// ("/mozilla.org/20070129_1/Europe/London").
func loadZone(tzid string) (*time.Location, bool) {
	tzid = strings.TrimSpace(tzid)
	// "Local" would make the result depend on the server's zone; "" is UTC to
	// time.LoadLocation but here means "no zone given", handled by callers.
	if tzid == "" || tzid == "Local" || len(tzid) > 128 {
		return nil, false
	}
	if name, ok := windowsZones[tzid]; ok {
		tzid = name
	}
	if loc, err := time.LoadLocation(tzid); err == nil {
		return loc, true
	}
	// Path-prefixed: try each suffix after a slash, longest first, so
	// ".../America/Argentina/Buenos_Aires" finds the three-part name.
	if strings.HasPrefix(tzid, "/") {
		rest := tzid
		for {
			i := strings.IndexByte(rest[1:], '/')
			if i < 0 {
				break
			}
			rest = rest[i+1:]
			if loc, err := time.LoadLocation(rest[1:]); err == nil && rest[1:] != "Local" {
				return loc, true
			}
		}
	}
	return nil, false
}
