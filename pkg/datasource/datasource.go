// Package datasource is the back end of the nested data source
// warroom-incidents-datasource: incidents as a table, their events as
// annotations with each incident's duration as a region, their timers, who
// is on call now and next, and the response measures (insights) as a table
// and as time series, as frames. Frame building (annotations.go, table.go,
// insights_frames.go) is pure; this file and insights.go read the store.
//
// How Grafana runs it: a nested data source is a plugin of its own. Grafana
// finds src/datasource/plugin.json inside the app's directory, marks it
// IncludedInAppID (pkg/plugins/manager/pipeline/bootstrap/steps.go,
// AppChildDecorateFunc) and starts its back end as a separate process from
// path.Join(<child dir>, executable+"_<os>_<arch>") (pkg/plugins/plugins.go,
// ExecutablePath). The child's plugin.json names "gpx_warroom", and the
// build puts a copy of the app's binary for every platform in dist/datasource/
// (Magefile.go Nested): the same program, a second process. A "../gpx_warroom"
// would reach the app's copy on Linux and macOS, but not on Windows, where
// path.Join treats the backslashed plugin dir as one element and "../" leaves
// a bare file name (grafana#83416; grafana-plugin-sdk-go#1007 moved nested
// binaries into their own folders for the same reason). Every request carries the
// plugin context, and pkg/plugin/serve.go sends those with
// DataSourceInstanceSettings here and the others to the app.
//
// Where the data lives: the data source opens the same store as the app,
// from its own settings with the app's meaning (jsonData.dataDir, secure
// postgresDsn; both empty = the default SQLite file beside Grafana's data).
// Grafana creates data sources per org, and every read is scoped to the
// org of the request's plugin context, so org 2 never sees org 1.
package datasource

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// ID is the plugin id of src/datasource/plugin.json.
const ID = "warroom-incidents-datasource"

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Limit bounds what one query answers: annotations (regions and event
// markers), table rows, or open incidents whose timers are computed.
// Grafana draws thousands of annotations badly already. A query past it
// answers the first Limit in its order (newest incidents first, each
// incident whole) with a warning notice saying how many incidents it left
// out (LimitNotice): never silently fewer.
const Limit = store.MaxDuring

// Datasource is one data source instance (one per data source and org).
type Datasource struct {
	store   store.Store
	release func()
	kind    string
	now     func() time.Time
	// limit is Limit and batch store.BatchIDs, the incidents whose events
	// one store call reads; tests shrink them.
	limit, batch int
}

// New opens (or shares with the app) the store the settings name.
func New(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	cfg, err := settings.Parse(backend.AppInstanceSettings{JSONData: s.JSONData, DecryptedSecureJSONData: s.DecryptedSecureJSONData}, settings.FromOS())
	if err != nil {
		return nil, fmt.Errorf("warroom data source settings: %w", err)
	}
	st, release, err := stores.Acquire(ctx, store.Config{PostgresDSN: cfg.PostgresDSN, SQLitePath: cfg.SQLitePath})
	if err != nil {
		log.DefaultLogger.FromContext(ctx).Error("store unavailable", "store", cfg.StoreKind(), "sqlitePath", cfg.SQLitePath, "error", err)
		return nil, fmt.Errorf("the Warroom %s store could not be opened; see the plugin log", cfg.StoreKind())
	}
	return NewWithStore(st, release, cfg.StoreKind(), time.Now), nil
}

// NewWithStore builds an instance over an open store (tests use it too).
func NewWithStore(st store.Store, release func(), kind string, now func() time.Time) *Datasource {
	return &Datasource{store: st, release: release, kind: kind, now: now, limit: Limit, batch: store.BatchIDs}
}

// Dispose releases the store when Grafana replaces the instance.
func (d *Datasource) Dispose() {
	if d.release != nil {
		d.release()
	}
}

// CheckHealth reports whether the store answers (the "Save & test" button).
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := d.store.Ping(ctx); err != nil {
		log.DefaultLogger.FromContext(ctx).Error("health check failed", "store", d.kind, "error", err)
		return &backend.CheckHealthResult{Status: backend.HealthStatusError,
			Message: "Warroom store (" + d.kind + ") is not reachable; see the plugin log"}, nil
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: "Warroom incidents (" + d.kind + ") are readable"}, nil
}

// QueryData answers each query separately: one bad query does not fail the
// others. The org is the request's, never a query field.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	orgID := req.PluginContext.OrgID
	now := d.now().UTC()
	for _, dq := range req.Queries {
		resp.Responses[dq.RefID] = d.query(ctx, orgID, dq, now)
	}
	return resp, nil
}

func (d *Datasource) query(ctx context.Context, orgID int64, dq backend.DataQuery, now time.Time) backend.DataResponse {
	q, err := ParseQuery(dq.JSON, dq.QueryType)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	if orgID < 1 {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourcePlugin, "the request names no org")
	}
	if q.QueryType == QueryOnCall {
		return d.onCall(ctx, orgID, dq.RefID, q, now)
	}
	r := Range{From: dq.TimeRange.From.UTC(), To: dq.TimeRange.To.UTC()}
	if q.QueryType == QueryInsights || q.QueryType == QueryInsightsSeries {
		return d.insights(ctx, orgID, dq.RefID, q, r, now)
	}
	if q.QueryType == QueryTimers {
		// Timers are about now, whatever the panel's range.
		r = Range{From: now, To: now}
	}
	items, total, err := d.read(ctx, orgID, q, r)
	if err != nil {
		log.DefaultLogger.FromContext(ctx).Error("incidents query failed", "store", d.kind, "error", err)
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, "the Warroom store could not be read; see the plugin log")
	}
	var frame *data.Frame
	switch q.QueryType {
	case QueryIncidents:
		frame = IncidentsFrame(dq.RefID, items, q, r)
	case QueryTimers:
		frame = TimersFrame(dq.RefID, items, q, now, d.policies(ctx, orgID))
	default:
		frame = AnnotationFrame(dq.RefID, items, q, r, now)
	}
	if len(items) < total {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: LimitNotice(q.QueryType, d.limit, len(items), total)})
	}
	return backend.DataResponse{Frames: []*data.Frame{frame}}
}

