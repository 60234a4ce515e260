package ical

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// Limits bound what one Import may cost. Zero fields take the defaults.
type Limits struct {
	MaxBytes       int // largest input accepted; default DefaultMaxBytes
	MaxOccurrences int // most occurrences returned; default DefaultMaxOccurrences
}

// Defaults for Limits.
const (
	DefaultMaxBytes       = 1 << 20
	DefaultMaxOccurrences = 10_000
)

// Bounds on hostile input that no real feed comes near.
const (
	// maxExpansion bounds the instants recurrence expansion generates in one
	// import, counting those before the window: a DAILY rule started in 1990
	// yields 13,000 before 2026, a SECONDLY one would yield a billion.
	maxExpansion = 200_000
	// maxHeader bounds a content line's name and parameters: go-ical builds
	// parameter values a byte at a time, quadratic in their length.
	maxHeader = 4 << 10
	// maxDepth bounds component nesting (VCALENDAR > VEVENT > VALARM is 3);
	// go-ical's decoder recurses once per level.
	maxDepth = 8
	// maxWarnings keeps the report readable; the last one counts the rest.
	maxWarnings = 50
	// maxRules bounds the recurrence rules one import evaluates: checking
	// that a rule can ever match costs milliseconds (rrule-go searches
	// period by period), and real feeds hold a few (OnCall: one per
	// rotation; PagerDuty and Opsgenie: none, one event per shift).
	maxRules = 200
)

// Warning reports something Import skipped or guessed; the import still
// succeeded. Messages are for end users and quote at most a few characters of
// the input.
type Warning struct {
	UID     string // the event concerned (shortened), or "" for the calendar
	Message string
}

func (w Warning) String() string {
	if w.UID == "" {
		return w.Message
	}
	return "event " + w.UID + ": " + w.Message
}

var (
	errNotCalendar = errors.New("this is not an iCalendar file: it does not start with BEGIN:VCALENDAR")
	errMalformed   = errors.New("the iCalendar file is malformed and could not be read")
)

// Import reads an iCalendar feed and returns the occurrences of its events
// that overlap [from, to), sorted by start. Recurring events are expanded
// (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides, cancelled instances); each
// occurrence of a recurring event gets the UID "<UID>/<original start in
// UTC>", so it stays the same across imports even when the instance moved.
func Import(data []byte, from, to time.Time, lim Limits) ([]Event, []Warning, error) {
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultMaxBytes
	}
	if lim.MaxOccurrences <= 0 {
		lim.MaxOccurrences = DefaultMaxOccurrences
	}
	if len(data) > lim.MaxBytes {
		return nil, nil, fmt.Errorf("the calendar file is %s, more than the %s allowed", size(len(data)), size(lim.MaxBytes))
	}
	if !to.After(from) {
		return nil, nil, errors.New("ical: import window is empty")
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")) // BOM, as Windows tools write it
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) < 15 || !bytes.EqualFold(data[:15], []byte("BEGIN:VCALENDAR")) {
		return nil, nil, errNotCalendar
	}
	if err := precheck(data); err != nil {
		return nil, nil, err
	}
	cal, err := decode(data)
	if err != nil {
		return nil, nil, err
	}

	im := newImporter(from, to, lim.MaxOccurrences)
	im.run(cal)
	return im.finish()
}

func newImporter(from, to time.Time, max int) *importer {
	return &importer{
		from: from, to: to, max: max,
		floating: time.UTC,
		zones:    map[string]*time.Location{},
		aliases:  map[string]string{},
		budget:   maxExpansion,
	}
}

