package api

import (
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Resource paths. Grafana forwards the part of the URL after
// /api/plugins/<id>/resources/ percent-decoded (CallResourceRequest.Path), and
// the SDK's httpadapter pastes it into a URL and parses that again. So:
//   - a control character (%00 arrives as NUL) makes httpadapter fail before
//     any handler runs, and Grafana answers its generic 500;
//   - '%', '?' and '#' are read a second time (as an escape, the query, a
//     fragment);
//   - a path that is not canonical (incidents//events, a/../b, a trailing
//     slash) makes net/http's ServeMux answer a redirect to the cleaned
//     path, a Location outside the plugin's URL space.
//
// RefuseResource answers the first two before httpadapter sees the call;
// the router answers the rest. No resource name has any of these, so a
// path with a control character or invalid UTF-8 is a bad request (400 at
// "path"), and the others name no resource (404).

func errBadPathText(msg string) *Error {
	return invalid("the resource path cannot be read", incident.FieldError{Path: "path", Message: msg})
}

// checkPath refuses a resource path (leading slash optional) that no route
// can have, in the stable error shape; nil when it is fine.
func checkPath(p string) *Error {
	if !utf8.ValidString(p) {
		return errBadPathText("must be valid UTF-8")
	}
	for _, r := range p {
		if unicode.IsControl(r) {
			return errBadPathText("must not contain control characters")
		}
	}
	if strings.ContainsAny(p, "%?#") {
		return errNoRoute
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if path.Clean(p) != p {
		return errNoRoute // incidents//events, x/../admin, a trailing slash: never redirected
	}
	return nil
}

// RefuseResource answers a resource call that the SDK's httpadapter cannot
// turn into an http.Request (it would fail the gRPC call, which Grafana
// reports as a bare 500) or would read differently from what Grafana
// forwarded. It returns nil for every call the router should see.
func RefuseResource(req *backend.CallResourceRequest) *backend.CallResourceResponse {
	e := checkPath(req.Path)
	if e == nil {
		e = adapterWouldFail(req)
	}
	if e == nil {
		return nil
	}
	return e.Response()
}

// adapterWouldFail repeats httpadapter's construction of the request URL
// (grafana-plugin-sdk-go backend/resource/httpadapter) and reports where it
// would fail.
func adapterWouldFail(req *backend.CallResourceRequest) *Error {
	u, err := url.Parse(req.URL)
	if err != nil {
		return invalid("the request URL cannot be read", incident.FieldError{Path: "url", Message: "is not a valid URL"})
	}
	target := req.Path
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	if !strings.HasPrefix(target, "/") {
		target = "/" + target
	}
	if _, err := http.NewRequest(req.Method, target, nil); err != nil {
		return invalid("the request cannot be read", incident.FieldError{Path: "url", Message: "is not a valid request URL"})
	}
	return nil
}

// checkQuery refuses query parameters no store can take alike (PostgreSQL
// refuses NUL and invalid UTF-8 in text, SQLite compares them), naming the
// parameter.
func checkQuery(r *http.Request) *Error {
	var fields []incident.FieldError
	for name, values := range r.URL.Query() {
		for _, v := range append([]string{name}, values...) {
			if msg := controlOrInvalid(v); msg != "" {
				fields = append(fields, incident.FieldError{Path: displayKey(name), Message: msg})
				break
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return invalid("a query parameter cannot be read", fields...)
}

// controlOrInvalid is the message for text that is not valid UTF-8 or holds
// a control character, else "".
func controlOrInvalid(s string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "must not contain control characters"
		}
	}
	return ""
}
