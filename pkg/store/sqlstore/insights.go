package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// insightsCols are incident_insights' columns after its key, in the order
// insightsArgs binds and scanInsights reads them.
const insightsCols = `proj_epoch, severity, status, policy_version, declared, impact_start, impact_from, detected,
	acknowledged, mitigated, resolved, reopened, proposed_impact, respond, resolve, updates, postmortem,
	missed_updates, escalations, pages, action_items, open_due`

// insightsTypes are the types of org_id, incident_id and insightsCols, to
// cast the values a VALUES list binds (PostgreSQL types a parameter by its
// context, and a VALUES list has none).
func insightsTypes(w Words) []string {
	i, t, tm := w.Int, w.Text, w.Time
	return []string{i, t, i, t, t, i, tm, tm, t, tm, tm, tm, tm, i, tm, t, t, t, t, i, i, i, i, t}
}

// saveInsights upserts the records of ps whose incident's epoch is still
// theirs, in the transaction (and, on PostgreSQL, under the row locks) of
// saveProjections: a projection refused for its timers is refused for its
// record too.
func (s *Store) saveInsights(ctx context.Context, tx dbtx, ps []store.Projection) error {
	types := insightsTypes(s.d.Words())
	casts := make([]string, len(types))
	for i, t := range types {
		casts[i] = `CAST(? AS ` + t + `)`
	}
	// Only the first row is cast: the others take its types (a VALUES
	// column has one), and 500 rows of 24 casts cost SQLite more to parse
	// than to insert.
	first, row := `(`+strings.Join(casts, `, `)+`)`, `(?`+strings.Repeat(`, ?`, len(types)-1)+`)`
	args := make([]any, 0, len(types)*len(ps))
	for _, p := range ps {
		args = append(args, s.insightsArgs(p)...)
	}
	cols := `org_id, incident_id, ` + insightsCols
	var set []string
	for _, c := range strings.Split(insightsCols, ",") {
		c = strings.TrimSpace(c)
		set = append(set, c+` = excluded.`+c)
	}
	// WHERE, needed anyway, also keeps SQLite from reading ON CONFLICT as
	// the join's ON.
	if _, err := tx.exec(ctx, `WITH v (`+cols+`) AS (VALUES `+first+strings.Repeat(`, `+row, len(ps)-1)+`)
		INSERT INTO incident_insights (`+cols+`)
		SELECT v.* FROM v JOIN incidents i ON i.org_id = v.org_id AND i.id = v.incident_id
		WHERE i.proj_epoch = v.proj_epoch
		ON CONFLICT (org_id, incident_id) DO UPDATE SET `+strings.Join(set, `, `), args...); err != nil {
		return fmt.Errorf("save insights records: %w", err)
	}
	return nil
}

// insightsArgs are p's values for org_id, incident_id and insightsCols.
func (s *Store) insightsArgs(p store.Projection) []any {
	r := p.Insights
	return []any{p.OrgID, p.IncidentID, p.Epoch, string(r.Severity), string(r.Status), r.PolicyVersion,
		s.at(r.Declared), s.at(r.ImpactStart), r.ImpactFrom, s.at(r.Detected),
		s.atOrNull(r.Acknowledged), s.atOrNull(r.Mitigated), s.atOrNull(r.Resolved), r.Reopened, s.atOrNull(r.ProposedImpact),
		string(r.Respond), string(r.Resolve), string(r.Updates), string(r.Postmortem),
		r.MissedUpdates, r.Escalations, r.Pages, r.ActionItems, encodeOpenDue(r.OpenDue)}
}

// encodeOpenDue joins the first store.MaxOpenDue dates (each cut to
// YYYY-MM-DD's length: postmortem validates them, this keeps a document
// written around it within the column's bound); NULL when none is open,
// so no open item and one without a date ("") differ.
func encodeOpenDue(due []string) any {
	if len(due) == 0 {
		return nil
	}
	due = slices.Clone(due[:min(len(due), store.MaxOpenDue)])
	for i, d := range due {
		due[i] = d[:min(len(d), len("2006-01-02"))]
	}
	return strings.Join(due, ",")
}

func decodeOpenDue(s sql.NullString) []string {
	if !s.Valid {
		return []string{}
	}
	return strings.Split(s.String, ",")
}

