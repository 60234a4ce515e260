package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/runbooks"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Diagnostics is what the diagnostics routes run with. Every check, query,
// URL and host comes from the catalog and these settings; a request only
// names an incident (and for a remediation an action and a service), so no
// SQL, shell text, URL or host is ever taken from input.
type Diagnostics struct {
	// Deps builds the checks of a target; a nil builder leaves its kind out.
	Deps    diagnostics.Deps
	Options diagnostics.RunOptions
	// PostgresDSNs maps catalog PostgreSQL target names to their DSN.
	PostgresDSNs map[string]string
	Runbooks     runbooks.Library
	// Enabled lists the remediations an admin turned on; Remediate runs them.
	Enabled   map[remediate.Action]bool
	Remediate func(ctx context.Context, a remediate.Action, t diagnostics.Target) (remediate.Result, error)
	// Background outlives requests (the run answers at once and goes on);
	// it ends when the plugin instance is disposed.
	Background context.Context
	// Limiter bounds the runs executing at once; nil is the process's,
	// shared by every org's instance.
	Limiter *diagnostics.Limiter
	// Lease is how long a run's claim on its incident lasts without a
	// renewal (DefaultLease when zero): the time a crashed back end's run
	// blocks new runs of the incident.
	Lease time.Duration
}

// DefaultLease of a run's claim on its incident, renewed every third of it.
const DefaultLease = time.Minute

func (d *Diagnostics) lease() time.Duration {
	if d.Lease > 0 {
		return d.Lease
	}
	return DefaultLease
}

func (d *Diagnostics) limiter() *diagnostics.Limiter {
	if d.Limiter != nil {
		return d.Limiter
	}
	return diagnostics.Process()
}

// RunBudget bounds a whole run: the checks in waves of Concurrency, each at
// most CheckTimeout, plus a margin for the store writes.
func (d *Diagnostics) RunBudget(checks int) time.Duration {
	o := d.options()
	waves := (checks + o.Concurrency - 1) / o.Concurrency
	return time.Duration(max(waves, 1))*o.CheckTimeout + 30*time.Second
}

func (d *Diagnostics) options() diagnostics.RunOptions {
	o := d.Options
	if o.Concurrency <= 0 {
		o.Concurrency = diagnostics.DefaultConcurrency
	}
	if o.CheckTimeout <= 0 {
		o.CheckTimeout = diagnostics.DefaultCheckTimeout
	}
	return o
}

var errNoDiagnostics = &Error{Status: http.StatusConflict, Code: "diagnostics_unavailable",
	Message: "none of the incident's services has a catalogued health URL, AWS resource or PostgreSQL target to check"}

// targetsOf maps the incident's catalogued services to diagnostics targets,
// in the incident's order; services missing from the catalog are skipped.
func (a *API) targetsOf(inc incident.Incident) []diagnostics.Target {
	var out []diagnostics.Target
	for _, name := range inc.Services {
		s, ok := a.Signals.Catalog.Service(name)
		if !ok {
			continue
		}
		out = append(out, a.targetOf(s))
	}
	return out
}

func (a *API) targetOf(s catalog.Service) diagnostics.Target {
	t := diagnostics.Target{Service: s.Name, HealthURL: s.HealthURL}
	if r := s.AWS; r != nil {
		aws := *r // a copy: the run must not share the settings' catalog
		t.AWS = &aws
	}
	if s.Postgres != "" {
		t.Postgres = &diagnostics.PostgresTarget{Name: s.Postgres, DSN: a.Diagnostics.PostgresDSNs[s.Postgres]}
	}
	return t
}

// busyRetry is the Retry-After of a start refused because the org's line
// of waiting runs is full: about one run's time.
const busyRetry = 30 * time.Second

func errDiagnosticsBusy(l *diagnostics.Limiter) *Error {
	return &Error{Status: http.StatusTooManyRequests, Code: "diagnostics_busy",
		Message: fmt.Sprintf("%d diagnostics runs of this organization are already waiting for a free slot (at most %d run at once "+
			"on this back end); try again in %d s", l.MaxWaitingOrDefault(), l.MaxRunsOrDefault(), int(busyRetry.Seconds())),
		Header: http.Header{"Retry-After": {strconv.Itoa(int(busyRetry.Seconds()))}}}
}

