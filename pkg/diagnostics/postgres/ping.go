package postgres

import "context"

// Ping connects to a target the way the checks do (its connection slots,
// the diagnostics application_name) and runs SELECT 1: the configuration
// page's status line. Errors are SafeError.
func Ping(ctx context.Context, dsn string) error {
	conn, closeConn, err := ProcessTargets().Connect(ctx, dsn)
	if err != nil {
		return Safe(err)
	}
	defer closeConn()
	var one int
	return Safe(conn.QueryRow(ctx, "SELECT 1").Scan(&one))
}
