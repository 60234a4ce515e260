package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/timers/board"
)

const (
	maxTimerServices   = 50
	maxServiceNameLen  = 200
	defaultTimersLimit = 20
	maxTimersLimit     = 100
)

// timersQuery is GET /timers' query: which active incidents a panel shows.
type timersQuery struct {
	filter board.Filter
	limit  int
}

// parseTimersQuery reads service, severity (parseServiceFilter) and limit,
// reporting every bad parameter at once.
func parseTimersQuery(r *http.Request) (timersQuery, error) {
	var q timersQuery
	var errs []incident.FieldError
	bad := func(path, msg string) { errs = append(errs, incident.FieldError{Path: path, Message: msg}) }
	q.filter.Services, q.filter.Severities = parseServiceFilter(r, bad)
	limit, err := intParam(r, "limit", defaultTimersLimit, 1, maxTimersLimit)
	if err != nil {
		bad("limit", fmt.Sprintf("must be a whole number from 1 to %d", maxTimersLimit))
	}
	q.limit = limit
	if len(errs) > 0 {
		return q, invalid("the timers query is not valid", errs...)
	}
	return q, nil
}

// parseServiceFilter reads service (repeatable and/or comma-separated, as a
// dashboard's multi-value variable renders it; at most maxTimerServices)
// and severity (comma list), passing each problem to bad.
func parseServiceFilter(r *http.Request, bad func(path, msg string)) (services []string, severities []incident.Severity) {
	seen := map[string]bool{}
	for _, v := range r.URL.Query()["service"] {
		for _, part := range strings.Split(v, ",") {
			s := strings.TrimSpace(part)
			switch {
			case s == "":
			case len(s) > maxServiceNameLen:
				bad("service", fmt.Sprintf("a service name is at most %d characters", maxServiceNameLen))
			case !seen[s]:
				seen[s] = true
				services = append(services, s)
			}
		}
	}
	if len(services) > maxTimerServices {
		bad("service", fmt.Sprintf("at most %d services", maxTimerServices))
	}
	for _, s := range csv(r, "severity") {
		if sv := incident.Severity(s); sv.Valid() {
			severities = append(severities, sv)
		} else {
			bad("severity", fmt.Sprintf("unknown severity %q; use P1, P2, P3 or P4", s))
		}
	}
	return services, severities
}
