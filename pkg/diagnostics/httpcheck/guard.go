package httpcheck

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// BlockedError is a request the policy refused before any packet was sent.
type BlockedError struct {
	Target string // address or URL that was refused
	Reason string
}

func (e *BlockedError) Error() string { return fmt.Sprintf("refused %s: %s", e.Target, e.Reason) }

var (
	// metadata answers with instance credentials: the one address an SSRF
	// wants. Refused even when private addresses are allowed.
	metadata = []netip.Addr{
		netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OpenStack
		netip.MustParseAddr("169.254.170.2"),   // ECS task metadata and credentials
		netip.MustParseAddr("fd00:ec2::254"),   // AWS IMDS over IPv6
		netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	}
	cgnat = netip.MustParsePrefix("100.64.0.0/10")
	// thisNet is 0.0.0.0/8, which Linux routes to the local host.
	thisNet = netip.MustParsePrefix("0.0.0.0/8")
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
)

// CheckAddr applies the address policy to one resolved IP.
func CheckAddr(ip netip.Addr, allowPrivate bool) error {
	ip = ip.Unmap() // ::ffff:169.254.169.254 is 169.254.169.254
	if nat64.Contains(ip) {
		// A NAT64 gateway would forward 64:ff9b::a9fe:a9fe to the IPv4 inside.
		b := ip.As16()
		return CheckAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), allowPrivate)
	}
	for _, m := range metadata {
		if ip == m {
			return &BlockedError{ip.String(), "cloud metadata address"}
		}
	}
	switch {
	case ip.IsUnspecified() || thisNet.Contains(ip):
		return &BlockedError{ip.String(), "unspecified address"}
	case ip.IsLinkLocalUnicast():
		return &BlockedError{ip.String(), "link-local address"}
	case ip.IsMulticast() || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return &BlockedError{ip.String(), "multicast or broadcast address"}
	case !allowPrivate && ip.IsLoopback():
		return &BlockedError{ip.String(), "loopback address (AllowPrivate is off)"}
	case !allowPrivate && (ip.IsPrivate() || cgnat.Contains(ip)):
		return &BlockedError{ip.String(), "private address (AllowPrivate is off)"}
	}
	return nil
}

// control runs on every socket after DNS resolution and before connect, so
// the address checked is the one dialled: a name that resolves to a good
// address when the URL is validated and to the metadata service when it is
// fetched (DNS rebinding) is still refused.
func control(allowPrivate bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return &BlockedError{address, "not an IP address and port"}
		}
		return CheckAddr(ap.Addr(), allowPrivate)
	}
}

// metadataNames are host names that resolve to a cloud metadata service.
var metadataNames = map[string]bool{
	"metadata.google.internal": true, "metadata.goog": true, "metadata": true,
	"instance-data": true, "instance-data.ec2.internal": true,
}

// CheckConfiguredURL is the address policy for URLs an admin configures
// (health URLs, the AWS endpoint override), checked before any request:
// http(s) only, no credentials in the URL, no metadata host name, and an
// IP literal host must pass CheckAddr (metadata and link-local always
// refused; loopback and private ranges only with allowPrivate). Names are
// checked again at dial time where the guarded client is used.
func CheckConfiguredURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return &BlockedError{"the URL", "not an absolute URL with a host"}
	}
	if err := checkURL(u, nil); err != nil {
		return err
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if metadataNames[host] {
		return &BlockedError{host, "cloud metadata host name"}
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return CheckAddr(ip, allowPrivate)
	}
	return nil
}

// DialControl is the dial-time address policy for other guarded clients
// (the AWS endpoint override): net.Dialer.Control.
func DialControl(allowPrivate bool) func(network, address string, c syscall.RawConn) error {
	return control(allowPrivate)
}