// InsightsRows reads the org's incidents of the range on incidents_created,
// each with its stored record where one is (LEFT JOIN on its key): the
// record's own (org_id, declared) index would not find the incidents that
// have none. One statement, so rows and stale ids come from one snapshot.
func (s *Store) InsightsRows(ctx context.Context, orgID int64, f store.InsightsFilter) ([]insights.Row, []string, error) {
	at := s.at(f.At)
	// 1 where the record holds at f.At (as the timers do, Filter.TimersAt),
	// never NULL: a dirty incident's next_due_at is.
	fresh := `CASE WHEN r.org_id IS NOT NULL AND r.proj_epoch = i.proj_epoch AND i.next_due_at > ? THEN 1 ELSE 0 END`
	conds, args := []string{`i.org_id = ?`}, []any{at, orgID}
	if !f.From.IsZero() {
		conds, args = append(conds, `i.created_at >= ?`), append(args, s.at(f.From))
	}
	if !f.To.IsZero() {
		conds, args = append(conds, `i.created_at < ?`), append(args, s.at(f.To))
	}
	if len(f.Services) > 0 {
		cond, vals := s.servicesSQL(orgID, f.Services)
		conds, args = append(conds, cond), append(args, vals...)
	}
	if len(f.Severities) > 0 {
		cond, vals := in(s.d, "r.severity", texts(f.Severities))
		conds, args = append(conds, `(`+fresh+` = 0 OR `+cond+`)`), append(append(args, at), vals...)
	}
	rows, err := s.readDB().query(ctx, `SELECT i.id, i.title, i.services, `+fresh+`, r.`+
		strings.ReplaceAll(insightsCols, ", ", ", r.")+`
		FROM `+s.d.Indexed("incidents i", "incidents_created")+`
		LEFT JOIN incident_insights r ON r.org_id = i.org_id AND r.incident_id = i.id
		WHERE `+strings.Join(conds, " AND ")+`
		ORDER BY i.created_at, i.id LIMIT ?`, append(args, store.MaxInsightsRows+1)...)
	if err != nil {
		return nil, nil, s.fail("insights rows", err)
	}
	defer rows.Close()
	out, stale := []insights.Row{}, []string{}
	for rows.Next() {
		if len(out)+len(stale) == store.MaxInsightsRows {
			return nil, nil, s.fail("insights rows", fmt.Errorf("%w: more than %d incidents", store.ErrTooManyRows, store.MaxInsightsRows))
		}
		row, ok, err := scanInsights(rows, orgID)
		if err != nil {
			return nil, nil, s.fail("insights rows", err)
		}
		if ok {
			out = append(out, row)
		} else {
			stale = append(stale, row.IncidentID)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.fail("insights rows", err)
	}
	return out, stale, nil
}

// scanInsights reads one row of InsightsRows: the incident's id, title and
// services, whether its record is fresh, then the record (NULLs when there
// is none). ok is false for a stale or missing record: only the id is set.
func scanInsights(rows *sql.Rows, orgID int64) (insights.Row, bool, error) {
	var (
		row                                                   insights.Row
		services                                              []byte
		fresh                                                 int
		epoch, version, reopened, missed, esc, pages, items   sql.NullInt64
		sev, status, from, respond, resolve, updates, pm, due sql.NullString
		declared, start, detected, ack, mitigated, resolved   timeCol
		proposed                                              timeCol
	)
	if err := rows.Scan(&row.IncidentID, &row.Title, &services, &fresh, &epoch, &sev, &status, &version,
		&declared, &start, &from, &detected, &ack, &mitigated, &resolved, &reopened, &proposed,
		&respond, &resolve, &updates, &pm, &missed, &esc, &pages, &items, &due); err != nil {
		return row, false, err
	}
	if fresh == 0 {
		return row, false, nil
	}
	if err := json.Unmarshal(services, &row.Services); err != nil {
		return row, false, fmt.Errorf("decode services of %s: %w", row.IncidentID, err)
	}
	row.OrgID, row.Severity, row.Status, row.PolicyVersion = orgID, incident.Severity(sev.String), incident.Status(status.String), int(version.Int64)
	row.Declared, row.ImpactStart, row.ImpactFrom, row.Detected = declared.t, start.t, from.String, detected.t
	row.Acknowledged, row.Mitigated, row.Resolved, row.ProposedImpact = ack.ptr(), mitigated.ptr(), resolved.ptr(), proposed.ptr()
	row.Reopened, row.MissedUpdates, row.Escalations, row.Pages = int(reopened.Int64), int(missed.Int64), int(esc.Int64), int(pages.Int64)
	row.Respond, row.Resolve = insights.Outcome(respond.String), insights.Outcome(resolve.String)
	row.Updates, row.Postmortem = insights.Outcome(updates.String), insights.Outcome(pm.String)
	row.ActionItems, row.OpenDue = int(items.Int64), decodeOpenDue(due)
	return row, true, nil
}