// startDiagnostics starts a run of every check of the incident's catalogued
// services and answers at once (202) with the run; the checks go on in the
// background, after the runs ahead of it in the process's line, and the UI
// polls the run. While a run of the incident is going, on this back end or
// another one sharing the store, it answers that run (200) instead.
func (a *API) startDiagnostics(r *http.Request, id Identity) (int, any, error) {
	if err := decodeOptionalEmpty(r); err != nil {
		return 0, nil, err
	}
	ctx := r.Context()
	inc, err := a.Store.GetIncident(ctx, id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if inc.Status == incident.Resolved {
		return 0, nil, incident.ErrResolved
	}
	var checks []diagnostics.Check
	for _, t := range a.targetsOf(inc) {
		checks = append(checks, diagnostics.ChecksFor(t, a.Diagnostics.Deps)...)
	}
	if len(checks) == 0 {
		return 0, nil, errNoDiagnostics
	}
	ticket, err := a.Diagnostics.limiter().Enter(id.OrgID)
	if errors.Is(err, diagnostics.ErrBusy) {
		// A full line still lets a click join the incident's own run.
		if prev, err := a.Store.LatestDiagnosticRun(ctx, id.OrgID, inc.ID); err == nil && a.runState(prev) == runRunning {
			return http.StatusOK, a.runView(prev, id.Role), nil
		}
		return 0, nil, errDiagnosticsBusy(a.Diagnostics.limiter())
	}
	now := a.Now().UTC()
	leaseUntil := now.Add(a.Diagnostics.lease())
	run := store.DiagnosticRun{ID: newRunID(), IncidentID: inc.ID, Total: len(checks), StartedBy: id.Author(), StartedAt: now}
	holder, created, err := a.Store.ClaimDiagnosticRun(ctx, id.OrgID, run, leaseUntil)
	if err != nil || !created {
		ticket.Done()
	}
	if err != nil {
		return 0, nil, err
	}
	if !created {
		prev, err := a.Store.DiagnosticRun(ctx, id.OrgID, holder)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, a.runView(prev, id.Role), nil
	}
	run.LeaseUntil = &leaseUntil
	// The run outlives the request, but Grafana's [aws] policy (allowed
	// auth providers, assume role) travels with it: awsauth reads it from
	// the context on every AWS call.
	go a.executeRun(config.GrafanaConfigFromContext(ctx), id.OrgID, run, checks, ticket) // #nosec G118 -- outlives the request by design
	return http.StatusAccepted, a.runView(run, id.Role), nil
}

// executeRun waits for the run's turn, runs the checks, stores each finding
// as it arrives so that any back-end process can show partial results,
// then records the summary and one timeline event, which gives the claim
// up. Until then it renews the claim, waiting included. It runs on the
// instance's background context, never on the request's.
func (a *API) executeRun(grafana *config.GrafanaCfg, orgID int64, run store.DiagnosticRun, checks []diagnostics.Check, ticket *diagnostics.Ticket) {
	defer ticket.Done()
	parent := a.Diagnostics.Background
	if parent == nil {
		parent = context.Background()
	}
	if grafana != nil {
		parent = config.WithGrafanaConfig(parent, grafana)
	}
	logger := log.DefaultLogger.With("orgId", orgID, "incident", run.IncidentID, "diagnosticsRun", run.ID)
	parent, stopRenewing := a.renewClaim(parent, orgID, run.ID, logger)
	defer stopRenewing()
	if err := ticket.Wait(parent); err != nil {
		logger.Warn("diagnostics run stopped while waiting for a slot", "error", err)
	}
	ctx, cancel := context.WithTimeout(parent, a.Diagnostics.RunBudget(len(checks)))
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
	sum := diagnostics.Run(ctx, checks, a.Diagnostics.options(), func(f diagnostics.Finding) {
		body, _ := json.Marshal(f)
		write(func(ctx context.Context) error { return a.Store.AddDiagnosticFinding(ctx, orgID, run.ID, body) })
	})
	outcome := runOutcome{Status: sum.Status, Counts: sum.Counts, Took: sum.Took.Milliseconds()}
	body, _ := json.Marshal(outcome)
	now := a.Now().UTC()
	// The timeline is read by every role (and becomes annotations): it
	// keeps the summaries; evidence with production data stays in the
	// run, where the API shows it to Editors and Admins.
	payload := toPayload(diagnosticsEvent{RunID: run.ID, Status: sum.Status, Counts: sum.Counts, Total: len(checks),
		Findings: diagnostics.SummaryOnlyAll(sum.Findings), Suggestions: a.suggest(sum.Findings), Took: sum.Took.Milliseconds()})
	write(func(ctx context.Context) error {
		_, err := a.Store.AppendEvents(ctx, orgID, run.IncidentID, []store.NewEvent{{
			Kind: incident.EventDiagnosticsRun, Author: run.StartedBy, At: now, Payload: payload}})
		return err
	})
	// Finished last: a client that sees the run finished finds its event
	// on the timeline. The slot and the claim go with it.
	ticket.Done()
	stopRenewing()
	write(func(ctx context.Context) error { return a.Store.FinishDiagnosticRun(ctx, orgID, run.ID, body, now) })
	logger.Info("diagnostics run finished", "status", sum.Status, "checks", len(checks), "tookMs", sum.Took.Milliseconds())
}

// renewClaim renews the run's claim every third of the lease until stop.
// A run that lost its claim (its lease ran out, and another back end
// started a run of the incident) is cancelled: two runs would double the
// load on the services they diagnose.
func (a *API) renewClaim(parent context.Context, orgID int64, runID string, logger log.Logger) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	lease := a.Diagnostics.lease()
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
			err := a.Store.RenewDiagnosticClaim(wctx, orgID, runID, a.Now().UTC().Add(lease))
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

// runOutcome is the stored summary of a finished run.
type runOutcome struct {
	Status diagnostics.Status         `json:"status"`
	Counts map[diagnostics.Status]int `json:"counts"`
	Took   int64                      `json:"tookMs"`
}

// diagnosticsEvent is the payload of the diagnostics_run timeline event:
// the evidence as the responder saw it.
type diagnosticsEvent struct {
	RunID       string                     `json:"runId"`
	Status      diagnostics.Status         `json:"status"`
	Counts      map[diagnostics.Status]int `json:"counts"`
	Total       int                        `json:"total"`
	Findings    []diagnostics.Finding      `json:"findings"`
	Suggestions []SuggestedRunbook         `json:"suggestions"`
	Took        int64                      `json:"tookMs"`
}

// toPayload turns a typed payload into the store's JSON object.
func toPayload(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return map[string]any{}
	}
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

func newRunID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "diag-" + hex.EncodeToString(b)
}

// decodeOptionalEmpty accepts no body or an empty JSON object: the run
// takes no parameters, and anything else (a "checks" list, a "sql" field)
// is refused rather than ignored.
func decodeOptionalEmpty(r *http.Request) error {
	if r.Body == nil {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return invalid("could not read the request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	var empty struct{}
	return decodeBody(body, &empty)
}
