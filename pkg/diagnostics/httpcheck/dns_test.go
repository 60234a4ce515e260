package httpcheck

import (
	"net"
	"net/netip"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck/httpchecktest"
)

// fakeDNS resolves every name to answer (httpchecktest.FakeDNS).
func fakeDNS(t *testing.T, answer netip.Addr) *net.Resolver {
	return httpchecktest.FakeDNS(t, answer)
}
