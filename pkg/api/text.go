package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Text in request bodies. encoding/json turns invalid UTF-8 and lone
// surrogate escapes (\ud800) into U+FFFD without a word, and takes NUL and
// the bidirectional controls as they come: NUL is then stored by SQLite and
// refused by PostgreSQL, and "invoice\u202egpj.exe" shows as
// "invoiceexe.jpg". So every string of a body, object keys included, is
// read again from the raw bytes before the body is accepted:
//
//   - API bodies (decodeBody) are refused with 400 invalid_request and the
//     field path of each offending string;
//   - payloads another system defines (Grafana's alert webhook,
//     decodeLenient) are refused only for invalid UTF-8, which Grafana never
//     sends; control and bidirectional characters, which alert labels and
//     annotations may carry from metric labels, are removed, because Grafana
//     does not retry a refused notification and the alert would be lost;
//     labels and other names also lose tabs and line breaks, which text
//     keeps (alertintake.Notification.CleanNames).

// maxTextFields bounds the field paths one answer lists.
const maxTextFields = 20

// Messages of the text checks (docs/api.md).
const (
	msgInvalidUTF8 = "must be valid UTF-8"
	msgNUL         = "must not contain NUL characters"
	msgControl     = "must not contain control characters"
	msgBidi        = "must not contain bidirectional control characters"
)

// textProblem is the message for one character, "" when it is allowed.
// Tabs and line breaks are text.
func textProblem(r rune) string {
	switch {
	case r == 0:
		return msgNUL
	case r == '\t' || r == '\n' || r == '\r':
		return ""
	case unicode.IsControl(r):
		return msgControl
	case incident.IsBidiControl(r):
		return msgBidi + fmt.Sprintf(" (U+%04X)", r)
	}
	return ""
}

// checkBodyText lists the strings of a well-formed JSON body that are not
// valid UTF-8 or hold NUL, control or bidirectional control characters.
func checkBodyText(body []byte) []incident.FieldError {
	s := &textScanner{in: body}
	s.value("")
	return s.fields
}

// stripBodyText returns body with control and bidirectional control
// characters removed from every string, and the strings that are not valid
// UTF-8 (which cannot be repaired without guessing).
func stripBodyText(body []byte) ([]byte, []incident.FieldError) {
	s := &textScanner{in: body, strip: true}
	s.value("")
	if s.out == nil {
		return body, s.fields
	}
	return append(s.out, body[s.copied:]...), s.fields
}

// textScanner walks one JSON value that encoding/json has already accepted;
// on anything unexpected it stops (broken) rather than guess.
type textScanner struct {
	in     []byte
	pos    int
	strip  bool
	out    []byte // strip: the rewritten body up to copied, nil while unchanged
	copied int
	broken bool
	fields []incident.FieldError
}

func (s *textScanner) report(path, msg string) {
	if len(s.fields) < maxTextFields {
		s.fields = append(s.fields, incident.FieldError{Path: path, Message: msg})
	}
}

func (s *textScanner) skipSpace() {
	for s.pos < len(s.in) && strings.IndexByte(" \t\r\n", s.in[s.pos]) >= 0 {
		s.pos++
	}
}

func (s *textScanner) value(path string) {
	s.skipSpace()
	if s.broken || s.pos >= len(s.in) {
		s.broken = true
		return
	}
	switch s.in[s.pos] {
	case '{':
		s.pos++
		for !s.broken {
			s.skipSpace()
			if s.pos < len(s.in) && s.in[s.pos] == '}' {
				s.pos++
				return
			}
			key, ok := s.str(path, true)
			if !ok {
				return
			}
			s.skipSpace()
			if s.pos >= len(s.in) || s.in[s.pos] != ':' {
				s.broken = true
				return
			}
			s.pos++
			child := displayKey(key)
			if path != "" {
				child = path + "." + child
			}
			s.value(child)
			s.skipSpace()
			if s.pos < len(s.in) && s.in[s.pos] == ',' {
				s.pos++
			}
		}
	case '[':
		s.pos++
		for i := 0; !s.broken; i++ {
			s.skipSpace()
			if s.pos < len(s.in) && s.in[s.pos] == ']' {
				s.pos++
				return
			}
			s.value(path + "[" + strconv.Itoa(i) + "]")
			s.skipSpace()
			if s.pos < len(s.in) && s.in[s.pos] == ',' {
				s.pos++
			}
		}
	case '"':
		s.str(path, false)
	default: // number, true, false, null
		start := s.pos
		for s.pos < len(s.in) && strings.IndexByte(",]} \t\r\n", s.in[s.pos]) < 0 {
			s.pos++
		}
		if s.pos == start {
			s.broken = true
		}
	}
}

