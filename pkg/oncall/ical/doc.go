// Package ical turns plain on-call events into an iCalendar feed and back.
//
// Export writes the feed people subscribe to from Google Calendar, Outlook or
// Apple Calendar: every schedule, and every user's own shifts. Import reads
// the feeds that Grafana OnCall OSS, PagerDuty, Opsgenie and ordinary
// calendars publish, so a team can bring its existing rotation along as a
// schedule layer.
//
// The package knows nothing of schedules: it takes and returns Events, which
// are single occurrences with instants for start and end. Recurrences in an
// imported feed are expanded into occurrences inside the window the caller
// asks for, because every consumer of an on-call calendar ultimately needs to
// answer "who is on call at t", not to evaluate RRULEs.
//
// Parsing and writing go through github.com/emersion/go-ical, and recurrence
// expansion through github.com/teambition/rrule-go; this package adds what
// they leave out: time zones by Windows names, floating and all-day times,
// RECURRENCE-ID overrides, limits for hostile input, and line folding on
// export.
package ical