// precheck rejects input that would make go-ical slow or deep before it is
// parsed: over-long property headers (name and parameters) and deep nesting.
// It follows RFC 5545 unfolding: a line break followed by a space or tab
// continues the line.
func precheck(data []byte) error {
	depth := 0
	head, quoted, inHead := 0, false, true
	lineStart := true
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			if i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\t') {
				i++ // folded: the content line continues
				continue
			}
			head, quoted, inHead, lineStart = 0, false, true, true
			continue
		}
		if lineStart {
			lineStart = false
			rest := data[i:]
			if len(rest) >= 6 && bytes.EqualFold(rest[:6], []byte("BEGIN:")) {
				if depth++; depth > maxDepth {
					return errMalformed
				}
			} else if len(rest) >= 4 && bytes.EqualFold(rest[:4], []byte("END:")) {
				depth--
			}
		}
		if !inHead || c == '\r' {
			continue
		}
		switch {
		case c == '"':
			quoted = !quoted
		case c == ':' && !quoted:
			inHead = false
		}
		if head++; head > maxHeader {
			return errMalformed
		}
	}
	return nil
}

// decode parses with go-ical, turning its errors (which quote the input) and
// its panics (it indexes past the end of some malformed parameter lists)
// into one message fit for an end user.
func decode(data []byte) (cal *goical.Calendar, err error) {
	defer func() {
		if recover() != nil {
			cal, err = nil, errMalformed
		}
	}()
	cal, err = goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, errMalformed
	}
	return cal, nil
}

type importer struct {
	from, to time.Time
	max      int
	floating *time.Location // for floating times and dates: X-WR-TIMEZONE, else UTC
	zones    map[string]*time.Location
	aliases  map[string]string // VTIMEZONE TZID → its X-LIC-LOCATION
	budget   int               // instants expansion may still generate
	rules    int               // recurrence rules evaluated so far (maxRules)
	spent    int               // instants generated, for tests
	out      []Event
	cut      bool // occurrences were dropped for MaxOccurrences
	warnings []Warning
	dropped  int // warnings beyond maxWarnings
}

func (im *importer) warn(uid, format string, args ...any) {
	if len(im.warnings) >= maxWarnings {
		im.dropped++
		return
	}
	im.warnings = append(im.warnings, Warning{UID: clip(uid, 40), Message: fmt.Sprintf(format, args...)})
}

// vevent is a VEVENT with the fields Import needs already read.
type vevent struct {
	comp    *goical.Component
	uid     string
	summary string
	// recurrenceID is the original start an override replaces; zero for a
	// master event.
	recurrenceID time.Time
}

func (im *importer) run(cal *goical.Calendar) {
	if p := cal.Props.Get("X-WR-TIMEZONE"); p != nil && strings.TrimSpace(p.Value) != "" {
		if loc, ok := loadZone(p.Value); ok {
			im.floating = loc
		} else {
			im.warn("", "unknown calendar time zone %q, floating times read as UTC", clip(p.Value, 40))
		}
	}
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone {
			continue
		}
		if tzid, lic := c.Props.Get(goical.PropTimezoneID), c.Props.Get("X-LIC-LOCATION"); tzid != nil && lic != nil {
			im.aliases[tzid.Value] = lic.Value
		}
	}

	var masters, overrides []vevent
	hasMaster := map[string]bool{}
	cancelled := map[string]bool{} // masters cancelled as a whole
	replaced := map[string]bool{}  // uid + original start of each override
	for i, c := range cal.Children {
		if c.Name != goical.CompEvent {
			continue
		}
		v := vevent{comp: c, uid: text(c.Props.Get(goical.PropUID)), summary: text(c.Props.Get(goical.PropSummary))}
		if v.uid == "" {
			v.uid = syntheticUID(c, i)
		}
		if p := c.Props.Get(goical.PropRecurrenceID); p != nil {
			t, _, err := im.parseTime(p, p.Value, v.uid)
			if err != nil {
				im.warn(v.uid, "unreadable RECURRENCE-ID, instance skipped")
				continue
			}
			v.recurrenceID = t
			replaced[occurrenceKey(v.uid, t)] = true
			overrides = append(overrides, v)
			continue
		}
		masters = append(masters, v)
		hasMaster[v.uid] = true
		if isCancelled(c) {
			cancelled[v.uid] = true
		}
	}

	for _, v := range masters {
		if !cancelled[v.uid] {
			im.expand(v, replaced)
		}
	}
	for _, v := range overrides {
		if cancelled[v.uid] || isCancelled(v.comp) {
			continue
		}
		im.single(v, v.recurrenceID)
	}
}