// str reads the string literal at pos, reports its problems at path (for a
// key, at the key's own path) and returns its decoded text.
func (s *textScanner) str(path string, isKey bool) (string, bool) {
	if s.pos >= len(s.in) || s.in[s.pos] != '"' {
		s.broken = true
		return "", false
	}
	start := s.pos
	var b strings.Builder
	problem, changed := "", false
	note := func(msg string) {
		if problem == "" || msg == msgInvalidUTF8 {
			problem = msg
		}
	}
	i := start + 1
	for {
		if i >= len(s.in) {
			s.broken = true
			return "", false
		}
		c := s.in[i]
		var r rune
		switch {
		case c == '"':
			i++
			goto done
		case c == '\\':
			if i+1 >= len(s.in) {
				s.broken = true
				return "", false
			}
			if s.in[i+1] != 'u' {
				r = map[byte]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[s.in[i+1]]
				i += 2
				break
			}
			cu, ok := hex4(s.in, i+2)
			if !ok {
				s.broken = true
				return "", false
			}
			i += 6
			switch {
			case cu >= 0xD800 && cu < 0xDC00:
				lo, ok := rune(0), false
				if i+1 < len(s.in) && s.in[i] == '\\' && s.in[i+1] == 'u' {
					lo, ok = hex4(s.in, i+2)
				}
				if !ok || lo < 0xDC00 || lo >= 0xE000 {
					note(msgInvalidUTF8) // a lone high surrogate is not a character
					r = utf8.RuneError
					break
				}
				i += 6
				r = 0x10000 + (cu-0xD800)<<10 + (lo - 0xDC00)
			case cu >= 0xDC00 && cu < 0xE000:
				note(msgInvalidUTF8) // a lone low surrogate
				r = utf8.RuneError
			default:
				r = cu
			}
		case c < utf8.RuneSelf:
			r = rune(c)
			i++
		default:
			var size int
			r, size = utf8.DecodeRune(s.in[i:])
			if r == utf8.RuneError && size == 1 {
				note(msgInvalidUTF8)
			}
			i += size
		}
		if msg := textProblem(r); msg != "" {
			note(msg)
			if s.strip {
				changed = true
				continue
			}
		}
		b.WriteRune(r)
	}
done:
	s.pos = i
	text := b.String()
	if problem != "" && (!s.strip || problem == msgInvalidUTF8) {
		at := path
		if isKey {
			at = displayKey(text)
			if path != "" {
				at = path + "." + at
			}
		}
		s.report(at, problem)
	}
	if s.strip && changed {
		enc, _ := json.Marshal(text)
		s.out = append(append(s.out, s.in[s.copied:start]...), enc...)
		s.copied = i
	}
	return text, true
}

func hex4(in []byte, at int) (rune, bool) {
	if at+4 > len(in) {
		return 0, false
	}
	var r rune
	for _, c := range in[at : at+4] {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r<<4 | d
	}
	return r, true
}

// displayKey is an object key as a field path segment: characters that
// cannot be shown (controls, bidirectional controls, U+FFFD from invalid
// bytes) are written as \uXXXX.
func displayKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		if r == utf8.RuneError || unicode.IsControl(r) || incident.IsBidiControl(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
