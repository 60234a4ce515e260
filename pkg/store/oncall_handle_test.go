package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// onCallOnly answers every OnCall method with errReached, so a test can tell
// that a call got through the handle; the rest of store.Store is absent.
type onCallOnly struct{ store.Store }

var errReached = errors.New("reached the store")

func (onCallOnly) Close() error { return nil }
func (onCallOnly) Schedules(context.Context, int64) ([]store.ScheduleRecord, error) {
	return nil, errReached
}
func (onCallOnly) Schedule(context.Context, int64, string) (store.ScheduleRecord, error) {
	return store.ScheduleRecord{}, errReached
}
func (onCallOnly) SaveSchedule(context.Context, int64, store.ScheduleRecord, int) (store.ScheduleRecord, error) {
	return store.ScheduleRecord{}, errReached
}
func (onCallOnly) DeleteSchedule(context.Context, int64, string, int) error { return errReached }
func (onCallOnly) ContactMethods(context.Context, int64, []string) ([]store.ContactMethod, error) {
	return nil, errReached
}
func (onCallOnly) PutContactMethod(context.Context, int64, store.ContactMethod) (store.ContactMethod, error) {
	return store.ContactMethod{}, errReached
}
func (onCallOnly) DeleteContactMethod(context.Context, int64, string, string) error {
	return errReached
}
func (onCallOnly) CreateFeed(context.Context, store.CalendarFeed) (store.CalendarFeed, error) {
	return store.CalendarFeed{}, errReached
}
func (onCallOnly) Feeds(context.Context, int64) ([]store.CalendarFeed, error) { return nil, errReached }
func (onCallOnly) FeedByToken(context.Context, []byte) (store.CalendarFeed, error) {
	return store.CalendarFeed{}, errReached
}
func (onCallOnly) RevokeFeed(context.Context, int64, int64, time.Time) error { return errReached }
func (onCallOnly) SigningKey(context.Context, int64) ([]byte, error)         { return nil, errReached }

// The handle passes every OnCall method through, and fails each after its
// release without reaching the store.
func TestHandleOnCall(t *testing.T) {
	cfg := store.Config{SQLitePath: filepath.Join(t.TempDir(), "warroom.db")}
	h, release, err := store.Acquire(t.Context(), cfg, func(context.Context, store.Config) (store.Store, error) {
		return onCallOnly{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	calls := map[string]func() error{
		"Schedules":      func() error { _, err := h.Schedules(ctx, 1); return err },
		"Schedule":       func() error { _, err := h.Schedule(ctx, 1, "s"); return err },
		"SaveSchedule":   func() error { _, err := h.SaveSchedule(ctx, 1, store.ScheduleRecord{}, 0); return err },
		"DeleteSchedule": func() error { return h.DeleteSchedule(ctx, 1, "s", 1) },
		"ContactMethods": func() error { _, err := h.ContactMethods(ctx, 1, nil); return err },
		"PutContactMethod": func() error {
			_, err := h.PutContactMethod(ctx, 1, store.ContactMethod{})
			return err
		},
		"DeleteContactMethod": func() error { return h.DeleteContactMethod(ctx, 1, "ada", "m") },
		"CreateFeed":          func() error { _, err := h.CreateFeed(ctx, store.CalendarFeed{}); return err },
		"Feeds":               func() error { _, err := h.Feeds(ctx, 1); return err },
		"FeedByToken":         func() error { _, err := h.FeedByToken(ctx, nil); return err },
		"RevokeFeed":          func() error { return h.RevokeFeed(ctx, 1, 1, time.Time{}) },
		"SigningKey":          func() error { _, err := h.SigningKey(ctx, 1); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, errReached) {
			t.Errorf("%s before release: %v, want the store's answer", name, err)
		}
	}
	release()
	for name, call := range calls {
		if err := call(); err == nil || errors.Is(err, errReached) {
			t.Errorf("%s after release: %v, want the handle's error", name, err)
		}
	}
}
