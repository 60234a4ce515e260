package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// feed is LISTEN/NOTIFY: every write transaction NOTIFYs the marks of the
// incidents it changed, delivered at commit to every listening session of
// every Grafana instance; each process holds one listening connection of
// its own, outside the pool, for as long as its live watcher runs.
type feed struct {
	conn *pgx.ConnConfig
}

func (feed) NotifySQL() string { return `SELECT pg_notify(?, ?)` }

// Listen returns when ctx ends or the session fails (the server restarted,
// the network broke: the OS's TCP keepalive, which pgx turns on, notices a
// silent peer); the caller then polls and listens again.
func (f feed) Listen(ctx context.Context, channel string, ready func(), fn func(payload string)) error {
	conn, err := pgx.ConnectConfig(ctx, f.conn.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	ready()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		fn(n.Payload)
	}
}
