package api

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/oncall/ical"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var (
	errNoFeed   = codeError(CodeNotFound, "no such calendar feed")
	errBadFeed  = codeError(CodeLinkInvalid, "this calendar link is not valid or was revoked; ask for a new one on the schedule page")
	feedWindow  = [2]time.Duration{-7 * 24 * time.Hour, 60 * 24 * time.Hour} // what a subscribed calendar shows
	maxFeedSize = 2 << 20
	// maxActiveFeeds bounds the live feeds of an org: each is a URL that
	// reads the schedules without a session.
	maxActiveFeeds  = 100
	errTooManyFeeds = codeError(CodeConflict, "this organization has 100 calendar feeds; revoke unused ones first")
)

// feedPath is the resource path of a feed's token (the token is the
// authority: a calendar app has no Grafana session of its own, see
// docs/oncall.md for how Grafana must be set up to let it through).
func feedPath(token string) string { return "/oncall/calendar/" + token + ".ics" }

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func (a *API) createFeed(r *http.Request, id Identity) (int, any, error) {
	var req FeedRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	switch req.SubjectKind {
	case "user":
		if id.Anonymous() {
			return 0, nil, errAnonymousContacts
		}
		if req.SubjectID == "" {
			req.SubjectID = id.Login
		}
		if req.SubjectID != id.Login && id.Role < RoleAdmin {
			return 0, nil, errForbidden
		}
	case "schedule":
		if id.Role < RoleEditor {
			return 0, nil, errForbidden
		}
		if _, err := a.Store.Schedule(r.Context(), id.OrgID, req.SubjectID); errors.Is(err, store.ErrNotFound) {
			return 0, nil, invalid("the feed is not valid", fieldError("subjectId", "no such schedule"))
		} else if err != nil {
			return 0, nil, err
		}
	default:
		return 0, nil, invalid("the feed is not valid", fieldError("subjectKind", "must be schedule or user"))
	}
	existing, err := a.Store.Feeds(r.Context(), id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	active := 0
	for _, f := range existing {
		if f.RevokedAt == nil {
			active++
		}
	}
	if active >= maxActiveFeeds {
		return 0, nil, errTooManyFeeds
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return 0, nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	f, err := a.Store.CreateFeed(r.Context(), store.CalendarFeed{OrgID: id.OrgID, TokenHash: tokenHash(token), SubjectKind: req.SubjectKind,
		SubjectID: req.SubjectID, CreatedBy: id.Author(), CreatedAt: a.Now().UTC()})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, FeedCreated{Feed: feedView(f), Path: feedPath(token)}, nil
}

func feedView(f store.CalendarFeed) FeedView {
	return FeedView{ID: f.ID, SubjectKind: f.SubjectKind, SubjectID: f.SubjectID, CreatedBy: f.CreatedBy, CreatedAt: f.CreatedAt, RevokedAt: f.RevokedAt}
}

// listFeeds shows an Admin every feed of the org, others their own.
func (a *API) listFeeds(r *http.Request, id Identity) (int, any, error) {
	fs, err := a.Store.Feeds(r.Context(), id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	out := FeedList{Feeds: []FeedView{}}
	for _, f := range fs {
		if id.Role >= RoleAdmin || (!id.Anonymous() && f.CreatedBy == id.Login) {
			out.Feeds = append(out.Feeds, feedView(f))
		}
	}
	return http.StatusOK, out, nil
}

// revokeFeed: its creator or an Admin.
func (a *API) revokeFeed(r *http.Request, id Identity) (int, any, error) {
	n, err := strconv.ParseInt(r.PathValue("feedId"), 10, 64)
	if err != nil {
		return 0, nil, errNoFeed
	}
	fs, err := a.Store.Feeds(r.Context(), id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	for _, f := range fs {
		if f.ID != n {
			continue
		}
		if id.Role < RoleAdmin && (id.Anonymous() || f.CreatedBy != id.Login) {
			return 0, nil, errForbidden
		}
		at := a.Now().UTC()
		if err := a.Store.RevokeFeed(r.Context(), id.OrgID, n, at); err != nil {
			return 0, nil, err
		}
		f.RevokedAt = &at
		return http.StatusOK, feedView(f), nil
	}
	return 0, nil, errNoFeed
}

// calendar answers a feed's iCalendar: the schedule's final shifts, or one
// person's shifts across every schedule of the org, from a week ago to 60
// days ahead. The token decides the org, not the caller.
func (a *API) calendar(r *http.Request, _ Identity) (int, any, error) {
	token := r.PathValue("token")
	if len(token) < 5 || token[len(token)-4:] != ".ics" {
		return 0, nil, errBadFeed
	}
	f, err := a.Store.FeedByToken(r.Context(), tokenHash(token[:len(token)-4]))
	if errors.Is(err, store.ErrNotFound) || (err == nil && f.RevokedAt != nil) {
		return 0, nil, errBadFeed
	}
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	from, to := now.Add(feedWindow[0]), now.Add(feedWindow[1])
	recs, err := a.Store.Schedules(r.Context(), f.OrgID)
	if err != nil {
		return 0, nil, err
	}
	cal := ical.Calendar{}
	for _, rec := range recs {
		if f.SubjectKind == "schedule" && rec.ID != f.SubjectID {
			continue
		}
		s, err := decodeSchedule(rec)
		if err != nil {
			continue
		}
		var shifts []schedule.Shift
		if f.SubjectKind == "user" {
			shifts = schedule.UserShifts(s, f.SubjectID, from, to)
			cal.Name = "On call: " + f.SubjectID
		} else {
			shifts = s.Final(from, to)
			cal.Name = "On call: " + s.Name
		}
		for _, sh := range shifts {
			cal.Events = append(cal.Events, ical.Event{
				UID:     rec.ID + "/" + sh.User + "/" + sh.Start.UTC().Format("20060102T150405Z") + "@warroom",
				Summary: "On call: " + sh.User + " (" + s.Name + ")",
				Start:   sh.Start, End: sh.End, Attendees: []string{sh.User},
			})
		}
	}
	body, err := ical.Export(cal, now)
	if err != nil {
		return 0, nil, err
	}
	if len(body) > maxFeedSize {
		return 0, nil, codeError(CodeInternal, "the calendar is too large")
	}
	return http.StatusOK, rawBody{ContentType: "text/calendar; charset=utf-8", Body: body}, nil
}
