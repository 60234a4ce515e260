// Package datasource is the back end of the nested data source
// warroom-incidents-datasource: incidents as a table, their events as
// annotations with each incident's duration as a region, and their timers as
// frames. Frame building (annotations.go, table.go) is pure; this file reads
// the store.
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

// maxScanned bounds the incidents one query reads (pages of 500, newest
// first): a dashboard over years of history answers with the newest ones,
// and a warning notice on the frame says so (ScanCapNotice).
const maxScanned = 5000

// scanPage is the incidents one store query lists; their events are then
// read in one batch.
const scanPage = 500

// Datasource is one data source instance (one per data source and org).
type Datasource struct {
	store   store.Store
	release func()
	kind    string
	now     func() time.Time
	// pageSize and scanCap are scanPage and maxScanned; tests shrink them.
	pageSize, scanCap int
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
	return &Datasource{store: st, release: release, kind: kind, now: now, pageSize: scanPage, scanCap: maxScanned}
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
	r := Range{From: dq.TimeRange.From.UTC(), To: dq.TimeRange.To.UTC()}
	if q.QueryType == QueryTimers {
		// Timers are about now, whatever the panel's range.
		r = Range{From: now, To: now}
	}
	items, capped, err := d.timelines(ctx, orgID, q, r)
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
	if capped {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: ScanCapNotice(d.scanCap)})
	}
	return backend.DataResponse{Frames: []*data.Frame{frame}}
}

// ScanCapNotice is the frame's warning when the scan stopped at cap
// incidents: older ones still open in the range are not shown.
func ScanCapNotice(limit int) string {
	return fmt.Sprintf("Warroom read the newest %d incidents created up to the end of this range and stopped; older incidents still open in it are not shown. Filter by service or severity to see them.", limit)
}

// timelines reads the org's incidents that may overlap r (created before
// its end; open, or resolved after its start) with the events the query
// shows: annotation kinds, or the kinds the timers read. Service and
// severity filter in the store; the rest in Query.Matches. Each page of
// incidents costs two queries (the page, then its events in one batch),
// never one per incident. capped reports that maxScanned stopped the read
// before the store's last matching incident.
func (d *Datasource) timelines(ctx context.Context, orgID int64, q Query, r Range) (out []Timeline, capped bool, err error) {
	f := store.Filter{Service: q.Service, To: r.To.Add(time.Microsecond), Sort: store.SortCreated, Desc: true, Limit: d.pageSize}
	kinds := AnnotationKinds
	if q.QueryType == QueryTimers {
		f.Statuses = []incident.Status{incident.Investigating, incident.Identified, incident.Monitoring}
		kinds = timers.EventKinds
	}
	if q.Severity != "" {
		f.Severities = []incident.Severity{incident.Severity(q.Severity)}
	}
	out = []Timeline{}
	for {
		page, err := d.store.ListIncidents(ctx, orgID, f)
		if err != nil {
			return nil, false, err
		}
		first := len(out)
		var ids []string
		for _, inc := range page.Items {
			if r.overlaps(inc) && q.Matches(inc) {
				out = append(out, Timeline{Incident: inc})
				ids = append(ids, inc.ID)
			}
		}
		if q.QueryType != QueryIncidents && len(ids) > 0 {
			events, err := d.store.EventsOf(ctx, orgID, ids, kinds)
			if err != nil {
				return nil, false, err
			}
			for i := first; i < len(out); i++ {
				out[i].Events = events[out[i].Incident.ID]
			}
		}
		f.Offset += len(page.Items)
		if len(page.Items) == 0 || f.Offset >= page.Total {
			return out, false, nil
		}
		if f.Offset >= d.scanCap {
			return out, true, nil
		}
	}
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
