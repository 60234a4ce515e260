package testpg

// Server is a throwaway PostgreSQL for a command rather than a test (the
// demo's diagnostics target, internal/testenv/cmd/demopg): its own cluster,
// removed by Stop or, if the process dies first, by the watchdog.
type Server struct {
	DSN string // the postgres superuser's maintenance database
	c   *cluster
}

// Run starts a cluster with extra server settings ("max_connections=20").
func Run(settings ...string) (*Server, error) {
	c, err := startCluster(settings...)
	if err != nil {
		return nil, err
	}
	return &Server{DSN: c.dsn(), c: c}, nil
}

// Stop stops the server and deletes its files.
func (s *Server) Stop() { s.c.stop() }
