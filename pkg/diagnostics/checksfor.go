package diagnostics

// Deps builds the checks of each kind. The adapters live in sub-packages
// (aws, postgres, httpcheck) that import this one, so they are injected
// here rather than imported; a nil builder means that kind is not
// configured (no AWS settings, say) and its checks are left out.
type Deps struct {
	HTTP     func(service, url string) Check
	AWS      func(service string, t AWSTarget) []Check
	Postgres func(service string, t PostgresTarget) []Check
}

// ChecksFor returns every applicable check of a target: HTTP when it has a
// health URL, PostgreSQL when it names a database, and for AWS only the
// checks whose resources the catalog fills in.
func ChecksFor(t Target, deps Deps) []Check {
	var checks []Check
	if t.HealthURL != "" && deps.HTTP != nil {
		checks = append(checks, deps.HTTP(t.Service, t.HealthURL))
	}
	if t.AWS != nil && deps.AWS != nil {
		checks = append(checks, deps.AWS(t.Service, *t.AWS)...)
	}
	if t.Postgres != nil && t.Postgres.DSN != "" && deps.Postgres != nil {
		checks = append(checks, deps.Postgres(t.Service, *t.Postgres)...)
	}
	return checks
}
