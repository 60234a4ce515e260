package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// countingFlusher counts the flushes of a streamed answer and the bytes
// each one sent.
type countingFlusher struct {
	*httptest.ResponseRecorder
	sent   []int
	unsent int
}

func (c *countingFlusher) Write(p []byte) (int, error) {
	c.unsent += len(p)
	return c.ResponseRecorder.Write(p)
}

func (c *countingFlusher) Flush() {
	c.sent = append(c.sent, c.unsent)
	c.unsent = 0
}

// A streamed export goes out in chunks of streamChunk, headers first, so
// no message to Grafana holds the whole of it.
func TestStreamedAnswersAreFlushedInChunks(t *testing.T) {
	w := &countingFlusher{ResponseRecorder: httptest.NewRecorder()}
	r := httptest.NewRequest("GET", "/insights/incidents", nil)
	row := strings.Repeat("x", 999) + "\n"
	writeStream(w, r, http.StatusOK, streamBody{ContentType: "text/csv; charset=utf-8", Filename: "a b.csv",
		Write: func(w io.Writer) error {
			for range 200 {
				if _, err := io.WriteString(w, row); err != nil {
					return err
				}
			}
			return nil
		}})
	if len(w.sent) != 4 || w.sent[0] != streamChunk || w.unsent != 0 || w.Body.Len() != 200_000 {
		t.Fatalf("flushes %v (unsent %d) of %d bytes", w.sent, w.unsent, w.Body.Len())
	}
	if got := w.Header().Get("Content-Disposition"); got != `attachment; filename="a b.csv"` || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("headers %v", w.Header())
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{"=1+2": "'=1+2", "+x": "'+x", "-x": "'-x", "@x": "'@x", "\tx": "'\tx",
		"x=1": "x=1", "": "", "2026-12-01T00:00:00Z": "2026-12-01T00:00:00Z"} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
