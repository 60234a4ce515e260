package incident

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// NewEvent is an event of kind carrying payload p (one of the structs of
// payloads.go).
func NewEvent(kind EventKind, author string, at time.Time, p any) Event {
	return Event{Kind: kind, Author: author, At: at, Payload: PayloadMap(p)}
}

// PayloadMap turns a payload struct into the map Event.Payload holds, by
// its JSON field names: omitempty fields that are empty are left out and
// pointers are followed. Values keep their Go types (a Severity stays a
// Severity), so the map encodes to exactly the JSON the struct would.
func PayloadMap(p any) map[string]any {
	v := reflect.Indirect(reflect.ValueOf(p))
	out := make(map[string]any, v.NumField())
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fv := v.Field(i)
		if strings.Contains(opts, "omitempty") && isEmptyJSON(fv) {
			continue
		}
		if fv.Kind() == reflect.Pointer && !fv.IsNil() {
			fv = fv.Elem()
		}
		out[name] = fv.Interface()
	}
	return out
}

// isEmptyJSON is encoding/json's omitempty test.
func isEmptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return v.IsZero()
}

// DecodePayload reads e's payload into P, whether the map is fresh from
// PayloadMap (Go values) or read back from a store (plain JSON values). A
// missing field, or one of another type, stays at its zero value:
// encoding/json decodes the other fields anyway, so an odd old row reads as
// what it holds instead of failing a page.
func DecodePayload[P any](e Event) P {
	var p P
	if b, err := json.Marshal(e.Payload); err == nil {
		_ = json.Unmarshal(b, &p)
	}
	return p
}
