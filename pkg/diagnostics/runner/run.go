package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// ErrBusy: the org's line of runs waiting for a slot is full.
var ErrBusy = errors.New("diagnostics: the organization's waiting runs are at the limit")

// Start starts a run of checks on the incident and returns it at once
// (started); the checks go on in the background, after the runs ahead of it
// in the process's line. While a run of the incident is going, on this back
// end or another one sharing the store, it returns that run instead. A full
// line gives ErrBusy unless the incident's own run is going.
func (r *Runner) Start(ctx context.Context, orgID int64, author, incID string, checks []diagnostics.Check) (run store.DiagnosticRun, started bool, err error) {
	ticket, err := r.LimiterOrProcess().Enter(orgID)
	if errors.Is(err, diagnostics.ErrBusy) {
		// A full line still lets a click join the incident's own run.
		if prev, err := r.Store.LatestDiagnosticRun(ctx, orgID, incID); err == nil && r.state(prev) == Running {
			return prev, false, nil
		}
		return store.DiagnosticRun{}, false, ErrBusy
	}
	now := r.Now().UTC()
	leaseUntil := now.Add(r.lease())
	run = store.DiagnosticRun{ID: newRunID(), IncidentID: incID, Total: len(checks), StartedBy: author, StartedAt: now}
	holder, created, err := r.Store.ClaimDiagnosticRun(ctx, orgID, run, leaseUntil)
	if err != nil || !created {
		ticket.Done()
	}
	if err != nil {
		return store.DiagnosticRun{}, false, err
	}
	if !created {
		prev, err := r.Store.DiagnosticRun(ctx, orgID, holder)
		return prev, false, err
	}
	run.LeaseUntil = &leaseUntil
	// The run outlives the request, but Grafana's [aws] policy (allowed
	// auth providers, assume role) travels with it: awsauth reads it from
	// the context on every AWS call.
	go r.execute(config.GrafanaConfigFromContext(ctx), orgID, run, checks, ticket) // #nosec G118 -- outlives the request by design
	return run, true, nil
}

// execute waits for the run's turn, runs the checks, stores each finding
// as it arrives so that any back-end process can show partial results,
// then records the summary and one timeline event, which gives the claim
// up. Until then it renews the claim, waiting included. It runs on the
// instance's background context, never on the request's.
func (r *Runner) execute(grafana *config.GrafanaCfg, orgID int64, run store.DiagnosticRun, checks []diagnostics.Check, ticket *diagnostics.Ticket) {
	defer ticket.Done()
	parent := r.Background
	if parent == nil {
		parent = context.Background()
	}
	if grafana != nil {
		parent = config.WithGrafanaConfig(parent, grafana)
	}
	logger := log.DefaultLogger.With("orgId", orgID, "incident", run.IncidentID, "diagnosticsRun", run.ID)
	parent, stopRenewing := r.renewClaim(parent, orgID, run.ID, logger)
	defer stopRenewing()
	if err := ticket.Wait(parent); err != nil {
		logger.Warn("diagnostics run stopped while waiting for a slot", "error", err)
	}
	ctx, cancel := context.WithTimeout(parent, r.RunBudget(len(checks)))
	defer cancel()
	// Store writes get their own short deadline: a cancelled run still
	// records what it found.
	write := func(fn func(ctx context.Context) error) {
		wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer wcancel()
		if err := fn(wctx); err != nil {
			logger.Error("diagnostics: store write failed", "error", err)
		}
	}
	sum := diagnostics.Run(ctx, checks, r.options(), func(f diagnostics.Finding) {
		body, _ := json.Marshal(f)
		write(func(ctx context.Context) error { return r.Store.AddDiagnosticFinding(ctx, orgID, run.ID, body) })
	})
	outcome := Outcome{Status: sum.Status, Counts: sum.Counts, Took: sum.Took.Milliseconds()}
	body, _ := json.Marshal(outcome)
	now := r.Now().UTC()
	// The timeline is read by every role (and becomes annotations): it
	// keeps the summaries; evidence with production data stays in the
	// run, where the API shows it to Editors and Admins.
	payload := incident.PayloadMap(runEvent(run.ID, sum, len(checks), r.suggest(sum.Findings)))
	write(func(ctx context.Context) error {
		_, err := r.Store.AppendEvents(ctx, orgID, run.IncidentID, []store.NewEvent{{
			Kind: incident.EventDiagnosticsRun, Author: run.StartedBy, At: now, Payload: payload}})
		return err
	})
	// Finished last: a client that sees the run finished finds its event
	// on the timeline. The slot and the claim go with it.
	ticket.Done()
	stopRenewing()
	write(func(ctx context.Context) error { return r.Store.FinishDiagnosticRun(ctx, orgID, run.ID, body, now) })
	logger.Info("diagnostics run finished", "status", sum.Status, "checks", len(checks), "tookMs", sum.Took.Milliseconds())
}

// renewClaim renews the run's claim every third of the lease until stop.
// A run that lost its claim (its lease ran out, and another back end
// started a run of the incident) is cancelled: two runs would double the
// load on the services they diagnose.
func (r *Runner) renewClaim(parent context.Context, orgID int64, runID string, logger log.Logger) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	lease := r.lease()
	stopped, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-stopped:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			wctx, wcancel := context.WithTimeout(ctx, lease/3)
			err := r.Store.RenewDiagnosticClaim(wctx, orgID, runID, r.Now().UTC().Add(lease))
			wcancel()
			if errors.Is(err, store.ErrNotFound) {
				logger.Warn("diagnostics run lost its claim on the incident (its lease expired); stopping it")
				cancel()
				return
			}
			if err != nil {
				logger.Error("diagnostics: claim renewal failed", "error", err)
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() { close(stopped); <-done; cancel() })
	}
}

// Outcome is the stored summary of a finished run.
type Outcome struct {
	Status diagnostics.Status         `json:"status"`
	Counts map[diagnostics.Status]int `json:"counts"`
	Took   int64                      `json:"tookMs"`
}

// runEvent is the payload of the diagnostics_run timeline event: the
// evidence as the responder saw it, summaries only.
func runEvent(runID string, sum diagnostics.Summary, total int, suggestions []SuggestedRunbook) incident.DiagnosticsRunPayload {
	var counts map[string]int
	if sum.Counts != nil {
		counts = make(map[string]int, len(sum.Counts))
	}
	for st, n := range sum.Counts {
		counts[string(st)] = n
	}
	findings, _ := json.Marshal(diagnostics.SummaryOnlyAll(sum.Findings))
	suggested, _ := json.Marshal(suggestions)
	return incident.DiagnosticsRunPayload{RunID: runID, Status: string(sum.Status), Counts: counts, Total: total,
		Findings: findings, Suggestions: suggested, TookMs: sum.Took.Milliseconds()}
}

func newRunID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "diag-" + hex.EncodeToString(b)
}
