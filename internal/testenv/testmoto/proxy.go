package testmoto

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// Intercept may answer a request itself (return true), e.g. to inject
// throttling; otherwise the request goes on to moto.
type Intercept func(w http.ResponseWriter, r *http.Request) bool

// Proxy puts an in-process reverse proxy in front of moto at endpoint and
// returns its URL. It fixes one moto wire deviation that the Go SDK, unlike
// boto3, refuses to decode: ECS task containers carry "cpu" and "memory" as
// JSON numbers where the API has strings ("expected string, got 0" on
// RunTask and DescribeTasks).
func Proxy(t testing.TB, endpoint string, intercept Intercept) string {
	t.Helper()
	h, err := NewProxy(endpoint, intercept)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// NewProxy is the handler of Proxy, for a long-running process (the
// browser tests' cmd/motoseed) that serves it itself.
func NewProxy(endpoint string, intercept Intercept) (http.Handler, error) {
	target, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		if !strings.HasPrefix(resp.Request.Header.Get("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.") {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		body = fixECSContainers(body)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if intercept != nil && intercept(w, r) {
			return
		}
		rp.ServeHTTP(w, r)
	}), nil
}

func fixECSContainers(body []byte) []byte {
	var doc any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if d.Decode(&doc) != nil {
		return body
	}
	var walk func(v any, inContainers bool)
	walk = func(v any, inContainers bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, child := range x {
				if n, ok := child.(json.Number); ok && inContainers && (k == "cpu" || k == "memory" || k == "memoryReservation") {
					x[k] = n.String()
					continue
				}
				walk(child, k == "containers")
			}
		case []any:
			for _, child := range x {
				walk(child, inContainers)
			}
		}
	}
	walk(doc, false)
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}
