package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/prometheus"
)

// One row per section state, each against the real server where there is
// one: what the status line says, and never the secret it was built from.
func TestSectionChecks(t *testing.T) {
	pgDSN := testpg.DSN(t)
	const secret = "s3cretPassw0rd"
	closedDSN := "postgres://warroom:" + secret + "@" + testenv.ClosedAddr(t) + "/orders?connect_timeout=2"
	prom := testprom.Start(t)
	promClient := promAt(t, prom, "")
	closedProm := promAt(t, "http://"+testenv.ClosedAddr(t), secret)
	moto := testmoto.Start(t)
	motoAWS := awsAt(t, moto)
	closedAWS := awsAt(t, "http://"+testenv.ClosedAddr(t))
	st := apitest.New(t).API.Store
	pgStore := apitest.NewOn(t, apitest.Engines[1]).API.Store

	cases := []struct {
		name  string
		check api.SectionCheck
		state api.SectionState
		msg   string
	}{
		{"storage connected", api.StoreCheck("SQLite", st.Ping), api.StateConnected, "the SQLite store answers"},
		{"storage connected on PostgreSQL", api.StoreCheck("PostgreSQL", pgStore.Ping), api.StateConnected, "the PostgreSQL store answers"},
		{"storage error", api.StoreCheck("PostgreSQL", func(ctx context.Context) error { return postgres.Ping(ctx, closedDSN) }),
			api.StateError, "the PostgreSQL store does not answer: could not connect to PostgreSQL: connection refused"},

		{"prometheus connected", api.PrometheusCheck(promClient, ""), api.StateConnected, "Prometheus answers"},
		{"prometheus not configured", api.PrometheusCheck(nil, ""), api.StateNotConfigured, "no Prometheus URL or data source"},
		{"prometheus settings that cannot work", api.PrometheusCheck(nil, "Prometheus settings are incomplete: set the Prometheus URL"),
			api.StateError, "Prometheus settings are incomplete"},
		{"prometheus refused", api.PrometheusCheck(closedProm, ""), api.StateError, "connection refused"},

		{"aws connected", api.AWSCheck(testmoto.Region, "", motoAWS.Reach), api.StateConnected, "AWS answers in " + testmoto.Region},
		{"aws not configured", api.AWSCheck("", "", motoAWS.Reach), api.StateNotConfigured, "no catalogued service has AWS resources"},
		{"aws settings that cannot work", api.AWSCheck(testmoto.Region, "the AWS settings cannot work: no region", nil), api.StateError, "the AWS settings cannot work"},
		{"aws unreachable", api.AWSCheck(testmoto.Region, "", closedAWS.Reach), api.StateError, "could not reach the AWS endpoint"},

		{"postgres connected", api.PostgresCheck([]string{"orders", "carts"}, map[string]string{"orders": pgDSN, "carts": pgDSN}, postgres.Ping),
			api.StateConnected, "2 targets reachable"},
		{"postgres not configured", api.PostgresCheck(nil, nil, postgres.Ping), api.StateNotConfigured, "no catalogued service names a PostgreSQL target"},
		{"postgres one target down, one without DSN", api.PostgresCheck([]string{"carts", "orders", "search"},
			map[string]string{"orders": closedDSN, "carts": pgDSN}, postgres.Ping),
			api.StateError, "orders: could not connect to PostgreSQL: connection refused; search: no DSN in the secure setting postgres.search"},

		{"notifications connected", api.NotificationsCheck(2, nil), api.StateConnected, "2 channels configured"},
		{"notifications not configured", api.NotificationsCheck(0, nil), api.StateNotConfigured, "no notification channels"},
		{"notifications with a channel that cannot deliver", api.NotificationsCheck(1, []incident.FieldError{
			{Path: "services[0].postgres", Message: "not this one"},
			{Path: "notifications.channels[1].url", Message: "is required: set the secure setting notifyUrl_ops"}}),
			api.StateError, "notifications.channels[1].url: is required: set the secure setting notifyUrl_ops"},

		{"alerts signed", api.AlertsCheck(true), api.StateConnected, "webhook secret set"},
		{"alerts unsigned", api.AlertsCheck(false), api.StateNotConfigured, "no webhook secret"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Generous: moto loads a service's backend on its first call,
			// seconds on a busy machine. The route test holds the 3 s bound.
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			state, msg := tc.check(ctx)
			if state != tc.state || !strings.Contains(msg, tc.msg) {
				t.Fatalf("got %s %q, want %s containing %q", state, msg, tc.state, tc.msg)
			}
			// Prometheus' host may show (the admin typed it); the DSN's
			// never does, nor driver text.
			for _, leak := range []string{secret, "warroom@", "user=", "dial tcp", "SQLSTATE"} {
				if strings.Contains(msg, leak) {
					t.Fatalf("message %q shows %q", msg, leak)
				}
			}
		})
	}
}

// The route runs every section at once: a hung one is reported as timed out
// at the bound while the others answer, in page order; a section without a
// check is not configured.
func TestConfigStatusRoute(t *testing.T) {
	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hung.Close)
	t.Cleanup(func() { close(release) })
	a := apitest.New(t, func(a *api.API) {
		a.ConfigCheckTimeout = 300 * time.Millisecond
		a.ConfigChecks = map[api.SectionKey]api.SectionCheck{
			api.SectionStorage:    api.StoreCheck("SQLite", a.Store.Ping),
			api.SectionPrometheus: api.PrometheusCheck(promAt(t, hung.URL, ""), ""),
			api.SectionAlerts:     api.AlertsCheck(true),
		}
	})
	r := a.Call(t, apitest.Admin, "GET", "/config/status", "")
	want := `{"sections":[` +
		`{"key":"storage","state":"connected","message":"the SQLite store answers"},` +
		`{"key":"prometheus","state":"error","message":"timed out after 300ms"},` +
		`{"key":"aws","state":"not_configured","message":"not configured"},` +
		`{"key":"postgres","state":"not_configured","message":"not configured"},` +
		`{"key":"notifications","state":"not_configured","message":"not configured"},` +
		`{"key":"alerts","state":"connected","message":"webhook secret set: alert notifications must be signed"}]}` + "\n"
	if r.Status != http.StatusOK || string(r.Body) != want {
		t.Fatalf("%d %s\nwant %s", r.Status, r.Body, want)
	}
}

func promAt(t *testing.T, url, password string) *prometheus.Client {
	t.Helper()
	cfg := prometheus.Config{URL: url, Retries: -1}
	if password != "" {
		cfg.BasicUser, cfg.BasicPassword = "warroom", password
	}
	c, err := prometheus.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func awsAt(t *testing.T, endpoint string) *aws.Provider {
	t.Helper()
	p, err := aws.New(aws.Settings{AuthType: aws.AuthKeys, AccessKey: "AKIAWARROOMTEST", SecretKey: "testing", Endpoint: endpoint,
		DefaultRegion: testmoto.Region}, aws.Options{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
