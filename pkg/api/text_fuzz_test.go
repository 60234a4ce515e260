package api

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzBodyText: on any well-formed JSON the text scanner never panics; a
// body it accepts is left as is; a cleaned body is well-formed JSON with
// nothing left to refuse.
func FuzzBodyText(f *testing.F) {
	for _, seed := range []string{
		`{"title":"invoice\u202egpj.exe"}`, `{"a\u0000":["\ud800","\udc00x","\ud83d\ude80"]}`,
		"{\"t\":\"caf\xe9\"}", `["\u0007",1,true,null,{"k":{"l":"\u2066"}}]`, `"\\\"\/\b\f\n\r\t"`,
		`{"x":"` + "\u200f\u061c" + `"}`, `{}`, `[]`, `12.5e3`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !json.Valid(body) {
			return
		}
		refused := checkBodyText(body)
		clean, invalidUTF8 := stripBodyText(body)
		if len(refused) == 0 && !bytes.Equal(clean, body) {
			t.Fatalf("nothing to refuse, yet the body was rewritten: %q -> %q", body, clean)
		}
		if len(invalidUTF8) > 0 {
			return
		}
		if !json.Valid(clean) {
			t.Fatalf("cleaned body is not JSON: %q -> %q", body, clean)
		}
		if left := checkBodyText(clean); len(left) > 0 {
			t.Fatalf("cleaned body still has %v: %q", left, clean)
		}
	})
}
