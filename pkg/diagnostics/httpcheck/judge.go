package httpcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// maxBody bounds what is read to pretty-print a JSON body; the excerpt
// kept as evidence is ExcerptBytes of the result.
const maxBody = 64 << 10

func judge(f *diagnostics.Finding, u *url.URL, resp *http.Response, latency time.Duration, o Options) {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	f.SetFact("http_status", float64(resp.StatusCode))
	f.SetFact("http_up", 1)
	final := resp.Request.URL.Redacted()
	rows := [][]string{
		{"url", u.Redacted()},
		{"status", resp.Status},
		{"latency", latency.Round(time.Millisecond).String()},
	}
	if final != u.Redacted() {
		rows = append(rows, []string{"final url", final})
	}
	if resp.TLS != nil && len(resp.TLS.PeerCertificates) > 0 {
		leaf := resp.TLS.PeerCertificates[0]
		days := time.Until(leaf.NotAfter).Hours() / 24
		f.SetFact("tls_days_remaining", float64(int(days)))
		rows = append(rows, []string{"certificate expires", leaf.NotAfter.UTC().Format(time.RFC3339) +
			" (" + strconv.Itoa(int(days)) + " days)"})
	}
	f.AddTable("Response", []string{"field", "value"}, rows)
	f.AddSensitiveTable("Body excerpt", []string{"body"}, [][]string{{Excerpt(body, resp.Header.Get("Content-Type"))}})

	took := latency.Round(time.Millisecond)
	switch {
	case resp.StatusCode >= 500:
		f.Status = diagnostics.StatusCritical
		f.SetFact("http_up", 0)
		f.Summary = fmt.Sprintf("%s answered %s in %s: the service is failing.", u.Redacted(), resp.Status, took)
	case resp.StatusCode >= 400:
		f.Status = diagnostics.StatusWarning
		f.Summary = fmt.Sprintf("%s answered %s in %s: check the catalogued health URL.", u.Redacted(), resp.Status, took)
	case latency > o.SlowAfter:
		f.Status = diagnostics.StatusWarning
		f.Summary = fmt.Sprintf("%s answered %s but slowly: %s (over %s).", u.Redacted(), resp.Status, took, o.SlowAfter)
	default:
		f.Summary = fmt.Sprintf("%s answered %s in %s.", u.Redacted(), resp.Status, took)
	}
}

// Excerpt returns at most ExcerptBytes of a body, pretty-printed first when
// it is JSON, cut on a character boundary.
func Excerpt(body []byte, contentType string) string {
	if strings.Contains(contentType, "json") || json.Valid(body) {
		var out bytes.Buffer
		if json.Indent(&out, body, "", "  ") == nil {
			body = out.Bytes()
		}
	}
	if len(body) <= ExcerptBytes {
		return string(body)
	}
	cut := ExcerptBytes
	for cut > 0 && !utf8.RuneStart(body[cut]) {
		cut--
	}
	return string(body[:cut]) + "…"
}