// expand emits the occurrences of a master event inside the window, leaving
// out those an override replaces.
func (im *importer) expand(v vevent, replaced map[string]bool) {
	start, length, ok := im.span(v)
	if !ok {
		return
	}
	c := v.comp
	rr, rdates, exdates := c.Props.Get(goical.PropRecurrenceRule), c.Props.Values(goical.PropRecurrenceDates), c.Props.Values(goical.PropExceptionDates)
	if rr == nil && len(rdates) == 0 {
		if !replaced[occurrenceKey(v.uid, start)] {
			im.emit(v, v.uid, start, length)
		}
		return
	}

	set := &rrule.Set{}
	// DTSTART is always the first instance (RFC 5545 3.8.5.3), whether or
	// not the rule would produce it; the set drops the duplicate.
	set.RDate(start)
	if rr != nil && im.rules >= maxRules {
		im.warn(v.uid, "more than %d recurring events; only the first occurrence of the rest was imported", maxRules)
		rr = nil
	}
	if rr != nil {
		im.rules++
		if r, err := im.rule(rr.Value, start, length); err != nil {
			im.warn(v.uid, "%s; only its first occurrence was imported", err)
		} else {
			set.RRule(r)
		}
	}
	for _, p := range rdates {
		for _, s := range strings.Split(p.Value, ",") {
			// A PERIOD value ("start/end"): its start, with the event's length.
			s, _, _ = strings.Cut(s, "/")
			if t, _, err := im.parseTime(&p, s, v.uid); err == nil {
				set.RDate(t)
			} else {
				im.warn(v.uid, "unreadable RDATE skipped")
			}
		}
	}
	for _, p := range exdates {
		for _, s := range strings.Split(p.Value, ",") {
			if t, _, err := im.parseTime(&p, s, v.uid); err == nil {
				set.ExDate(t)
			} else {
				im.warn(v.uid, "unreadable EXDATE skipped")
			}
		}
	}

	next := set.Iterator()
	emitted := 0
	for {
		t, ok := next()
		if !ok || !t.Before(im.to) {
			return
		}
		im.spent++
		if im.budget--; im.budget < 0 {
			im.warn(v.uid, "recurrence expands to too many occurrences before the import window; the rest were skipped")
			return
		}
		uid := occurrenceKey(v.uid, t)
		if replaced[uid] {
			continue
		}
		if emitted >= im.max {
			// This one and all later ones start after MaxOccurrences others
			// of this event, so none could be kept.
			im.cut = true
			return
		}
		if im.emit(v, uid, t, length) {
			emitted++
		}
	}
}

// rule parses an RRULE for an event starting at start. Sub-daily rules are
// moved forward to just before the window: from a DTSTART years back a
// SECONDLY rule would otherwise generate a billion instants to get there.
func (im *importer) rule(value string, start time.Time, length func(time.Time) time.Time) (*rrule.RRule, error) {
	// UNTIL without a zone is in the event's zone (RFC 5545 3.3.10).
	opt, err := rrule.StrToROptionInLocation(value, start.Location())
	if err != nil {
		return nil, errors.New("unreadable recurrence rule")
	}
	opt.Byeaster = nil // an rrule-go extension, not iCalendar
	var step time.Duration
	switch opt.Freq {
	case rrule.HOURLY:
		step = time.Hour
	case rrule.MINUTELY:
		step = time.Minute
	case rrule.SECONDLY:
		step = time.Second
	}
	if step != 0 {
		// A set of a sub-daily rule holds one instant: any BYSETPOS other
		// than 1 or -1 never matches, and rrule-go would then search one
		// period at a time up to the year 9999.
		for _, p := range opt.Bysetpos {
			if p != 1 && p != -1 {
				return nil, errors.New("unsupported recurrence rule")
			}
		}
		opt.Bysetpos = nil
		if opt.Interval < 1 {
			opt.Interval = 1
		}
		step *= time.Duration(opt.Interval)
		// COUNT counts from the real DTSTART, so such rules cannot move;
		// the expansion budget bounds them instead.
		if opt.Count == 0 {
			start = rebase(start, im.from.Add(-(length(start).Sub(start) + step)), step)
		}
	}
	if !feasible(*opt, start) {
		return nil, errors.New("recurrence rule never matches")
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, errors.New("unreadable recurrence rule")
	}
	return r, nil
}

