package api

import (
	"errors"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// FuzzDecode feeds arbitrary bytes to the request decoder and the validators
// behind it: they must answer with a value or an *Error, never panic.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"title":"a","severity":"P1","services":["s"]}`,
		`{"title":5}`, `{"links":{"panelId":"x"}}`, `[`, `{"a":1}`, `null`, `{"labels":{"k":"v"}}`,
		`{"version":1,"status":"resolved","reason":"r"}`, "\xff\xfe", `{"title":"\u0000"}`,
		`{"title":"invoice\u202egpj.exe"}`, "{\"title\":\"caf\xe9\"}", `{"summary":"\ud800"}`, `{"labels":{"a\u2066":"v"}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var d incident.Declare
		if err := decodeBody(body, &d); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Status < 400 || e.Status > 499 {
				t.Fatalf("decode error is not a client error: %v", err)
			}
		} else {
			_ = d.Normalize().Validate()
		}
		var u incident.Update
		if err := decodeBody(body, &u); err == nil {
			_, _, _ = incident.Apply(incident.Incident{Version: 1, Status: incident.Investigating, Severity: incident.P3}, u, "fuzz", incident.Incident{}.CreatedAt)
		}
	})
}
