// Package api is the HTTP face of the plugin: Grafana forwards
// /api/plugins/warroom-incident-app/resources/* here. Routes, payloads and the
// error shape are documented in docs/api.md.
package api

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Error is a failure the client may see. Its Code is stable; Message is for
// people; Fields point at the input that is wrong.
type Error struct {
	Status  int                   `json:"-"`
	Code    string                `json:"code" tstype:"ErrorCode"`
	Message string                `json:"message"`
	Fields  []incident.FieldError `json:"fields,omitempty"`
	// Header is sent with the error (Retry-After of a 429).
	Header http.Header `json:"-"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func invalid(message string, fields ...incident.FieldError) *Error {
	return withFields(codeError(CodeInvalidRequest, message), fields...)
}

var (
	errUnauthenticated = codeError(CodeUnauthenticated, "sign in to Grafana to use Warroom")
	errForbidden       = codeError(CodeForbidden, "your Grafana role does not allow this")
	errNotFound        = codeError(CodeNotFound, "no such incident in this organization")
	errNoRoute         = codeError(CodeNotFound, "no such resource")
	errMethod          = codeError(CodeMethodNotAllowed, "this resource does not accept that method")
	errConflict        = codeError(CodeConflict, "the incident changed since you loaded it; reload and try again")
	errResolved        = codeError(CodeIncidentResolved, "the incident is resolved and read-only; reopen it with a reason to change it")
	errTooLarge        = withFields(codeError(CodeBodyTooLarge, "the request body is over 1 MiB"), incident.FieldError{Path: "body", Message: "at most 1 MiB"})
)

func withFields(e *Error, fields ...incident.FieldError) *Error {
	e.Fields = fields
	return e
}

// jsonHeaders go with every answer: JSON, never cached (answers are per
// user and change with every write).
var jsonHeaders = map[string]string{"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"}

// writeJSON sends v with status. Headers go out before the body, always.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Our own types always marshal; this is a programming error.
		status, body = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	for k, v := range jsonHeaders {
		w.Header().Set(k, v)
	}
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// rawBody is an answer that is not JSON (an iCalendar feed).
type rawBody struct {
	ContentType string
	Body        []byte
}

// writeRaw sends a non-JSON answer, headers first, never cached.
func writeRaw(w http.ResponseWriter, status int, b rawBody) {
	w.Header().Set("Content-Type", b.ContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Body)
}

// streamBody is an answer written in pieces (an export): each chunk is
// flushed as it fills, so the httpadapter sends Grafana a message per chunk
// and no message holds the whole export. Write's error can only be logged:
// the status has gone out.
type streamBody struct {
	ContentType string
	// Filename, when set, makes the answer a download (Content-Disposition).
	Filename string
	Write    func(w io.Writer) error
}

// streamChunk is how much of a streamed answer one flush sends.
const streamChunk = 64 << 10

// writeStream sends b, headers first, never cached.
func writeStream(w http.ResponseWriter, r *http.Request, status int, b streamBody) {
	w.Header().Set("Content-Type", b.ContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if b.Filename != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": b.Filename}))
	}
	w.WriteHeader(status)
	buf := bufio.NewWriterSize(flushWriter{w}, streamChunk)
	err := b.Write(buf)
	if err == nil {
		err = buf.Flush()
	}
	if err != nil {
		log.DefaultLogger.FromContext(r.Context()).Error("streamed answer cut short",
			"method", r.Method, "path", r.URL.Path, "error", err)
	}
}

// flushWriter flushes after every write it is handed (a full chunk).
type flushWriter struct{ w http.ResponseWriter }

func (f flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if fl, ok := f.w.(http.Flusher); ok {
		fl.Flush()
	}
	return n, err
}

// writeError maps err to the stable error shape. Errors that are not *Error
// are logged with a request id and reported as "internal" without details.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	var inv incident.Invalid
	switch {
	case errors.As(err, &e):
	case errors.As(err, &inv):
		e = invalid("the request is not valid", inv...)
	case errors.Is(err, incident.ErrResolved):
		e = errResolved
	case errors.Is(err, store.ErrNotFound):
		e = errNotFound
	case errors.Is(err, store.ErrConflict):
		e = errConflict
	case errors.Is(err, store.ErrTooManyRows):
		e = invalid("the range holds too many incidents", fieldError("from", fmt.Sprintf(
			"at most %d incidents are measured at once: narrow the range or the filters", store.MaxInsightsRows)))
	default:
		id := requestID()
		log.DefaultLogger.FromContext(r.Context()).Error("request failed",
			"method", r.Method, "path", r.URL.Path, "requestId", id, "error", err)
		e = codeError(CodeInternal, "internal error; the plugin log has details under request id "+id)
	}
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	writeJSON(w, e.Status, map[string]*Error{"error": e})
}

func requestID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Response is e in the stable error shape as the answer to a resource call
// that never reaches the router: one the SDK's httpadapter cannot carry
// (RefuseResource), or one for an instance that could not start.
func (e *Error) Response() *backend.CallResourceResponse {
	body, _ := json.Marshal(map[string]*Error{"error": e})
	headers := map[string][]string{}
	for k, v := range jsonHeaders {
		headers[k] = []string{v}
	}
	return &backend.CallResourceResponse{Status: e.Status, Headers: headers, Body: append(body, '\n')}
}
