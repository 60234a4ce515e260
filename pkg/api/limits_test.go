package api

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/alertintake"
)

func TestSlideAdmitsMaxPerWindow(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	var log []time.Time
	var ok bool
	var retry time.Duration
	for i := 0; i < 3; i++ {
		log, ok, _ = slide(log, t0.Add(time.Duration(i)*10*time.Second), 3, time.Minute)
		if !ok {
			t.Fatalf("write %d refused", i)
		}
	}
	// At 0:25 the window holds 0:00, 0:10, 0:20: refused until 0:00 leaves at 1:00.
	log, ok, retry = slide(log, t0.Add(25*time.Second), 3, time.Minute)
	if ok || retry != 35*time.Second || len(log) != 3 {
		t.Fatalf("ok=%v retry=%v len=%d", ok, retry, len(log))
	}
	// At exactly 1:00 the first write has left the window.
	log, ok, _ = slide(log, t0.Add(time.Minute), 3, time.Minute)
	if !ok || len(log) != 3 || !log[0].Equal(t0.Add(10*time.Second)) {
		t.Fatalf("ok=%v log=%v", ok, log)
	}
}

func TestWriteLimiterIsPerKeyAndForgets(t *testing.T) {
	var l writeLimiter
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	if ok, _ := l.admit("1/A", t0, 1, time.Minute); !ok {
		t.Fatal("first write refused")
	}
	if ok, retry := l.admit("1/A", t0.Add(time.Second), 1, time.Minute); ok || retry != 59*time.Second {
		t.Fatalf("second write: ok=%v retry=%v", ok, retry)
	}
	if ok, _ := l.admit("1/B", t0, 1, time.Minute); !ok {
		t.Fatal("another incident shares the limit")
	}
	for i := 0; i < 2000; i++ {
		l.admit(fmt.Sprintf("1/X%d", i), t0, 1, time.Minute)
	}
	l.admit("1/late", t0.Add(2*time.Minute), 1, time.Minute)
	if n := len(l.seen); n > 2 {
		t.Errorf("%d keys kept after they went idle", n)
	}
}

func TestErrRateLimitedHasRetryAfter(t *testing.T) {
	e := errRateLimited(1500 * time.Millisecond)
	if e.Status != 429 || e.Code != "rate_limited" || e.Header.Get("Retry-After") != "2" {
		t.Fatalf("%+v", e)
	}
	if e := errRateLimited(0); e.Header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q", e.Header.Get("Retry-After"))
	}
}

func TestAlertLimits(t *testing.T) {
	labels := func(n, valueLen int) map[string]string {
		m := map[string]string{}
		for i := 0; i < n; i++ {
			m[fmt.Sprintf("l%d", i)] = strings.Repeat("v", valueLen)
		}
		return m
	}
	// A large but normal group is well within the limits.
	normal := alertintake.Notification{CommonLabels: labels(20, 100)}
	for i := 0; i < 200; i++ {
		normal.Alerts = append(normal.Alerts, alertintake.Alert{Labels: labels(30, 200), Annotations: map[string]string{"description": strings.Repeat("d", 4000)},
			Values: map[string]float64{"A": 1, "B": 2, "C": 3}, Fingerprint: "0123456789abcdef"})
	}
	if errs := checkAlertLimits(normal); len(errs) != 0 {
		t.Fatalf("a normal notification is refused: %+v", errs)
	}
	values := map[string]float64{}
	for i := 0; i <= MaxAlertValues; i++ {
		values[fmt.Sprint(i)] = 1
	}
	n := alertintake.Notification{CommonAnnotations: labels(MaxAlertAnnotations+1, 1), Alerts: []alertintake.Alert{
		{Labels: labels(MaxAlertLabels+1, 1)},
		{Labels: map[string]string{"query": strings.Repeat("q", MaxAlertLabelValue+1)}, Annotations: map[string]string{strings.Repeat("k", MaxAlertKey+1): "x"}},
		{Values: values, Fingerprint: strings.Repeat("f", MaxAlertFingerprint+1)},
	}}
	got := map[string]bool{}
	for _, e := range checkAlertLimits(n) {
		got[e.Path] = true
	}
	for _, want := range []string{"commonAnnotations", "alerts[0].labels", "alerts[1].labels.query", "alerts[1].annotations", "alerts[2].values", "alerts[2].fingerprint"} {
		if !got[want] {
			t.Errorf("no error at %s; got %v", want, got)
		}
	}
	many := alertintake.Notification{Alerts: make([]alertintake.Alert, MaxAlerts+1)}
	if errs := validateAlerts(many); len(errs) != 1 || errs[0].Path != "alerts" || !strings.Contains(errs[0].Message, "at most 1000 alerts") {
		t.Fatalf("%+v", errs)
	}
}
