package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// incidentColsBase is incidentCols up to, not including, details.
const incidentColsBase = `org_id, id, title, severity, status, services, summary, created_by,
	created_at, updated_at, resolved_at, version, `

// incidentCols is the column order scanIncident expects.
const incidentCols = incidentColsBase + `details`

// listCols picks the columns of a list page.
func (s *Store) listCols(withoutPostmortem bool) string {
	if withoutPostmortem {
		return s.leanCols
	}
	return incidentCols
}

// at is the value written for t: UTC, cut to the microsecond both engines
// keep, so what is written is exactly what is read back.
func (s *Store) at(t time.Time) any { return s.d.Time(t.UTC().Truncate(time.Microsecond)) }

// atOrNull is at for a time that may be absent (NULL).
func (s *Store) atOrNull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return s.at(*t)
}

// us is the time the store hands back for t written through at.
func us(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// timeCol scans a time column in either encoding Dialect.Time writes: UTC
// microseconds since the epoch (SQLite) or a timestamp (PostgreSQL).
type timeCol struct {
	t     time.Time
	valid bool
}

func (c *timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = timeCol{}
	case int64:
		*c = timeCol{t: time.UnixMicro(v).UTC(), valid: true}
	case time.Time:
		*c = timeCol{t: v.UTC(), valid: true}
	default:
		return fmt.Errorf("scan %T as a time", src)
	}
	return nil
}

// ptr is the scanned time, nil for NULL.
func (c timeCol) ptr() *time.Time {
	if !c.valid {
		return nil
	}
	t := c.t
	return &t
}

type scanner interface{ Scan(dest ...any) error }

// scanIncident reads one row of incidentCols. Every incident the store
// returns goes through here, so a created, updated and read incident are
// decoded identically (UTC times, JSON-normalised details).
func scanIncident(row scanner) (incident.Incident, error) {
	var (
		inc                       incident.Incident
		services, details         []byte
		created, updated, resolve timeCol
		severity, statusText      string
	)
	err := row.Scan(&inc.OrgID, &inc.ID, &inc.Title, &severity, &statusText, &services, &inc.Summary,
		&inc.CreatedBy, &created, &updated, &resolve, &inc.Version, &details)
	if err != nil {
		return incident.Incident{}, err
	}
	inc.Severity, inc.Status = incident.Severity(severity), incident.Status(statusText)
	inc.CreatedAt, inc.UpdatedAt, inc.ResolvedAt = created.t, updated.t, resolve.ptr()
	if err := json.Unmarshal(services, &inc.Services); err != nil {
		return incident.Incident{}, fmt.Errorf("decode services of %s: %w", inc.ID, err)
	}
	if inc.Services == nil {
		inc.Services = []string{}
	}
	if err := json.Unmarshal(details, &inc.Details); err != nil {
		return incident.Incident{}, fmt.Errorf("decode details of %s: %w", inc.ID, err)
	}
	return inc, nil
}

// encodeIncident renders an incident's JSON columns; services are never null.
func encodeIncident(services []string, details incident.Details) (svc, det string, err error) {
	if services == nil {
		services = []string{}
	}
	s, err := json.Marshal(services)
	if err != nil {
		return "", "", fmt.Errorf("encode services: %w", err)
	}
	d, err := json.Marshal(details)
	if err != nil {
		return "", "", fmt.Errorf("encode details: %w", err)
	}
	return string(s), string(d), nil
}

// encodePayload gives NULL for an empty payload.
func encodePayload(p map[string]any) (sql.NullString, error) {
	if len(p) == 0 {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("encode event payload: %w", err)
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

func decodePayload(p sql.NullString) (map[string]any, error) {
	if !p.Valid {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(p.String), &m); err != nil {
		return nil, fmt.Errorf("decode event payload: %w", err)
	}
	return m, nil
}
