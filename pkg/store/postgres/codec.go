package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// ts is the value written for a time: UTC, truncated to the microsecond
// timestamptz keeps, so what is written is exactly what is read back.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func tsPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := ts(*t)
	return &v
}

// incidentCols is the column order scanIncident expects.
const incidentCols = `org_id, id, title, severity, status, services, summary, created_by,
	created_at, updated_at, resolved_at, version, details`

// incidentColsLean is incidentCols with details.postmortem left out
// (Filter.WithoutPostmortem).
const incidentColsLean = `org_id, id, title, severity, status, services, summary, created_by,
	created_at, updated_at, resolved_at, version, details - 'postmortem'`

// scanIncident reads one row of incidentCols. Every incident the store
// returns goes through here, so a created, updated and read incident are
// decoded identically (UTC times, JSON-normalised details).
func scanIncident(row pgx.Row) (incident.Incident, error) {
	var (
		inc                  incident.Incident
		services, details    []byte
		resolved             *time.Time
		severity, statusText string
	)
	err := row.Scan(&inc.OrgID, &inc.ID, &inc.Title, &severity, &statusText, &services, &inc.Summary,
		&inc.CreatedBy, &inc.CreatedAt, &inc.UpdatedAt, &resolved, &inc.Version, &details)
	if err != nil {
		return incident.Incident{}, err
	}
	inc.Severity, inc.Status = incident.Severity(severity), incident.Status(statusText)
	inc.CreatedAt, inc.UpdatedAt = inc.CreatedAt.UTC(), inc.UpdatedAt.UTC()
	if resolved != nil {
		t := resolved.UTC()
		inc.ResolvedAt = &t
	}
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

// encodePayload gives nil (NULL) for an empty payload.
func encodePayload(p map[string]any) ([]byte, error) {
	if len(p) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode event payload: %w", err)
	}
	return b, nil
}

func decodePayload(b []byte) (map[string]any, error) {
	if b == nil {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode event payload: %w", err)
	}
	return m, nil
}
