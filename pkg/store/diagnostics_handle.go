package store

import (
	"context"
	"time"
)

// The handle's DiagnosticRuns methods, beside the type rather than in
// open.go, fail after release like every other handle method.

func (h *handle) ClaimDiagnosticRun(ctx context.Context, orgID int64, run DiagnosticRun, leaseUntil time.Time) (string, bool, error) {
	if err := h.check(); err != nil {
		return "", false, err
	}
	return h.st.ClaimDiagnosticRun(ctx, orgID, run, leaseUntil)
}

func (h *handle) RenewDiagnosticClaim(ctx context.Context, orgID int64, runID string, until time.Time) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.RenewDiagnosticClaim(ctx, orgID, runID, until)
}

func (h *handle) AddDiagnosticFinding(ctx context.Context, orgID int64, runID string, finding []byte) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.AddDiagnosticFinding(ctx, orgID, runID, finding)
}

func (h *handle) FinishDiagnosticRun(ctx context.Context, orgID int64, runID string, summary []byte, at time.Time) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.FinishDiagnosticRun(ctx, orgID, runID, summary, at)
}

func (h *handle) DiagnosticRun(ctx context.Context, orgID int64, runID string) (DiagnosticRun, error) {
	if err := h.check(); err != nil {
		return DiagnosticRun{}, err
	}
	return h.st.DiagnosticRun(ctx, orgID, runID)
}

func (h *handle) LatestDiagnosticRun(ctx context.Context, orgID int64, incidentID string) (DiagnosticRun, error) {
	if err := h.check(); err != nil {
		return DiagnosticRun{}, err
	}
	return h.st.LatestDiagnosticRun(ctx, orgID, incidentID)
}
