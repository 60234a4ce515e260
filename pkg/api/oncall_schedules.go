package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var (
	errNoSchedule       = codeError(CodeNotFound, "no such schedule in this organization")
	errScheduleConflict = codeError(CodeConflict, "the schedule changed since you loaded it; reload and try again")
	errScheduleExists   = codeError(CodeConflict, "a schedule with this id already exists")
)

// maxShiftRange bounds the shifts one GET answers (a year of hourly shifts
// is 8,760: fine; more is a mistake).
const maxShiftRange = 366 * 24 * time.Hour

// defaultShiftRange is what the schedule page shows without a range.
const defaultShiftRange = 14 * 24 * time.Hour

func (a *API) listSchedules(r *http.Request, id Identity) (int, any, error) {
	now := a.Now().UTC()
	recs, err := a.Store.Schedules(r.Context(), id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	out := ScheduleList{At: now, Schedules: make([]ScheduleSummary, 0, len(recs))}
	for _, rec := range recs {
		s, err := decodeSchedule(rec)
		if err != nil {
			continue // unreadable documents are skipped, not fatal to the list
		}
		nowShift, next := s.NowAndNext(now)
		out.Schedules = append(out.Schedules, ScheduleSummary{ID: rec.ID, Name: s.Name, TimeZone: s.TimeZone, Version: rec.Version, Now: nowShift, Next: next})
	}
	return http.StatusOK, out, nil
}

func (a *API) getSchedule(r *http.Request, id Identity) (int, any, error) {
	rec, err := a.Store.Schedule(r.Context(), id.OrgID, r.PathValue("scheduleId"))
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil, errNoSchedule
	}
	if err != nil {
		return 0, nil, err
	}
	from, to, err := shiftRange(r, a.Now().UTC())
	if err != nil {
		return 0, nil, err
	}
	v, err := a.scheduleView(rec, from, to)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, v, nil
}

func (a *API) scheduleView(rec store.ScheduleRecord, from, to time.Time) (ScheduleView, error) {
	s, err := decodeSchedule(rec)
	if err != nil {
		return ScheduleView{}, err
	}
	now, next := s.NowAndNext(a.Now().UTC())
	shifts := s.Final(from, to)
	if shifts == nil {
		shifts = []schedule.Shift{}
	}
	return ScheduleView{Schedule: s, Version: rec.Version, UpdatedBy: rec.UpdatedBy, UpdatedAt: rec.UpdatedAt,
		Now: now, Next: next, From: from, To: to, Shifts: shifts}, nil
}

// shiftRange reads ?from=&to= (RFC 3339), default the next 14 days.
func shiftRange(r *http.Request, now time.Time) (time.Time, time.Time, error) {
	q := r.URL.Query()
	from, to := now, now.Add(defaultShiftRange)
	var errs []error
	parse := func(name string, dst *time.Time) {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				errs = append(errs, invalid("the range is not valid", fieldError(name, "must be an RFC 3339 time, e.g. 2026-12-06T00:00:00Z")))
				return
			}
			*dst = t.UTC()
		}
	}
	parse("from", &from)
	parse("to", &to)
	if len(errs) > 0 {
		return from, to, errs[0]
	}
	if !to.After(from) || to.Sub(from) > maxShiftRange {
		return from, to, invalid("the range is not valid", fieldError("to", "must be after from, at most 366 days later"))
	}
	return from, to, nil
}

func (a *API) createSchedule(r *http.Request, id Identity) (int, any, error) {
	var req ScheduleRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	if req.Version != 0 {
		return 0, nil, invalid("the schedule is not valid", fieldError("version", "must be 0 to create a schedule"))
	}
	return a.saveSchedule(r, id, req.Schedule, 0)
}

func (a *API) putSchedule(r *http.Request, id Identity) (int, any, error) {
	var req ScheduleRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	if req.Schedule.ID != r.PathValue("scheduleId") {
		return 0, nil, invalid("the schedule is not valid", fieldError("schedule.id", "must be the id in the path; a schedule's id does not change"))
	}
	if req.Version < 1 {
		return 0, nil, invalid("the schedule is not valid", fieldError("version", "send the version you are replacing"))
	}
	return a.saveSchedule(r, id, req.Schedule, req.Version)
}

func (a *API) saveSchedule(r *http.Request, id Identity, s schedule.Schedule, expected int) (int, any, error) {
	status, v, err := a.saveScheduleDoc(r, id, s, expected)
	if err != nil {
		return 0, nil, err
	}
	return status, v, nil
}

// saveScheduleDoc validates and stores s as version expected+1.
func (a *API) saveScheduleDoc(r *http.Request, id Identity, s schedule.Schedule, expected int) (int, ScheduleView, error) {
	if errs := s.Validate(); len(errs) > 0 {
		return 0, ScheduleView{}, invalid("the schedule is not valid", prefix("schedule.", errs)...)
	}
	body, err := json.Marshal(s)
	if err != nil {
		return 0, ScheduleView{}, err
	}
	rec, err := a.Store.SaveSchedule(r.Context(), id.OrgID, store.ScheduleRecord{ID: s.ID, Name: s.Name, Body: body,
		UpdatedBy: id.Author(), UpdatedAt: a.Now().UTC()}, expected)
	switch {
	case errors.Is(err, store.ErrConflict) && expected == 0:
		return 0, ScheduleView{}, errScheduleExists
	case errors.Is(err, store.ErrConflict):
		return 0, ScheduleView{}, errScheduleConflict
	case errors.Is(err, store.ErrNotFound):
		return 0, ScheduleView{}, errNoSchedule
	case err != nil:
		return 0, ScheduleView{}, err
	}
	now := a.Now().UTC()
	v, err := a.scheduleView(rec, now, now.Add(defaultShiftRange))
	if err != nil {
		return 0, ScheduleView{}, err
	}
	status := http.StatusOK
	if expected == 0 {
		status = http.StatusCreated
	}
	return status, v, nil
}

func (a *API) deleteSchedule(r *http.Request, id Identity) (int, any, error) {
	version, err := strconv.Atoi(r.URL.Query().Get("version"))
	if err != nil || version < 1 {
		return 0, nil, invalid("say which version you are deleting", fieldError("version", "must be the schedule's current version"))
	}
	err = a.Store.DeleteSchedule(r.Context(), id.OrgID, r.PathValue("scheduleId"), version)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return 0, nil, errNoSchedule
	case errors.Is(err, store.ErrConflict):
		return 0, nil, errScheduleConflict
	case err != nil:
		return 0, nil, err
	}
	return http.StatusOK, map[string]string{"deleted": r.PathValue("scheduleId")}, nil
}

func decodeSchedule(rec store.ScheduleRecord) (schedule.Schedule, error) {
	var s schedule.Schedule
	if err := json.Unmarshal(rec.Body, &s); err != nil {
		return schedule.Schedule{}, err
	}
	return s, nil
}

// prefix puts a document's field errors under its place in the request.
func prefix(p string, errs []incident.FieldError) []incident.FieldError {
	out := make([]incident.FieldError, len(errs))
	for i, e := range errs {
		out[i] = incident.FieldError{Path: p + e.Path, Message: e.Message}
	}
	return out
}
