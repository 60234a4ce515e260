package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// MaxBody is the largest request body accepted. Incidents are text; anything
// bigger is a mistake or an attack.
const MaxBody = 1 << 20

// decodeJSON reads exactly one JSON object into dst, refusing unknown fields,
// wrong types and trailing data, and names the offending field path.
func decodeJSON(r *http.Request, dst any) error {
	if r.Body == nil {
		// The SDK's httpadapter builds requests with a nil body when Grafana
		// sent none, unlike net/http servers which give http.NoBody.
		return decodeBody(nil, dst)
	}
	// Read one byte past the limit so an oversized body is detected, not cut.
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return invalid("could not read the request body")
	}
	return decodeBody(body, dst)
}

// decodeBody is decodeJSON without the transport, so it can be fuzzed.
func decodeBody(body []byte, dst any) error {
	if len(body) > MaxBody {
		return errTooLarge
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return invalid("the request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return describeJSONError(err)
	}
	if dec.More() {
		return invalid("the request body holds more than one JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid("the request body holds more than one JSON value")
	}
	// encoding/json has repaired or let through what no field may hold
	// (text.go): refuse it, naming each field.
	if fields := checkBodyText(body); len(fields) > 0 {
		return invalid("text in the request is not valid UTF-8 or holds NUL, control or bidirectional control characters", fields...)
	}
	return nil
}

func describeJSONError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return invalid(fmt.Sprintf("malformed JSON at byte %d", syntax.Offset))
	case errors.As(err, &typ):
		path := typ.Field
		if path == "" {
			return invalid("the request body must be a JSON object")
		}
		return invalid("a field has the wrong type", incident.FieldError{Path: path, Message: "must be " + jsonKind(typ.Type.Kind().String())})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("malformed JSON: the body ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid("the request has a field this resource does not know", incident.FieldError{Path: name, Message: "unknown field"})
	}
	return invalid("malformed JSON")
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "of another type"
}
