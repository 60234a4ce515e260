package prometheus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxPoints is Prometheus' own limit on points per series of a range query;
// checking it here gives a clearer message than Prometheus' 400.
const maxPoints = 11000

// maxBody bounds what one answer may take in memory.
const maxBody = 64 << 20

// QueryRange runs a PromQL range query. Failures are *Error, except a
// cancelled ctx, which returns ctx.Err().
func (c *Client) QueryRange(ctx context.Context, query string, start, end time.Time, step time.Duration) ([]Series, error) {
	switch {
	case strings.TrimSpace(query) == "":
		return nil, &Error{Kind: KindBadQuery, Message: "the query is empty"}
	case step <= 0:
		return nil, &Error{Kind: KindBadQuery, Message: "the step must be positive"}
	case end.Before(start):
		return nil, &Error{Kind: KindBadQuery, Message: "the range ends before it starts"}
	case end.Sub(start)/step >= maxPoints:
		return nil, &Error{Kind: KindBadQuery, Message: fmt.Sprintf("the range has more than %d points: use a larger step", maxPoints)}
	}
	form := url.Values{
		"query": {query},
		"start": {unixSeconds(start)},
		"end":   {unixSeconds(end)},
		"step":  {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)},
	}
	body, err := c.do(ctx, http.MethodPost, "/api/v1/query_range", form, c.retries)
	if err != nil {
		return nil, err
	}
	series, perr := parseMatrix(body)
	if perr != nil {
		return nil, &Error{Kind: KindBadResponse, Message: c.redact(fmt.Sprintf("%s sent an answer that is not a range query result: %v", c.target, perr))}
	}
	return series, nil
}

// Ready is a cheap health check: Prometheus' /-/ready when direct, an
// instant query for "1" through Grafana (which has no readiness endpoint
// for data sources). One attempt only: a health check reports the present.
func (c *Client) Ready(ctx context.Context) error {
	if c.direct {
		_, err := c.do(ctx, http.MethodGet, "/-/ready", nil, 0)
		return err
	}
	body, err := c.do(ctx, http.MethodPost, "/api/v1/query", url.Values{"query": {"1"}}, 0)
	if err != nil {
		return err
	}
	if err := checkSuccess(body); err != nil {
		return &Error{Kind: KindBadResponse, Message: fmt.Sprintf("%s answered the test query with something else: %v", c.target, err)}
	}
	return nil
}

// do sends a request with up to retries extra attempts and returns the
// body of a 2xx answer.
func (c *Client) do(ctx context.Context, method, path string, form url.Values, retries int) ([]byte, error) {
	wait := c.backoff
	for attempt := 0; ; attempt++ {
		body, err := c.once(ctx, method, path, form)
		var pe *Error
		if err == nil || !errors.As(err, &pe) || !pe.retry || attempt >= retries {
			return body, err
		}
		// Full jitter around the doubling backoff keeps several Warroom
		// instances from retrying in lockstep.
		d := wait/2 + rand.N(wait+1) // #nosec G404 -- retry jitter, nothing secret depends on it
		d = max(d, min(pe.retryAfter, 10*time.Second))
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return nil, err // the deadline would pass while waiting: report the real cause
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, c.transportError(ctx, ctx, ctx.Err())
		case <-t.C:
		}
		wait *= 2
	}
}

// once is one attempt, bounded by the per-attempt timeout.
func (c *Client) once(parent context.Context, method, path string, form url.Values) ([]byte, error) {
	ctx, cancel := context.WithTimeout(parent, c.timeout)
	defer cancel()
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, &Error{Kind: KindBadResponse, Message: "cannot build the request to " + c.target}
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	c.auth(req)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportError(parent, ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, c.transportError(parent, ctx, err)
	}
	if len(body) > maxBody {
		return nil, &Error{Kind: KindBadResponse, Message: fmt.Sprintf("%s sent more than %d MiB: narrow the query", c.target, maxBody>>20)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.statusError(resp, body)
	}
	return body, nil
}

// unixSeconds formats t the way Prometheus reads it, to the millisecond.
func unixSeconds(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', 3, 64)
}
