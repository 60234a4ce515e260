package dashgen

import (
	"reflect"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
)

// Query is a target of the warroom-incidents-datasource, as its query
// editor and back end read it (src/datasource/types.ts,
// pkg/datasource/query.go). The SDK ships no type for a third-party data
// source, so this is its custom query type (the SDK's "custom query type").
type Query struct {
	RefID      string                `json:"refId"`
	Datasource *common.DataSourceRef `json:"datasource,omitempty"`
	QueryType  string                `json:"queryType"`
	Service    string                `json:"service,omitempty"`
	Severity   string                `json:"severity,omitempty"`
	// insights and insights_series: how the incidents are cut.
	GroupBy string `json:"groupBy,omitempty"`
	// insights_series only.
	Measure string `json:"measure,omitempty"`
	Stat    string `json:"stat,omitempty"`
	Bucket  string `json:"bucket,omitempty"`
}

var _ variants.Dataquery = Query{}

// ImplementsDataqueryVariant marks Query as a data query for the SDK.
func (Query) ImplementsDataqueryVariant() {}

// DataqueryType is the data source's plugin id.
func (Query) DataqueryType() string { return DatasourceType }

// Validate accepts every query: the generator's test checks the output.
func (Query) Validate() error { return nil }

// Equals compares two queries field by field.
func (q Query) Equals(other variants.Dataquery) bool {
	o, ok := other.(Query)
	return ok && reflect.DeepEqual(q, o)
}

// queryBuilder hands a fixed Query to the SDK's panel builders.
type queryBuilder struct{ q Query }

var _ cog.Builder[variants.Dataquery] = queryBuilder{}

func (b queryBuilder) Build() (variants.Dataquery, error) { return b.q, nil }
