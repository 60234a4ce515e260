// Package settings turns the app's Grafana settings into a validated domain
// value, once per plugin instance.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/comms"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// wire is jsonData exactly as the config page saves it.
type wire struct {
	DataDir        string           `json:"dataDir"`
	SeverityLabels string           `json:"severityLabels"`
	Templates      []comms.Template `json:"templates"`
	catalog.Catalog
	Prometheus      Prometheus `json:"prometheus"`
	ReevaluateEvery string     `json:"reevaluateEvery"`

	// Diagnostics: AWS auth, runbook overrides, enabled remediations.
	Diagnostics DiagnosticsWire `json:"diagnostics"`
}

// Settings is what the back end runs with.
type Settings struct {
	// SQLitePath is the database file used when no PostgreSQL DSN is set.
	SQLitePath string
	// PostgresDSN comes from postgres_dsn in grafana.ini or else from the
	// org's decrypted secure JSON; never log it.
	PostgresDSN string
	// ProcessStore is true when the store is the process-level one
	// (process.go): grafana.ini's postgres_dsn or data_dir, or the default
	// directory. Its scheduler starts with the process; a store named only
	// by an org's settings wakes on that org's first request.
	ProcessStore bool
	// SeverityLabels is "P" (P1–P4) or "SEV" (SEV1–SEV4).
	SeverityLabels string
	// Templates replace the runbook's communication templates when set.
	Templates []comms.Template
	// Catalog is the service catalog, with query defaults filled in.
	Catalog    catalog.Catalog
	Prometheus Prometheus
	// Secrets holds the decrypted secure settings other than the store DSN
	// (Prometheus credentials, webhook secret). Never log or return them.
	Secrets map[string]string
	// ReevaluateEvery is the period of metric re-evaluation of open
	// incidents; 0 means off.
	ReevaluateEvery time.Duration
	// Diagnostics are the AWS, PostgreSQL, runbook and remediation settings.
	Diagnostics Diagnostics
	// Problems are settings the app runs without (a bad catalog entry must not
	// take incidents down): shown by the health check and the config page.
	Problems []incident.FieldError
}

// Env reads the process environment; tests pass their own.
type Env func(string) string

// Parse maps Grafana's app instance settings to Settings with defaults. The
// process settings (grafana.ini) win over the org's store settings.
func Parse(s backend.AppInstanceSettings, p Process) (Settings, error) {
	var w wire
	if len(s.JSONData) > 0 && string(s.JSONData) != "null" {
		if err := json.Unmarshal(s.JSONData, &w); err != nil {
			return Settings{}, fmt.Errorf("jsonData is not valid JSON: %w", err)
		}
	}
	out := Settings{
		SeverityLabels: w.SeverityLabels,
		Templates:      w.Templates,
		Catalog:        w.WithDefaults(),
		Prometheus:     w.Prometheus,
		Secrets:        map[string]string{},
	}
	for k, v := range s.DecryptedSecureJSONData {
		if k != "postgresDsn" && strings.TrimSpace(v) != "" {
			out.Secrets[k] = strings.TrimSpace(v)
		}
	}
	out.Problems = ValidateFeatures(w.Features())
	var diagProblems []incident.FieldError
	out.Diagnostics, diagProblems = w.Diagnostics.resolve(out.Catalog, out.Secrets)
	out.Problems = append(out.Problems, diagProblems...)
	every, err := parseReevaluate(w.ReevaluateEvery)
	if err != nil {
		every = time.Minute // reported among the problems
	}
	out.ReevaluateEvery = every
	if out.SeverityLabels == "" {
		out.SeverityLabels = "P"
	}
	out.storeFrom(p, strings.TrimSpace(s.DecryptedSecureJSONData["postgresDsn"]), strings.TrimSpace(w.DataDir))
	if err := out.Validate(); err != nil {
		return out, err
	}
	if out.PostgresDSN == "" && out.SQLitePath == "" {
		return out, fmt.Errorf("the data directory is unknown (%v); set data_dir under %s in grafana.ini", p.DefaultDataDirErr, IniSection)
	}
	return out, nil
}

// storeFrom picks the store: grafana.ini's postgres_dsn, else the org's
// postgresDsn, else SQLite in grafana.ini's data_dir, else the org's
// dataDir, else the default directory beside Grafana's plugins.
func (out *Settings) storeFrom(p Process, orgDSN, orgDir string) {
	switch {
	case p.PostgresDSN != "":
		out.PostgresDSN, out.ProcessStore = p.PostgresDSN, true
	case orgDSN != "":
		out.PostgresDSN = orgDSN
	}
	dir := orgDir
	if p.DataDir != "" || dir == "" {
		dir = p.DataDir
		if dir == "" {
			dir = p.DefaultDataDir
		}
	}
	if dir != "" {
		out.SQLitePath = filepath.Join(dir, "warroom.db")
	}
	if out.PostgresDSN == "" {
		out.ProcessStore = out.SQLitePath != "" && filepath.Clean(out.SQLitePath) == filepath.Clean(p.SQLitePath())
	}
}

// Validate reports settings the back end cannot run with.
func (s Settings) Validate() error {
	var errs []error
	if s.SeverityLabels != "P" && s.SeverityLabels != "SEV" {
		errs = append(errs, fmt.Errorf("severityLabels must be \"P\" or \"SEV\", got %q", s.SeverityLabels))
	}
	ids := map[string]bool{}
	for i, t := range s.Templates {
		if strings.TrimSpace(t.ID) == "" || ids[t.ID] {
			errs = append(errs, fmt.Errorf("templates[%d].id must be unique and not empty", i))
		}
		ids[t.ID] = true
		if strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Body) == "" {
			errs = append(errs, fmt.Errorf("templates[%d] needs a name and a body", i))
		}
	}
	if s.PostgresDSN == "" && s.SQLitePath != "" && !filepath.IsAbs(s.SQLitePath) && !strings.HasPrefix(s.SQLitePath, ".") {
		errs = append(errs, fmt.Errorf("dataDir must be an absolute path"))
	}
	return errors.Join(errs...)
}

// StoreKind names the store for health messages, which any signed-in user
// may see: no DSN, no file path.
func (s Settings) StoreKind() string {
	if s.PostgresDSN != "" {
		return "PostgreSQL"
	}
	return "SQLite"
}

// Features are the parts of jsonData the app can run without: the
// catalog, the Prometheus source and the re-evaluation period.
type Features struct {
	Catalog         catalog.Catalog
	Prometheus      Prometheus
	ReevaluateEvery string
	Diagnostics     DiagnosticsWire
}

func (w wire) Features() Features {
	return Features{Catalog: w.Catalog, Prometheus: w.Prometheus, ReevaluateEvery: w.ReevaluateEvery, Diagnostics: w.Diagnostics}
}

// ValidateFeatures checks them. The config page calls it (through POST
// /settings/validate) before saving, so mistakes never reach Grafana.
func ValidateFeatures(f Features) []incident.FieldError {
	errs := append(f.Catalog.Validate(), f.Prometheus.validate()...)
	if _, err := parseReevaluate(f.ReevaluateEvery); err != nil {
		errs = append(errs, incident.FieldError{Path: "reevaluateEvery", Message: err.Error()})
	}
	errs = append(errs, f.Diagnostics.validate()...)
	return errs
}

// ParseJSONData reads jsonData as the config page would save it, for
// validation before a save.
func ParseJSONData(raw []byte) (Features, error) {
	var w wire
	if err := json.Unmarshal(raw, &w); err != nil {
		return Features{}, fmt.Errorf("jsonData is not valid JSON: %w", err)
	}
	return w.Features(), nil
}
