package httpcheck

import (
	"net"
	"net/http"
	"time"
)

// Transport is the HTTP transport for the other URLs an admin configures
// and the back end calls again and again (the Prometheus URL, notification
// channels): the address policy runs on every socket after DNS resolution
// (DialControl), so a name that resolved to a public address when the URL
// was saved and resolves to the metadata service later (DNS rebinding) is
// refused at connect time. allowPrivate is as for CheckConfiguredURL.
// Unlike the health check's Client, it keeps connections alive and uses
// the proxy of the environment (HTTPS_PROXY, which Grafana passes to
// plugins; Slack is often reached through one): with a proxy the dial
// check sees the proxy's address, the URL itself is checked on save, and
// the proxy resolves the name. resolver nil is the system resolver.
func Transport(allowPrivate bool, resolver *net.Resolver) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Resolver: resolver, Control: control(allowPrivate)}
	t.DialContext = d.DialContext
	return t
}