// feasible rules out recurrence rules that can never match, which rrule-go
// would search for one period at a time up to the year 9999: for a DAILY
// rule that is three million steps (February 30th, say). It asks a YEARLY
// rule with the same day filters, loosened (BYDAY without ordinals, no
// BYSETPOS), for one day: a yearly search costs 8,000 steps at most, and if
// even the loosened filters match no day, the rule matches none. Rules that
// pass can still fail to match in rarer ways (MONTHLY;BYDAY=5MO;BYMONTHDAY=1,
// 100,000 monthly steps), which costs milliseconds, not seconds.
func feasible(opt rrule.ROption, start time.Time) bool {
	days := []rrule.Weekday{rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU}
	// A step of whole weeks visits one weekday only: DTSTART's.
	if len(opt.Byweekday) > 0 && opt.Freq >= rrule.DAILY {
		unit := map[rrule.Frequency]int{rrule.DAILY: 86400, rrule.HOURLY: 3600, rrule.MINUTELY: 60, rrule.SECONDLY: 1}[opt.Freq]
		if step := max(opt.Interval, 1) * unit; step%(7*86400) == 0 {
			w := (int(start.Weekday()) + 6) % 7 // rrule-go counts from Monday
			ok := false
			for _, d := range opt.Byweekday {
				ok = ok || d.Day() == w
			}
			if !ok {
				return false
			}
		}
	}
	if opt.Freq == rrule.YEARLY || len(opt.Bymonth)+len(opt.Bymonthday)+len(opt.Byyearday)+len(opt.Byweekno)+len(opt.Byweekday) == 0 {
		return true
	}
	probe := rrule.ROption{
		Freq: rrule.YEARLY, Dtstart: start, Count: 1,
		Bymonth: opt.Bymonth, Bymonthday: opt.Bymonthday, Byyearday: opt.Byyearday, Byweekno: opt.Byweekno,
	}
	for _, d := range opt.Byweekday {
		probe.Byweekday = append(probe.Byweekday, days[d.Day()])
	}
	r, err := rrule.NewRRule(probe)
	if err != nil {
		return false
	}
	_, ok := r.Iterator()()
	return ok
}

// rebase moves start forward by whole steps to the last grid point at or
// before target. It steps in wall-clock time, as rrule-go does, so the
// instants of the rule are unchanged across daylight-saving changes.
func rebase(start, target time.Time, step time.Duration) time.Time {
	w0, wt := wall(start, start.Location()), wall(target, start.Location())
	if !wt.After(w0) {
		return start
	}
	n := wt.Sub(w0) / step
	w := w0.Add(n * step)
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, start.Location())
}

// single emits an override: an instance of a recurring event that was moved
// or changed, identified by the original start it replaces.
func (im *importer) single(v vevent, original time.Time) {
	start, length, ok := im.span(v)
	if !ok {
		return
	}
	im.emit(v, occurrenceKey(v.uid, original), start, length)
}

