package postgres

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// fakeAuthServer is a PostgreSQL wire-protocol server that answers every
// login as a server with a wrong password in the DSN does: FATAL 28P01
// naming the user. (The test cluster trusts every login.)
func fakeAuthServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				be := pgproto3.NewBackend(c, c)
				msg, err := be.ReceiveStartupMessage()
				if err != nil {
					return
				}
				user := "?"
				if sm, ok := msg.(*pgproto3.StartupMessage); ok {
					user = sm.Parameters["user"]
				}
				be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01",
					Message: `password authentication failed for user "` + user + `"`})
				_ = be.Flush()
			}()
		}
	}()
	return l.Addr().String()
}

// No driver or server text naming the host, the port, the user or the
// database of the secret DSN reaches a finding: a wrong password, a
// database that does not exist, a refused port, a name that does not
// resolve and a DSN that does not parse each give a fixed sentence.
func TestDriverTextNeverReachesAFinding(t *testing.T) {
	base, err := url.Parse(testpg.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	missingDB := *base
	missingDB.Path = "/orders_secret_db"
	cases := []struct {
		name, dsn, want string
		secrets         []string
	}{
		{"wrong password", "postgres://orders_rw_secret:hunter2@" + fakeAuthServer(t) + "/orders_secret_db?sslmode=disable&connect_timeout=5",
			"wrong password", []string{"orders_rw_secret", "hunter2", "orders_secret_db", "127.0.0.1"}},
		{"no such database", missingDB.String(), "does not exist", []string{"orders_secret_db", base.Host, base.Hostname(), base.User.Username()}},
		{"refused port", "postgres://orders_rw_secret:hunter2@127.0.0.1:1/orders_secret_db?sslmode=disable&connect_timeout=5",
			"connection refused", []string{"orders_rw_secret", "hunter2", "orders_secret_db", "127.0.0.1", ":1"}},
		{"unresolvable host", "postgres://orders_rw_secret:hunter2@db-secret-host.invalid:5432/orders_secret_db?sslmode=disable&connect_timeout=5",
			"does not resolve", []string{"orders_rw_secret", "hunter2", "orders_secret_db", "db-secret-host", "5432"}},
		{"not a DSN", "postgres://orders_rw_secret:hunter2@db-secret-host:notaport/orders_secret_db",
			"not a valid connection string", []string{"orders_rw_secret", "hunter2", "orders_secret_db", "db-secret-host", "notaport"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s := diagnostics.Run(ctx, Checks("api", diagnostics.PostgresTarget{Name: "main", DSN: c.dsn}, Options{}), diagnostics.RunOptions{}, nil)
			for _, f := range s.Findings {
				if f.Status != diagnostics.StatusError || !strings.Contains(f.Error, c.want) {
					t.Errorf("%s: %s %q, want an error saying %q", f.Check, f.Status, f.Error, c.want)
				}
				text := f.Error + " " + f.Summary + " " + f.Title
				for _, secret := range c.secrets {
					if secret != "" && strings.Contains(text, secret) {
						t.Errorf("%s: %q reveals %q", f.Check, text, secret)
					}
				}
			}
			t.Logf("%s", s.Findings[0].Error)
		})
	}
}

func TestSafeKeepsTheCause(t *testing.T) {
	err := Safe(context.DeadlineExceeded)
	if err.Error() != "PostgreSQL did not answer in time" || !errors.Is(err, context.DeadlineExceeded) || Safe(err) != err {
		t.Fatalf("%v", err)
	}
	if Safe(nil) != nil {
		t.Fatal("nil is not an error")
	}
}
