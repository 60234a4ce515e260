package store

import (
	"context"
	"time"
)

// The handle's OnCall methods fail after release like every other handle
// method.

func (h *handle) Schedules(ctx context.Context, orgID int64) ([]ScheduleRecord, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.Schedules(ctx, orgID)
}

func (h *handle) Schedule(ctx context.Context, orgID int64, id string) (ScheduleRecord, error) {
	if err := h.check(); err != nil {
		return ScheduleRecord{}, err
	}
	return h.st.Schedule(ctx, orgID, id)
}

func (h *handle) SaveSchedule(ctx context.Context, orgID int64, rec ScheduleRecord, expected int) (ScheduleRecord, error) {
	if err := h.check(); err != nil {
		return ScheduleRecord{}, err
	}
	return h.st.SaveSchedule(ctx, orgID, rec, expected)
}

func (h *handle) DeleteSchedule(ctx context.Context, orgID int64, id string, expected int) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.DeleteSchedule(ctx, orgID, id, expected)
}

func (h *handle) ContactMethods(ctx context.Context, orgID int64, logins []string) ([]ContactMethod, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.ContactMethods(ctx, orgID, logins)
}

func (h *handle) PutContactMethod(ctx context.Context, orgID int64, m ContactMethod) (ContactMethod, error) {
	if err := h.check(); err != nil {
		return ContactMethod{}, err
	}
	return h.st.PutContactMethod(ctx, orgID, m)
}

func (h *handle) DeleteContactMethod(ctx context.Context, orgID int64, login, id string) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.DeleteContactMethod(ctx, orgID, login, id)
}

func (h *handle) CreateFeed(ctx context.Context, f CalendarFeed) (CalendarFeed, error) {
	if err := h.check(); err != nil {
		return CalendarFeed{}, err
	}
	return h.st.CreateFeed(ctx, f)
}

func (h *handle) Feeds(ctx context.Context, orgID int64) ([]CalendarFeed, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.Feeds(ctx, orgID)
}

func (h *handle) FeedByToken(ctx context.Context, tokenHash []byte) (CalendarFeed, error) {
	if err := h.check(); err != nil {
		return CalendarFeed{}, err
	}
	return h.st.FeedByToken(ctx, tokenHash)
}

func (h *handle) RevokeFeed(ctx context.Context, orgID int64, id int64, at time.Time) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.RevokeFeed(ctx, orgID, id, at)
}

func (h *handle) SigningKey(ctx context.Context, orgID int64) ([]byte, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.SigningKey(ctx, orgID)
}