// span reads an event's start and a function giving an occurrence's end from
// its start. Lengths are wall-clock: a shift from 09:00 to 09:00 a week later
// ends at 09:00 in every occurrence, across daylight-saving changes too, and
// all-day events last whole local days. RFC 5545 3.8.5.3 asks for the exact
// length of DTEND - DTSTART instead, but Google Calendar, Outlook and
// Python's icalendar stack (which Grafana OnCall uses) all keep local times,
// and for a rotation the exact reading would put a one-hour overlap or gap
// at each change. For UTC times both readings agree.
func (im *importer) span(v vevent) (time.Time, func(time.Time) time.Time, bool) {
	c := v.comp
	sp := c.Props.Get(goical.PropDateTimeStart)
	if sp == nil {
		im.warn(v.uid, "event without start time (DTSTART) skipped")
		return time.Time{}, nil, false
	}
	start, allDay, err := im.parseTime(sp, sp.Value, v.uid)
	if err != nil {
		im.warn(v.uid, "unreadable start time (DTSTART), event skipped")
		return time.Time{}, nil, false
	}
	same := func(t time.Time) time.Time { return t }
	if ep := c.Props.Get(goical.PropDateTimeEnd); ep != nil {
		end, _, err := im.parseTime(ep, ep.Value, v.uid)
		if err != nil || end.Before(start) {
			im.warn(v.uid, "unreadable or inverted end time (DTEND), read as the start time")
			return start, same, true
		}
		d := wall(end, start.Location()).Sub(wall(start, start.Location()))
		return start, func(t time.Time) time.Time { return addWall(t, d) }, true
	}
	if dp := c.Props.Get(goical.PropDuration); dp != nil {
		d, err := dp.Duration()
		if err != nil || d < 0 {
			im.warn(v.uid, "unreadable DURATION, read as zero")
			return start, same, true
		}
		// go-ical turns days into 24 hours; days are calendar days, the
		// rest exact time (RFC 5545 3.3.6).
		days, rest := d/(24*time.Hour)*(24*time.Hour), d%(24*time.Hour)
		return start, func(t time.Time) time.Time { return addWall(t, days).Add(rest) }, true
	}
	if allDay {
		return start, func(t time.Time) time.Time { return addWall(t, 24*time.Hour) }, true
	}
	return start, same, true
}

// wall is t's wall clock in loc, as a UTC time for arithmetic without
// daylight-saving changes.
func wall(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// addWall adds d to t's wall clock in t's own zone.
func addWall(t time.Time, d time.Duration) time.Time {
	w := wall(t, t.Location()).Add(d)
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, t.Location())
}

// emit adds an occurrence if it overlaps the window, and says whether it did.
func (im *importer) emit(v vevent, uid string, start time.Time, length func(time.Time) time.Time) bool {
	end := length(start)
	if !start.Before(im.to) || (end.After(start) && !end.After(im.from)) || (end.Equal(start) && start.Before(im.from)) {
		return false
	}
	c := v.comp
	e := Event{
		UID:         uid,
		Summary:     v.summary,
		Description: text(c.Props.Get(goical.PropDescription)),
		URL:         strings.TrimSpace(valueOf(c.Props.Get(goical.PropURL))),
		Start:       start.UTC(),
		End:         end.UTC(),
	}
	seen := map[string]bool{}
	for _, p := range c.Props.Values(goical.PropAttendee) {
		a := attendee(p)
		if a != "" && !seen[a] {
			seen[a] = true
			e.Attendees = append(e.Attendees, a)
		}
	}
	im.out = append(im.out, e)
	// Keep memory bounded: past twice the limit, keep the earliest.
	if len(im.out) >= 2*im.max {
		im.compact()
	}
	return true
}

