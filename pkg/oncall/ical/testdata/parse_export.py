"""Parse a Warroom iCalendar export with the independent Python `icalendar`
library and print its events as JSON, for export_test.go to compare with what
Go exported. Times are printed as UTC ISO 8601."""
import json
import sys
from datetime import timezone

import icalendar

with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())


def utc(prop):
    return prop.dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


out = {
    "name": str(cal.get("X-WR-CALNAME", "")),
    "prodid": str(cal.get("PRODID", "")),
    "method": str(cal.get("METHOD", "")),
    "events": [],
}
for ev in cal.walk("VEVENT"):
    attendees = ev.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    out["events"].append({
        "uid": str(ev["UID"]),
        "summary": str(ev.get("SUMMARY", "")),
        "description": str(ev.get("DESCRIPTION", "")),
        "dtstart": utc(ev["DTSTART"]),
        "dtend": utc(ev["DTEND"]),
        "dtstamp": utc(ev["DTSTAMP"]),
        "attendees": [str(a) for a in attendees],
    })
json.dump(out, sys.stdout, ensure_ascii=False)
