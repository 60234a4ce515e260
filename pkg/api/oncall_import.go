package api

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/oncall/ical"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// importHorizon is how far ahead an imported feed's shifts are taken: the
// layer is a snapshot, imported again to refresh (docs/oncall.md).
const importHorizon = 90 * 24 * time.Hour

// importCalendar adds a feed's shifts as a layer of fixed shifts on top of
// the schedule's layers (the way teams bring their OnCall, PagerDuty or
// Opsgenie exports), or with dryRun shows what it would add.
func (a *API) importCalendar(r *http.Request, id Identity) (int, any, error) {
	var req ImportRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	rec, err := a.Store.Schedule(r.Context(), id.OrgID, r.PathValue("scheduleId"))
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil, errNoSchedule
	}
	if err != nil {
		return 0, nil, err
	}
	if !req.DryRun && req.Version != rec.Version {
		return 0, nil, errScheduleConflict
	}
	s, err := decodeSchedule(rec)
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	events, warnings, err := ical.Import([]byte(req.Calendar), now, now.Add(importHorizon), ical.Limits{MaxOccurrences: schedule.MaxFixedShifts})
	if err != nil {
		return 0, nil, invalid("the calendar cannot be imported", fieldError("calendar", err.Error()))
	}
	people, err := a.people(r.Context(), id, "")
	if err != nil {
		return 0, nil, err
	}
	known := map[string]string{}
	for _, p := range people.People {
		known[strings.ToLower(p.Login)] = p.Login
		if p.Email != "" {
			known[strings.ToLower(p.Email)] = p.Login
		}
	}
	out := ImportResult{Shifts: []schedule.Shift{}, Warnings: []string{}, Unmapped: []string{}}
	for _, w := range warnings {
		out.Warnings = append(out.Warnings, w.String())
	}
	unmapped := map[string]bool{}
	for _, e := range events {
		who := strings.TrimSpace(e.Summary)
		if len(e.Attendees) > 0 {
			who = e.Attendees[0]
		}
		login, ok := req.Users[who]
		if !ok {
			login, ok = known[strings.ToLower(who)]
		}
		if !ok || login == "" {
			unmapped[who] = true
			continue
		}
		out.Shifts = append(out.Shifts, schedule.Shift{User: login, Start: e.Start.UTC(), End: e.End.UTC(), Source: schedule.SourceImported})
	}
	for who := range unmapped {
		out.Unmapped = append(out.Unmapped, who)
	}
	sort.Strings(out.Unmapped)
	name := strings.TrimSpace(req.LayerName)
	if name == "" {
		name = "Imported"
	}
	s.Layers = append(s.Layers, schedule.Layer{Name: name, Shifts: out.Shifts})
	if errs := s.Validate(); len(errs) > 0 {
		return 0, nil, invalid("the imported shifts do not fit the schedule", prefix("schedule.", errs)...)
	}
	if req.DryRun {
		return http.StatusOK, out, nil
	}
	_, view, err := a.saveScheduleDoc(r, id, s, rec.Version)
	if err != nil {
		return 0, nil, err
	}
	out.Schedule = &view
	return http.StatusOK, out, nil
}