func (im *importer) compact() {
	sort.SliceStable(im.out, func(i, j int) bool {
		a, b := im.out[i], im.out[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		if !a.End.Equal(b.End) {
			return a.End.Before(b.End)
		}
		return a.UID < b.UID
	})
	if len(im.out) > im.max {
		im.out = im.out[:im.max:im.max]
		im.cut = true
	}
}

func (im *importer) finish() ([]Event, []Warning, error) {
	im.compact()
	if im.cut {
		im.warn("", "the calendar has more than %d occurrences in the period; only the first %d were imported", im.max, im.max)
	}
	if im.dropped > 0 {
		im.warnings = append(im.warnings, Warning{Message: fmt.Sprintf("%d more warnings not shown", im.dropped)})
	}
	return im.out, im.warnings, nil
}

// parseTime reads one DATE or DATE-TIME value of p (value, since EXDATE and
// RDATE carry lists) in p's TZID, else in the calendar's floating zone.
func (im *importer) parseTime(p *goical.Prop, value, uid string) (time.Time, bool, error) {
	value = strings.TrimSpace(value)
	loc := im.floating
	if tzid := p.Params.Get(goical.PropTimezoneID); tzid != "" && !strings.HasSuffix(value, "Z") {
		loc = im.zone(tzid, uid)
	}
	vt := goical.ValueType(strings.ToUpper(p.Params.Get(goical.ParamValue)))
	// VALUE=DATE is required for dates, but an eight-digit value is a date
	// whatever the producer forgot to say.
	allDay := vt == goical.ValueDate || len(value) == 8
	q := goical.Prop{Name: p.Name, Params: goical.Params{}, Value: value}
	if allDay {
		q.SetValueType(goical.ValueDate)
	} else {
		q.SetValueType(goical.ValueDateTime)
	}
	t, err := q.DateTime(loc)
	return t, allDay, err
}

// zone resolves a TZID once per import: through the VTIMEZONE's
// X-LIC-LOCATION when it has one, else as a name; unknown zones are UTC.
func (im *importer) zone(tzid, uid string) *time.Location {
	if loc, ok := im.zones[tzid]; ok {
		return loc
	}
	loc, ok := loadZone(tzid)
	if !ok {
		if alias, has := im.aliases[tzid]; has {
			loc, ok = loadZone(alias)
		}
	}
	if !ok {
		im.warn(uid, "unknown time zone %q, read as UTC", clip(tzid, 40))
		loc = time.UTC
	}
	im.zones[tzid] = loc
	return loc
}

func isCancelled(c *goical.Component) bool {
	return strings.EqualFold(strings.TrimSpace(valueOf(c.Props.Get(goical.PropStatus))), string(goical.EventCancelled))
}

// attendee returns an ATTENDEE as an email (mailto: stripped, lowercased) or,
// for other addresses, as its CN (how Export writes logins).
func attendee(p goical.Prop) string {
	v := strings.TrimSpace(p.Value)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		return strings.ToLower(strings.TrimSpace(v[7:]))
	}
	if cn := strings.TrimSpace(p.Params.Get(goical.ParamCommonName)); cn != "" {
		return cn
	}
	if strings.HasPrefix(v, loginURIPrefix) {
		return v[len(loginURIPrefix):]
	}
	return v
}

// text reads a TEXT property leniently: producers leave commas unescaped
// (go-ical would split there) or escape characters that need none.
func text(p *goical.Prop) string {
	if p == nil {
		return ""
	}
	l, err := p.TextList()
	if err != nil {
		return p.Value
	}
	return strings.Join(l, ",")
}

func valueOf(p *goical.Prop) string {
	if p == nil {
		return ""
	}
	return p.Value
}

// occurrenceKey is the UID of one occurrence of a recurring event: its UID
// and its original start, which does not change when the instance moves.
func occurrenceKey(uid string, original time.Time) string {
	return uid + "/" + original.UTC().Format("20060102T150405Z")
}

// syntheticUID stands in for a missing UID (required, but not always there),
// derived from the event so it is the same on the next import.
func syntheticUID(c *goical.Component, i int) string {
	h := fnv.New64a()
	for _, name := range []string{goical.PropDateTimeStart, goical.PropDateTimeEnd, goical.PropSummary} {
		h.Write([]byte(valueOf(c.Props.Get(name)) + "\x00"))
	}
	return fmt.Sprintf("warroom-nouid-%016x-%d", h.Sum64(), i)
}

// clip shortens input quoted in a message and drops control characters.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)/1024)
}
