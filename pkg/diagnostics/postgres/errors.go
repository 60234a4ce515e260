package postgres

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// SafeError is a PostgreSQL failure worded for responders. Driver errors
// name the host, port, user and database of the secret DSN (pgconn's
// "failed to connect to `user=… database=…`: 10.0.3.7:5432 …"), and server
// messages quote roles and databases ("password authentication failed for
// user \"orders_rw\""): none of that may reach a finding, a response or the
// log. Error() is a fixed sentence chosen by class; Unwrap keeps the
// original for errors.Is/As, never for printing.
type SafeError struct {
	Msg  string
	Code string // SQLSTATE when the server answered
	err  error
}

func (e *SafeError) Error() string { return e.Msg }
func (e *SafeError) Unwrap() error { return e.err }

// sqlstates are the server errors a responder can act on, in fixed words.
var sqlstates = map[string]string{
	"28P01": "PostgreSQL refused the login: wrong password for the DSN's role",
	"28000": "PostgreSQL refused the login: the DSN's role may not connect (pg_hba.conf or role)",
	"3D000": "the DSN's database does not exist",
	"53300": "PostgreSQL has no free connection slot (too many clients)",
	"57014": "the statement was cancelled by the statement timeout",
	"57P01": "the server terminated the session (administrator command)",
	"57P03": "PostgreSQL is starting up or shutting down",
	"42501": "permission denied to the DSN's role",
	"25006": "refused: the diagnostic transaction is read-only",
	"53000": "PostgreSQL is out of resources",
	"53100": "PostgreSQL is out of disk space",
	"53200": "PostgreSQL is out of memory",
}

// Safe maps any error of pgx to a SafeError; nil stays nil and a SafeError
// is returned as is.
func Safe(err error) error {
	if err == nil {
		return nil
	}
	var se *SafeError
	if errors.As(err, &se) {
		return err
	}
	return &SafeError{Msg: safeText(err), Code: sqlstate(err), err: err}
}

func sqlstate(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

func safeText(err error) string {
	var (
		pgErr   *pgconn.PgError
		dnsErr  *net.DNSError
		certErr x509.UnknownAuthorityError
		hostErr x509.HostnameError
		invErr  x509.CertificateInvalidError
		recErr  tls.RecordHeaderError
		parse   *pgconn.ParseConfigError
	)
	switch {
	case errors.As(err, &pgErr):
		if msg, ok := sqlstates[pgErr.Code]; ok {
			return msg
		}
		return "PostgreSQL error SQLSTATE " + pgErr.Code
	case errors.As(err, &parse):
		return "the DSN of the PostgreSQL target is not a valid connection string"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return "PostgreSQL did not answer in time"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &dnsErr):
		return "the DSN's host name does not resolve"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "could not connect to PostgreSQL: connection refused"
	case errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH):
		return "could not connect to PostgreSQL: host unreachable"
	case errors.As(err, &certErr) || errors.As(err, &hostErr) || errors.As(err, &invErr) || errors.As(err, &recErr):
		return "could not connect to PostgreSQL: TLS verification failed"
	case pgconn.Timeout(err):
		return "PostgreSQL did not answer in time"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return "could not connect to PostgreSQL"
	}
	return "the PostgreSQL request failed"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
