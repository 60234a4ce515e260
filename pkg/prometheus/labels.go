package prometheus

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// labelName is Prometheus' label name syntax; a name is checked before it
// becomes a path segment.
var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// ValidLabelName reports whether name is a Prometheus label name.
func ValidLabelName(name string) bool { return labelName.MatchString(name) }

// Labels is a sorted, bounded list of label names or values.
type Labels struct {
	Items []string
	// Truncated says Prometheus had more than the limit asked for.
	Truncated bool
}

// LabelNames lists the label names of the series matching match (a series
// selector such as http_requests_total) between start and end, sorted,
// without __name__, at most limit. GET, so Grafana's data source proxy
// passes it like the query API.
func (c *Client) LabelNames(ctx context.Context, match string, start, end time.Time, limit int) (Labels, error) {
	out, err := c.labels(ctx, "/api/v1/labels", match, start, end, limit+1) // +1: __name__ is dropped
	if err != nil {
		return Labels{}, err
	}
	out = slices.DeleteFunc(out, func(s string) bool { return s == "__name__" })
	return bounded(out, limit), nil
}

// LabelValues lists the values of label name on the series matching match
// between start and end, sorted, at most limit.
func (c *Client) LabelValues(ctx context.Context, name, match string, start, end time.Time, limit int) (Labels, error) {
	if !ValidLabelName(name) {
		return Labels{}, &Error{Kind: KindBadQuery, Message: fmt.Sprintf("%q is not a label name", name)}
	}
	out, err := c.labels(ctx, "/api/v1/label/"+url.PathEscape(name)+"/values", match, start, end, limit)
	if err != nil {
		return Labels{}, err
	}
	return bounded(out, limit), nil
}

// labels asks for one more than limit (Prometheus 2.51+ honours limit,
// older ones ignore it and are cut here), so "more" is known.
func (c *Client) labels(ctx context.Context, path, match string, start, end time.Time, limit int) ([]string, error) {
	q := url.Values{
		"match[]": {match},
		"start":   {unixSeconds(start)},
		"end":     {unixSeconds(end)},
		"limit":   {strconv.Itoa(limit + 1)},
	}
	body, err := c.do(ctx, http.MethodGet, path+"?"+q.Encode(), nil, c.retries)
	if err != nil {
		return nil, err
	}
	var env struct {
		Status string   `json:"status"`
		Data   []string `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Status != "success" {
		return nil, &Error{Kind: KindBadResponse, Message: c.redact(c.target + " sent an answer that is not a list of labels")}
	}
	slices.Sort(env.Data)
	return env.Data, nil
}

func bounded(items []string, limit int) Labels {
	if items == nil {
		items = []string{}
	}
	if len(items) > limit {
		return Labels{Items: items[:limit], Truncated: true}
	}
	return Labels{Items: items}
}
