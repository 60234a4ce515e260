package datasource

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/insights/insightsstore"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// insights answers an insights or insights_series query: the records of
// the incidents declared in the panel's range (insightsstore.Rows, fresh
// as of now), measured by package insights.
func (d *Datasource) insights(ctx context.Context, orgID int64, refID string, q Query, r Range, now time.Time) backend.DataResponse {
	if r.To.Sub(r.From) > MaxInsightsRange {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			"the insights of at most 731 days are measured at once: narrow the time range")
	}
	iq := q.insightsQuery(r, now)
	rows, err := insightsstore.Rows(ctx, d.store, orgID, insightsstore.Filter{From: iq.From, To: iq.To,
		Services: iq.Services, Severities: iq.Severities}, now)
	if errors.Is(err, store.ErrTooManyRows) {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			fmt.Sprintf("the range holds more than %d incidents: narrow the time range or the filters", store.MaxInsightsRows))
	}
	if err != nil {
		log.DefaultLogger.FromContext(ctx).Error("insights query failed", "store", d.kind, "error", err)
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, "the Warroom store could not be read; see the plugin log")
	}
	if q.QueryType == QueryInsights {
		return backend.DataResponse{Frames: data.Frames{InsightsFrame(refID, rows, iq)}}
	}
	return backend.DataResponse{Frames: InsightsSeriesFrames(refID, rows, iq, q.Measure, q.Stat)}
}
