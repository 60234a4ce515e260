package apigen

import (
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"
)

// tsWriter renders Go types as TypeScript. Named types must be registered
// (names): a struct the contract reaches but nobody named is an error, so a
// new wire type cannot slip in as an anonymous shape.
type tsWriter struct {
	names map[reflect.Type]string
	enums map[reflect.Type][]string
	// as is the TypeScript of a type with its own MarshalJSON; keepsShape
	// marks one whose JSON is its fields' (wireType).
	as         map[reflect.Type]string
	keepsShape map[reflect.Type]bool
	// refs are the type names tstype tags mention, to import the ones not
	// declared here.
	refs map[string]bool
	err  error
}

var (
	timeType  = reflect.TypeOf(time.Time{})
	rawType   = reflect.TypeOf(json.RawMessage{})
	marshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	tsIdent   = regexp.MustCompile(`\b[A-Z][A-Za-z0-9]*\b`)
	tsQuoted  = regexp.MustCompile(`'[^']*'`)
)

// union is `export type Name = 'a' | 'b';`, one member a line when long
// (as prettier prints it, so the checked-in file is already formatted).
func union(name string, values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + v + "'"
	}
	line := "export type " + name + " = " + strings.Join(quoted, " | ") + ";\n"
	if len(line) <= maxLine {
		return line
	}
	return "export type " + name + " =\n  | " + strings.Join(quoted, "\n  | ") + ";\n"
}

// maxLine is prettier's printWidth in .prettierrc.js.
const maxLine = 120

// declare renders the declaration of the registered type t.
func (w *tsWriter) declare(t reflect.Type) string {
	name := w.names[t]
	goName := path.Base(t.PkgPath()) + "." + t.Name()
	if values, ok := w.enums[t]; ok {
		return fmt.Sprintf("/** Go: %s */\n", goName) + union(name, values)
	}
	if as, ok := w.as[t]; ok {
		return fmt.Sprintf("/** Go: %s */\nexport type %s = %s;\n", goName, name, as)
	}
	if ownJSON(t) && !w.keepsShape[t] {
		w.fail(fmt.Errorf("apigen: %s has its own MarshalJSON: give its TypeScript (as) or mark it keepsShape", t))
	}
	if t.Kind() != reflect.Struct {
		return fmt.Sprintf("/** Go: %s */\nexport type %s = %s;\n", goName, name, w.typeOf(t))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "/** Go: %s */\nexport interface %s%s {\n", goName, name, w.extends(t))
	w.fields(&b, t)
	b.WriteString("}\n")
	return b.String()
}

// extends names the registered structs t embeds: their fields are t's in
// JSON, and in TypeScript they are inherited rather than written again.
func (w *tsWriter) extends(t reflect.Type) string {
	var names []string
	for i := range t.NumField() {
		if f := t.Field(i); w.inherited(f) {
			names = append(names, w.names[f.Type])
		}
	}
	if len(names) == 0 {
		return ""
	}
	return " extends " + strings.Join(names, ", ")
}

func (w *tsWriter) inherited(f reflect.StructField) bool {
	_, registered := w.names[f.Type]
	return f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct && registered
}

func (w *tsWriter) fields(b *strings.Builder, t reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if w.inherited(f) {
			continue
		}
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			w.fields(b, f.Type) // encoding/json flattens embedded structs
			continue
		}
		if !f.IsExported() || tag == "-" {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		// tstype:"T" writes T; tstype:",optional" (or "T,optional") makes
		// the field optional, for request fields Go reads as zero (or nil)
		// when absent. Otherwise omitempty fields are optional, and a pointer
		// without omitempty is sent as null when nil.
		override, optionalTag := strings.CutSuffix(f.Tag.Get("tstype"), ",optional")
		omitempty := strings.Contains(opts, "omitempty")
		optional := omitempty || optionalTag
		typ := override
		if typ == "" {
			typ = w.typeOf(f.Type)
			if f.Type.Kind() == reflect.Pointer && !optional {
				typ += " | null" // a nil pointer is sent as null
			}
		} else {
			for _, id := range tsIdent.FindAllString(tsQuoted.ReplaceAllString(override, ""), -1) {
				w.refs[id] = true
			}
		}
		q := ""
		if optional {
			q = "?"
		}
		fmt.Fprintf(b, "  %s%s: %s;\n", tag, q, typ)
	}
}

// typeOf is the TypeScript type of a use of t.
func (w *tsWriter) typeOf(t reflect.Type) string {
	if name, ok := w.names[t]; ok {
		return name
	}
	if t.Kind() == reflect.Pointer {
		return w.typeOf(t.Elem())
	}
	switch {
	case t == timeType:
		return "string" // RFC 3339
	case t == rawType:
		return "unknown"
	case ownJSON(t):
		// Its JSON is whatever MarshalJSON writes, not its Go shape.
		w.fail(fmt.Errorf("apigen: %s has its own MarshalJSON: register its TypeScript or tag the field with tstype", t))
		return "unknown"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Interface:
		return "unknown"
	case reflect.Slice, reflect.Array:
		el := w.typeOf(t.Elem())
		if strings.ContainsAny(el, " |<") {
			return "Array<" + el + ">"
		}
		return el + "[]"
	case reflect.Map:
		rec := "Record<" + w.typeOf(t.Key()) + ", " + w.typeOf(t.Elem()) + ">"
		if _, enum := w.enums[t.Key()]; enum {
			return "Partial<" + rec + ">" // not every value is a key
		}
		return rec
	case reflect.Struct:
		w.fail(fmt.Errorf("apigen: %s reaches the contract but is not registered", t))
	}
	w.fail(fmt.Errorf("apigen: no TypeScript for %s", t))
	return "unknown"
}

// ownJSON says whether t's JSON is what its MarshalJSON writes rather than
// its Go shape.
func ownJSON(t reflect.Type) bool {
	return t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler)
}

func (w *tsWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// siblings are the tstype names another generated file declares.
var siblings = map[string]string{"ErrorCode": "./errors"}

// imports are the tstype names not declared here, by module: a sibling
// generated file, or the hand-written types (type-only, so the cycle is
// harmless).
func (w *tsWriter) imports() map[string][]string {
	declared := map[string]bool{"Partial": true, "Record": true, "Array": true}
	for _, n := range w.names {
		declared[n] = true
	}
	out := map[string][]string{}
	for id := range w.refs {
		if !declared[id] {
			from := siblings[id]
			if from == "" {
				from = "../types"
			}
			out[from] = append(out[from], id)
		}
	}
	for _, ids := range out {
		sort.Strings(ids)
	}
	return out
}
