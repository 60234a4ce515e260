package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxBody bounds what the stand-ins read from a request; Grafana's own API
// bodies are small, and a test bed should fail loudly on runaway clients.
const maxBody = 4 << 20

// writeJSON answers with v, as Grafana's response.JSON does.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// apiError answers in Grafana's JsonApiErr shape: {"message": "..."}.
func apiError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"message": msg})
}

// decodeBody reads one JSON value into v, rejecting unknown fields, trailing
// data and wrong types. Grafana's binding tolerates unknown fields; the test
// bed is stricter on purpose so a misspelt field fails here instead of being
// silently dropped by Grafana.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty body")
		}
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// badRequest answers 400 with Grafana's binding message plus the reason.
func badRequest(w http.ResponseWriter, err error) {
	apiError(w, http.StatusBadRequest, fmt.Sprintf("bad request data: %v", err))
}

// isJSON reports whether the request declares a JSON body (or none at all,
// which browsers' fetch with a string body does not do, but curl does).
func isJSON(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return ct == "" || strings.HasPrefix(strings.ToLower(ct), "application/json")
}
