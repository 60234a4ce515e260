package testprom

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// WaitForSamples polls Prometheus at baseURL until a query_range of query
// over the last ten minutes, step 1s, has at least n samples with a value
// (NaN is no data) in one series. Tests wait on data this way instead of
// sleeping. It fails the test after about n seconds plus 30 s.
func WaitForSamples(t testing.TB, baseURL, query string, n int) {
	t.Helper()
	limit := time.Duration(n)*time.Second + 30*time.Second
	deadline := time.Now().Add(limit)
	hc := &http.Client{Timeout: 5 * time.Second}
	var got int
	var lastErr error
	for time.Now().Before(deadline) {
		got, lastErr = countSamples(hc, baseURL, query)
		if lastErr == nil && got >= n {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("testprom: %q had %d of %d samples after %s (last error: %v)", query, got, n, limit, lastErr)
}

// countSamples returns the most finite samples any one series of query has.
func countSamples(hc *http.Client, baseURL, query string) (int, error) {
	now := time.Now()
	form := url.Values{
		"query": {query},
		"start": {strconv.FormatInt(now.Add(-10*time.Minute).Unix(), 10)},
		"end":   {strconv.FormatInt(now.Unix(), 10)},
		"step":  {"1"},
	}
	resp, err := hc.PostForm(baseURL+"/api/v1/query_range", form)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []struct {
				Values [][2]any `json:"values"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("HTTP %d: %v", resp.StatusCode, err)
	}
	if body.Status != "success" {
		return 0, fmt.Errorf("HTTP %d: %s", resp.StatusCode, body.Error)
	}
	best := 0
	for _, r := range body.Data.Result {
		n := 0
		for _, v := range r.Values {
			s, _ := v[1].(string)
			if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
				n++
			}
		}
		best = max(best, n)
	}
	return best, nil
}
