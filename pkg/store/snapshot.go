package store

import (
	"context"
	"time"
)

// OrgSnapshot is an org's app settings as its plugin instance last received
// them from Grafana (migration 0006). At process start the back end wakes
// every org that has one, before any request (pkg/plugin/boot.go).
type OrgSnapshot struct {
	OrgID int64
	// Updated is the settings' AppInstanceSettings.Updated: only a snapshot
	// with an Updated at least as new replaces a stored one.
	Updated time.Time
	// Body is the non-secret part (jsonData, Grafana's app URL), JSON.
	Body []byte
	// Sealed is the decrypted secure JSON sealed with the snapshot key
	// (pkg/seal); nil when no key was available. The store never sees it in
	// clear.
	Sealed  []byte
	SavedAt time.Time
}

// Snapshots keeps one settings snapshot per org.
type Snapshots interface {
	// PutOrgSnapshot stores s unless the org's stored snapshot has a newer
	// Updated; stored says which.
	PutOrgSnapshot(ctx context.Context, s OrgSnapshot) (stored bool, err error)
	// OrgSnapshots returns every org's snapshot in org order.
	OrgSnapshots(ctx context.Context) ([]OrgSnapshot, error)
}

func (h *handle) PutOrgSnapshot(ctx context.Context, s OrgSnapshot) (bool, error) {
	if err := h.check(); err != nil {
		return false, err
	}
	return h.st.PutOrgSnapshot(ctx, s)
}

func (h *handle) OrgSnapshots(ctx context.Context) ([]OrgSnapshot, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.OrgSnapshots(ctx)
}