// onCall answers an oncall query: the org's schedules (at most
// store.MaxSchedules, so no limit of its own) as of now, the data source's
// clock, whatever the panel's range.
func (d *Datasource) onCall(ctx context.Context, orgID int64, refID string, q Query, now time.Time) backend.DataResponse {
	recs, err := d.store.Schedules(ctx, orgID)
	if err != nil {
		log.DefaultLogger.FromContext(ctx).Error("on-call query failed", "store", d.kind, "error", err)
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, "the Warroom store could not be read; see the plugin log")
	}
	return backend.DataResponse{Frames: []*data.Frame{OnCallFrame(refID, recs, q, now)}}
}

// LimitNotice is the frame's warning when a query reached its limit: which
// incidents it shows, how many it left out, and how to see them.
func LimitNotice(qt QueryType, limit, shown, total int) string {
	head := fmt.Sprintf("Warroom draws at most %d annotations per query: these are the regions and events of", limit)
	switch qt {
	case QueryIncidents:
		head = fmt.Sprintf("Warroom lists at most %d incidents per query: these are", limit)
	case QueryTimers:
		head = fmt.Sprintf("Warroom computes the timers of at most %d open incidents per query: these are the timers of", limit)
	}
	return fmt.Sprintf("%s the newest %d of the %d incidents this query matches; the %d older ones are left out. "+
		"Narrow the time range or filter by service, severity or tag to see them.", head, shown, total, total-shown)
}

// read returns the incidents the query shows, newest first, each with the
// events its frame uses, and how many incidents match in all (more than
// len(items) when the limit cut the answer). Every read is range-bounded
// and indexed. The table reads up to the limit of incidents at once;
// timers the same of the incidents open now, then every event of
// timers.EventKinds of theirs. Annotations read a batch of incidents at a
// time with the range's events of AnnotationKinds, and stop before the
// incident whose rows would pass the limit: an incident is shown whole or
// not at all, and nothing past what is shown is read.
func (d *Datasource) read(ctx context.Context, orgID int64, q Query, r Range) (items []Timeline, total int, err error) {
	during := store.During{From: r.From, To: r.To, Service: q.Service, Severity: incident.Severity(q.Severity), Tag: q.Tag,
		LinksOnly: q.QueryType != QueryTimers} // the timers read the steps, the policy version…
	if during.Tag == "warroom" { // every incident's tag (IncidentTags)
		during.Tag = ""
	}
	page := d.limit
	if q.QueryType == QueryAnnotations {
		page = d.batch
	}
	rows, full := 0, false
	for !full {
		incs, more, err := d.store.IncidentsDuring(ctx, orgID, during, page)
		if err != nil {
			return nil, 0, err
		}
		var events map[string][]incident.Event
		switch q.QueryType {
		case QueryAnnotations:
			events, err = d.store.EventsDuring(ctx, orgID, ids(incs), AnnotationKinds, r.From, r.To)
		case QueryTimers:
			events, err = d.store.EventsOf(ctx, orgID, ids(incs), timers.EventKinds)
		}
		if err != nil {
			return nil, 0, err
		}
		items = slices.Grow(items, len(incs))
		for _, inc := range incs {
			it := Timeline{Incident: inc, Events: events[inc.ID]}
			if q.QueryType == QueryAnnotations {
				if rows += annotationRows(it, r); rows > d.limit {
					full = true
					break
				}
			}
			items = append(items, it)
		}
		if !full && !more {
			return items, len(items), nil
		}
		// The table and timers read their limit at once: more is past it.
		full = full || q.QueryType != QueryAnnotations
		last := incs[len(incs)-1]
		during.After = &store.Position{CreatedAt: last.CreatedAt, ID: last.ID}
	}
	during.After = nil
	total, err = d.store.CountDuring(ctx, orgID, during)
	return items, total, err
}

func ids(incs []incident.Incident) []string {
	out := make([]string, len(incs))
	for i, inc := range incs {
		out[i] = inc.ID
	}
	return out
}

// policies returns the policy each incident runs under: the version it
// recorded at declaration (as pkg/api does), the default when that version
// is missing or unreadable, so a timer is never invented from nothing.
func (d *Datasource) policies(ctx context.Context, orgID int64) PolicyFor {
	cache := map[int]policy.Policy{}
	return func(inc incident.Incident) policy.Policy {
		v := inc.Details.PolicyVersion
		if p, ok := cache[v]; ok {
			return p
		}
		p := policy.Default()
		if v > 1 {
			rec, err := d.store.PolicyVersion(ctx, orgID, v)
			if err == nil {
				var saved policy.Policy
				if json.Unmarshal(rec.Body, &saved) == nil {
					if saved.Timers == (policy.TimerRules{}) {
						// Saved before the policy had timer rules (as pkg/api decodes it).
						saved.Timers = policy.DefaultTimerRules()
					}
					p = saved
				}
			} else if !errors.Is(err, store.ErrNotFound) {
				log.DefaultLogger.FromContext(ctx).Warn("policy version unreadable; default timers used", "version", v, "error", err)
			}
		}
		cache[v] = p
		return p
	}
}
