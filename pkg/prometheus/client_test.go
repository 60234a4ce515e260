package prometheus

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const matrix = `{"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"service":"checkout"},"values":[[1700000000,"0.5"],[1700000001.5,"NaN"],[1700000003,"+Inf"],[1700000004,"-Inf"]]},
 {"metric":{},"values":[]}]}}`

// server answers with the given responses in turn (the last one repeats)
// and counts the requests.
func server(t *testing.T, answers ...func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		answers[min(i, len(answers)-1)](w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func status(code int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

func client(t *testing.T, cfg Config) *Client {
	t.Helper()
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Millisecond
	}
	c, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func query(c *Client) ([]Series, error) {
	end := time.Unix(1700000060, 0)
	return c.QueryRange(context.Background(), "up", end.Add(-time.Minute), end, time.Second)
}

func kindOf(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Kind
	}
	return fmt.Sprintf("not an *Error: %v", err)
}

func TestQueryRangeParsesMatrix(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/prefix/api/v1/query_range" {
			t.Errorf("got %s %s, want POST /prefix/api/v1/query_range", r.Method, r.URL.Path)
		}
		if f := r.PostFormValue; f("query") != "up" || f("start") != "1700000000.000" || f("end") != "1700000060.000" || f("step") != "1" {
			t.Errorf("form = %v", r.PostForm)
		}
		fmt.Fprint(w, matrix)
	})
	got, err := query(client(t, Config{URL: srv.URL + "/prefix/"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Labels["service"] != "checkout" || got[1].Labels == nil || len(got[0].Samples) != 4 {
		t.Fatalf("got %+v", got)
	}
	s := got[0].Samples
	if s[0].V != 0.5 || !s[0].T.Equal(time.Unix(1700000000, 0)) || !s[1].T.Equal(time.UnixMilli(1700000001500)) {
		t.Errorf("first samples %+v", s[:2])
	}
	if !math.IsNaN(s[1].V) || !math.IsInf(s[2].V, 1) || !math.IsInf(s[3].V, -1) {
		t.Errorf("NaN/+Inf/-Inf parsed as %v %v %v", s[1].V, s[2].V, s[3].V)
	}
}

func TestRetries(t *testing.T) {
	t.Run("5xx then success", func(t *testing.T) {
		srv, n := server(t, status(500, `{"status":"error","errorType":"internal","error":"boom"}`), status(503, ""), status(200, matrix))
		if _, err := query(client(t, Config{URL: srv.URL})); err != nil {
			t.Fatal(err)
		}
		if n.Load() != 3 {
			t.Fatalf("%d requests, want 3", n.Load())
		}
	})
	t.Run("5xx until retries run out", func(t *testing.T) {
		srv, n := server(t, status(500, `{"status":"error","errorType":"internal","error":"boom"}`))
		_, err := query(client(t, Config{URL: srv.URL, Retries: 1}))
		if kindOf(err) != KindServer || !strings.Contains(err.Error(), "500 Internal Server Error: boom") || n.Load() != 2 {
			t.Fatalf("%d requests, err %v", n.Load(), err)
		}
	})
	t.Run("429 is retried", func(t *testing.T) {
		srv, n := server(t, status(429, ""), status(200, matrix))
		if _, err := query(client(t, Config{URL: srv.URL})); err != nil || n.Load() != 2 {
			t.Fatalf("%d requests, err %v", n.Load(), err)
		}
	})
	t.Run("bad query is not retried", func(t *testing.T) {
		srv, n := server(t, status(400, `{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"}`))
		_, err := query(client(t, Config{URL: srv.URL}))
		if kindOf(err) != KindBadQuery || !strings.Contains(err.Error(), "unclosed left parenthesis") || n.Load() != 1 {
			t.Fatalf("%d requests, err %v", n.Load(), err)
		}
	})
	t.Run("negative Retries means one attempt", func(t *testing.T) {
		srv, n := server(t, status(502, ""))
		_, err := query(client(t, Config{URL: srv.URL, Retries: -1}))
		if kindOf(err) != KindUnreachable || n.Load() != 1 {
			t.Fatalf("%d requests, err %v", n.Load(), err)
		}
	})
	t.Run("no wait past the caller's deadline", func(t *testing.T) {
		srv, n := server(t, status(503, ""))
		c := client(t, Config{URL: srv.URL, Backoff: time.Minute})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.QueryRange(ctx, "up", time.Unix(0, 0), time.Unix(60, 0), time.Second)
		// Waiting for the backoff would take a minute; half of it is slack no load reaches.
		if kindOf(err) != KindServer || n.Load() != 1 || time.Since(start) > 30*time.Second {
			t.Fatalf("%d requests in %s, err %v", n.Load(), time.Since(start), err)
		}
	})
}

func TestTimeouts(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm() // net/http notices the client leaving only once the body is read
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	srv, n := server(t, slow)
	// The handler answers only after 5 s, with no body: a timeout error is the
	// proof the client gave up first; the count that it did not try again.
	_, err := query(client(t, Config{URL: srv.URL, Timeout: 200 * time.Millisecond}))
	if kindOf(err) != KindTimeout || !strings.Contains(err.Error(), "did not answer within 200ms") {
		t.Fatalf("err %v", err)
	}
	if n.Load() != 1 {
		t.Fatalf("%d attempts: a timeout must not be retried", n.Load())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = client(t, Config{URL: srv.URL}).QueryRange(ctx, "up", time.Unix(0, 0), time.Unix(60, 0), time.Second)
	if kindOf(err) != KindTimeout || !strings.Contains(err.Error(), "before the request deadline") {
		t.Fatalf("caller deadline: err %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err = client(t, Config{URL: srv.URL}).QueryRange(ctx, "up", time.Unix(0, 0), time.Unix(60, 0), time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err %v, want context.Canceled", err)
	}
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	_, err = query(client(t, Config{URL: "http://" + addr, BearerToken: "s3cret-token"}))
	if kindOf(err) != KindUnreachable || !strings.Contains(err.Error(), "Prometheus at "+addr+" is unreachable") {
		t.Fatalf("err %v", err)
	}
	if err := client(t, Config{URL: "http://" + addr}).Ready(context.Background()); kindOf(err) != KindUnreachable {
		t.Fatalf("Ready: %v", err)
	}
}

func TestBadResponses(t *testing.T) {
	for body, want := range map[string]string{
		`<html>proxy</html>`: "invalid JSON",
		`{"status":"success","data":{"resultType":"vector","result":[]}}`:                               `result type "vector"`,
		`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}`: "not a quoted number",
	} {
		srv, _ := server(t, status(200, body))
		_, err := query(client(t, Config{URL: srv.URL}))
		if kindOf(err) != KindBadResponse || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want bad_response mentioning %q", body, err, want)
		}
	}
	srv, _ := server(t, status(404, "404 page not found"))
	if _, err := query(client(t, Config{URL: srv.URL})); kindOf(err) != KindBadResponse || !strings.Contains(err.Error(), "check the URL") {
		t.Errorf("404: %v", err)
	}
}
