package notify

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck/httpchecktest"
)

// Channel URLs go through the health check's address policy: the cloud
// metadata service and link-local addresses are refused when the channel
// is validated (settings) or built, without quoting the URL; and a name
// that resolves to one is refused when dialled, before any byte is sent
// (DNS rebinding), permanently. Loopback and private receivers are allowed
// (the other tests deliver to 127.0.0.1).
func TestChannelURLsGoThroughTheAddressPolicy(t *testing.T) {
	for _, raw := range []string{"http://169.254.169.254/latest/meta-data/topsecret", "http://[fe80::1]/topsecret", "https://metadata.google.internal/topsecret"} {
		ch := Channel{ID: "ops", Name: "ops", Kind: KindSlack, URL: raw}
		errs := ch.Validate()
		if len(errs) != 1 || errs[0].Path != "url" || !strings.Contains(errs[0].Message, "never called") || strings.Contains(errs[0].Message, "topsecret") {
			t.Errorf("%s: %+v, want one url error naming the policy, not the URL", raw, errs)
		}
		if _, err := Build(ch, message()); err == nil || strings.Contains(err.Error(), "topsecret") {
			t.Errorf("%s: Build = %v", raw, err)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:8080/hook", "http://10.1.2.3/hooks/x", "https://hooks.slack.com/services/T/B/x"} {
		if errs := (Channel{ID: "ops", Name: "ops", Kind: KindSlack, URL: ok}).Validate(); len(errs) != 0 {
			t.Errorf("%s refused: %+v", ok, errs)
		}
	}

	var hits atomic.Int32
	direct, _ := url.Parse(receiver(t, func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	named := "http://hooks.example.test:" + direct.Port() + secretPath
	for _, ip := range []string{"169.254.169.254", "fe80::1"} {
		req, err := Build(Channel{ID: "ops", Name: "ops", Kind: KindSlack, URL: named}, message())
		if err != nil {
			t.Fatal(err)
		}
		res := Sender{Resolver: httpchecktest.FakeDNS(t, netip.MustParseAddr(ip))}.Deliver(context.Background(), req)
		if res.OK() || res.Retryable || !strings.Contains(res.Error, "never called") {
			t.Errorf("name resolving to %s: %+v, want a permanent refusal", ip, res)
		}
		noLeak(t, res, named)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d requests reached the receiver", n)
	}
	// The same name resolving to loopback is delivered: the refusal above is
	// the policy, not the fake resolver.
	req, _ := Build(Channel{ID: "ops", Name: "ops", Kind: KindSlack, URL: named}, message())
	if res := (Sender{Resolver: httpchecktest.FakeDNS(t, netip.MustParseAddr("127.0.0.1"))}).Deliver(context.Background(), req); !res.OK() || hits.Load() != 1 {
		t.Fatalf("loopback: %+v (%d requests)", res, hits.Load())
	}
}
