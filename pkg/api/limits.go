package api

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/alertintake"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Limits of Grafana's alert webhook (docs/api.md "Limits"). Grafana sends
// every alert of a group in one notification, usually a handful with 5–20
// labels, a few annotations and one value per query; the limits are far
// above that so no normal notification is refused (Grafana does not retry
// a refused one). The body limit (MaxAlertBody) applies first.
const (
	// MaxAlertBody is the webhook's body limit: MaxAlerts alerts of 4 KiB
	// each, about twice what Grafana sends for an alert with 20 labels, a
	// runbook-length description and its silence, dashboard and panel URLs,
	// so a notification at the alert count limit fits. It stays well under
	// the 16 MiB Grafana's plugin protocol carries. Alerts with maximal
	// labels and annotations (the per-field limits below) cannot all fit:
	// such a notification is refused with body_too_large, which names this
	// limit and the count limit, never cut.
	MaxAlertBody = MaxAlerts * 4 << 10

	MaxAlerts               = 1000  // alerts per notification
	MaxAlertLabels          = 100   // labels per alert, and commonLabels
	MaxAlertAnnotations     = 100   // annotations per alert, and commonAnnotations
	MaxAlertValues          = 100   // values per alert (one per query or expression)
	MaxAlertKey             = 1024  // characters of a label, annotation or value name
	MaxAlertLabelValue      = 4096  // characters of a label value
	MaxAlertAnnotationValue = 16384 // characters of an annotation value
	MaxAlertFingerprint     = 128   // characters of a fingerprint (Grafana's: 16)
)

// errAlertBodyTooLarge names the webhook's two limits a large group meets:
// the body size and the alert count.
var errAlertBodyTooLarge = &Error{Status: http.StatusBadRequest, Code: "body_too_large",
	Message: fmt.Sprintf("the alert notification is over %d MiB; Warroom takes at most %d alerts of about 4 KiB each per notification: lower the contact point's max alerts, group by more labels or shorten annotations",
		MaxAlertBody>>20, MaxAlerts),
	Fields: []incident.FieldError{{Path: "body", Message: fmt.Sprintf("at most %d MiB", MaxAlertBody>>20)}}}

// checkAlertLimits lists what of n is over the limits, by field path.
func checkAlertLimits(n alertintake.Notification) []incident.FieldError {
	var errs []incident.FieldError
	if len(n.Alerts) > MaxAlerts {
		return []incident.FieldError{fieldError("alerts", fmt.Sprintf("at most %d alerts per notification (has %d); set the contact point's max alerts or group by more labels", MaxAlerts, len(n.Alerts)))}
	}
	errs = append(errs, checkStringMap("commonLabels", n.CommonLabels, MaxAlertLabels, MaxAlertLabelValue)...)
	errs = append(errs, checkStringMap("commonAnnotations", n.CommonAnnotations, MaxAlertAnnotations, MaxAlertAnnotationValue)...)
	for i, al := range n.Alerts {
		at := indexPath("alerts", i)
		errs = append(errs, checkStringMap(at+".labels", al.Labels, MaxAlertLabels, MaxAlertLabelValue)...)
		errs = append(errs, checkStringMap(at+".annotations", al.Annotations, MaxAlertAnnotations, MaxAlertAnnotationValue)...)
		if len(al.Values) > MaxAlertValues {
			errs = append(errs, fieldError(at+".values", fmt.Sprintf("at most %d values (has %d)", MaxAlertValues, len(al.Values))))
		} else {
			for k := range al.Values {
				if utf8.RuneCountInString(k) > MaxAlertKey {
					errs = append(errs, fieldError(at+".values", fmt.Sprintf("value names are at most %d characters", MaxAlertKey)))
					break
				}
			}
		}
		if utf8.RuneCountInString(al.Fingerprint) > MaxAlertFingerprint {
			errs = append(errs, fieldError(at+".fingerprint", fmt.Sprintf("must be at most %d characters", MaxAlertFingerprint)))
		}
		if len(errs) >= maxTextFields {
			break
		}
	}
	if len(errs) > maxTextFields {
		errs = errs[:maxTextFields]
	}
	return errs
}

// checkStringMap bounds the entries of a label or annotation map and the
// characters of each name and value. One error per map: the path names the
// map, the message the first offending name.
func checkStringMap(at string, m map[string]string, maxEntries, maxValue int) []incident.FieldError {
	if len(m) > maxEntries {
		return []incident.FieldError{fieldError(at, fmt.Sprintf("at most %d entries (has %d)", maxEntries, len(m)))}
	}
	for k, v := range m {
		if utf8.RuneCountInString(k) > MaxAlertKey {
			return []incident.FieldError{fieldError(at, fmt.Sprintf("names are at most %d characters", MaxAlertKey))}
		}
		if n := utf8.RuneCountInString(v); n > maxValue {
			return []incident.FieldError{fieldError(at+"."+displayKey(k), fmt.Sprintf("must be at most %d characters (has %d)", maxValue, n))}
		}
	}
	return nil
}

// writeLimiter admits at most max writes per key in any window (a sliding
// log of admission times). The zero value is ready; the clock is the
// caller's. Keys idle for a window are dropped, so memory follows the
// incidents written to in the last minute.
type writeLimiter struct {
	mu   sync.Mutex
	seen map[string][]time.Time
}

// admit records a write for key at now, or refuses it and says after how
// long the oldest write in the window leaves it.
func (l *writeLimiter) admit(key string, now time.Time, max int, window time.Duration) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]time.Time{}
	}
	if len(l.seen) > 1024 {
		for k, ts := range l.seen {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= window {
				delete(l.seen, k)
			}
		}
	}
	kept, ok, retry := slide(l.seen[key], now, max, window)
	l.seen[key] = kept
	return ok, retry
}

// slide is the pure rule: drop the times that left the window before now,
// then admit now when fewer than max remain. retry is how long until the
// oldest remaining time leaves the window (when refused).
func slide(times []time.Time, now time.Time, max int, window time.Duration) ([]time.Time, bool, time.Duration) {
	i := 0
	for i < len(times) && now.Sub(times[i]) >= window {
		i++
	}
	kept := append([]time.Time(nil), times[i:]...)
	if len(kept) >= max {
		return kept, false, times[i].Add(window).Sub(now)
	}
	return append(kept, now), true, 0
}

// errRateLimited is 429 with Retry-After in whole seconds, at least 1.
func errRateLimited(retry time.Duration) *Error {
	secs := int(math.Ceil(retry.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return &Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
		Message: fmt.Sprintf("this incident took %d notes and status updates in the last minute; try again in %d s",
			incident.MaxWritesPerMinute, secs),
		Header: http.Header{"Retry-After": {strconv.Itoa(secs)}}}
}

// admitWrite applies the per-incident rate of notes and status updates.
func (a *API) admitWrite(orgID int64, incID string) error {
	key := strconv.FormatInt(orgID, 10) + "/" + incID
	if ok, retry := a.writes.admit(key, a.Now(), incident.MaxWritesPerMinute, incident.WriteWindow); !ok {
		return errRateLimited(retry)
	}
	return nil
}
