package store

import (
	"context"
	"time"
)

// The handle's Scheduling methods, like the others, fail once released.

func (h *handle) DueIncidents(ctx context.Context, now time.Time, after Cursor, limit int) ([]DueIncident, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.DueIncidents(ctx, now, after, limit)
}

func (h *handle) SaveProjections(ctx context.Context, ps []Projection) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.SaveProjections(ctx, ps)
}

func (h *handle) Commit(ctx context.Context, e Effects) (Committed, error) {
	if err := h.check(); err != nil {
		return Committed{}, err
	}
	return h.st.Commit(ctx, e)
}

func (h *handle) ClaimOutbox(ctx context.Context, owner string, orgs []int64, now time.Time, lease time.Duration, limit int) ([]OutboxItem, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.ClaimOutbox(ctx, owner, orgs, now, lease, limit)
}

func (h *handle) RenewOutbox(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.RenewOutbox(ctx, owner, ids, until)
}

func (h *handle) FinishOutbox(ctx context.Context, id int64, owner string, r OutboxResult) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.FinishOutbox(ctx, id, owner, r)
}

func (h *handle) PutChannelRoutes(ctx context.Context, orgID int64, body []byte, at time.Time) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.PutChannelRoutes(ctx, orgID, body, at)
}

func (h *handle) ChannelRoutes(ctx context.Context) (map[int64][]byte, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.ChannelRoutes(ctx)
}
