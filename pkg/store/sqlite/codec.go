package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Times are stored as UTC microseconds: the precision PostgreSQL keeps, so
// both stores hand back equal values.
func micros(t time.Time) int64 { return t.UTC().Truncate(time.Microsecond).UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// incidentCols is the column order scanIncident expects.
const incidentCols = `org_id, id, title, severity, status, services, summary, created_by,
	created_at, updated_at, resolved_at, version, details`

// incidentColsLean is incidentCols with details.postmortem left out
// (Filter.WithoutPostmortem).
const incidentColsLean = `org_id, id, title, severity, status, services, summary, created_by,
	created_at, updated_at, resolved_at, version, json_remove(details, '$.postmortem')`

type scanner interface{ Scan(dest ...any) error }

// scanIncident reads one row of incidentCols. Every incident the store
// returns goes through here, so a created, updated and read incident are
// decoded identically (UTC times, JSON-normalised details).
func scanIncident(row scanner) (incident.Incident, error) {
	var (
		inc                  incident.Incident
		services, details    string
		created, updated     int64
		resolved             sql.NullInt64
		severity, statusText string
	)
	err := row.Scan(&inc.OrgID, &inc.ID, &inc.Title, &severity, &statusText, &services, &inc.Summary,
		&inc.CreatedBy, &created, &updated, &resolved, &inc.Version, &details)
	if err != nil {
		return incident.Incident{}, err
	}
	inc.Severity, inc.Status = incident.Severity(severity), incident.Status(statusText)
	inc.CreatedAt, inc.UpdatedAt = fromMicros(created), fromMicros(updated)
	if resolved.Valid {
		t := fromMicros(resolved.Int64)
		inc.ResolvedAt = &t
	}
	if err := json.Unmarshal([]byte(services), &inc.Services); err != nil {
		return incident.Incident{}, fmt.Errorf("decode services of %s: %w", inc.ID, err)
	}
	if inc.Services == nil {
		inc.Services = []string{}
	}
	if err := json.Unmarshal([]byte(details), &inc.Details); err != nil {
		return incident.Incident{}, fmt.Errorf("decode details of %s: %w", inc.ID, err)
	}
	return inc, nil
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

func nullMicros(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: micros(*t), Valid: true}
}
