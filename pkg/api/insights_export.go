package api

import (
	"bytes"
	encsv "encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// column is one column of a CSV export: its header and its cell.
type column[T any] struct {
	name string
	cell func(T) string
}

// exportBody streams items as q.format asks: CSV (a download with a
// header row) or JSON, the shape of whole (a struct whose last field is
// the items, empty in whole) with the items written one by one.
func exportBody[T any](q insightsQuery, what string, whole any, cols []column[T], items []T) streamBody {
	if q.format == "csv" {
		name := fmt.Sprintf("warroom-%s-%s-%s.csv", what, q.filter.From.Format(time.DateOnly), q.filter.To.Format(time.DateOnly))
		return streamBody{ContentType: "text/csv; charset=utf-8", Filename: name,
			Write: func(w io.Writer) error { return writeCSV(w, cols, items) }}
	}
	return streamBody{ContentType: "application/json; charset=utf-8",
		Write: func(w io.Writer) error { return writeJSONItems(w, whole, items) }}
}

func writeCSV[T any](w io.Writer, cols []column[T], items []T) error {
	cw := encsv.NewWriter(w)
	record := make([]string, len(cols))
	for i, c := range cols {
		record[i] = c.name
	}
	if err := cw.Write(record); err != nil {
		return err
	}
	for _, it := range items {
		for i, c := range cols {
			record[i] = csvSafe(c.cell(it))
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula (CSV
// injection): text starting with = + - @, a tab or a carriage return gets
// a leading apostrophe. Times and counts never start so.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeJSONItems writes whole with items in place of its empty last field.
func writeJSONItems[T any](w io.Writer, whole any, items []T) error {
	head, err := json.Marshal(whole)
	if err != nil {
		return err
	}
	head, ok := bytes.CutSuffix(head, []byte("[]}"))
	if !ok {
		return errors.New("export: the answer's last field is not its empty items")
	}
	if _, err := w.Write(append(head, '[')); err != nil {
		return err
	}
	for i, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			return err
		}
		if i > 0 {
			b = append([]byte{','}, b...)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "]}\n")
	return err
}

func cellTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func cellTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return cellTime(*t)
}

func cellSeconds(s *float64) string {
	if s == nil {
		return ""
	}
	return strconv.FormatFloat(*s, 'f', -1, 64)
}

var incidentColumns = []column[InsightsIncident]{
	{"id", func(r InsightsIncident) string { return r.ID }},
	{"title", func(r InsightsIncident) string { return r.Title }},
	{"severity", func(r InsightsIncident) string { return string(r.Severity) }},
	{"status", func(r InsightsIncident) string { return string(r.Status) }},
	{"services", func(r InsightsIncident) string { return strings.Join(r.Services, ";") }},
	{"declared", func(r InsightsIncident) string { return cellTime(r.Declared) }},
	{"impactStart", func(r InsightsIncident) string { return cellTime(r.ImpactStart) }},
	{"impactFrom", func(r InsightsIncident) string { return r.ImpactFrom }},
	{"detected", func(r InsightsIncident) string { return cellTime(r.Detected) }},
	{"acknowledged", func(r InsightsIncident) string { return cellTimePtr(r.Acknowledged) }},
	{"mitigated", func(r InsightsIncident) string { return cellTimePtr(r.Mitigated) }},
	{"resolved", func(r InsightsIncident) string { return cellTimePtr(r.Resolved) }},
	{"reopened", func(r InsightsIncident) string { return strconv.Itoa(r.Reopened) }},
	{"secondsToDetect", func(r InsightsIncident) string { return cellSeconds(&r.SecondsToDetect) }},
	{"secondsToAcknowledge", func(r InsightsIncident) string { return cellSeconds(r.SecondsToAcknowledge) }},
	{"secondsToMitigate", func(r InsightsIncident) string { return cellSeconds(r.SecondsToMitigate) }},
	{"secondsToResolve", func(r InsightsIncident) string { return cellSeconds(r.SecondsToResolve) }},
	{"respond", func(r InsightsIncident) string { return string(r.Respond) }},
	{"resolve", func(r InsightsIncident) string { return string(r.Resolve) }},
	{"updates", func(r InsightsIncident) string { return string(r.Updates) }},
	{"postmortem", func(r InsightsIncident) string { return string(r.Postmortem) }},
	{"missedUpdates", func(r InsightsIncident) string { return strconv.Itoa(r.MissedUpdates) }},
	{"escalations", func(r InsightsIncident) string { return strconv.Itoa(r.Escalations) }},
	{"pages", func(r InsightsIncident) string { return strconv.Itoa(r.Pages) }},
	{"actionItems", func(r InsightsIncident) string { return strconv.Itoa(r.ActionItems) }},
	{"actionItemsOpen", func(r InsightsIncident) string { return strconv.Itoa(r.ActionItemsOpen) }},
	{"actionItemsOverdue", func(r InsightsIncident) string { return strconv.Itoa(r.ActionItemsOverdue) }},
	{"proposedImpact", func(r InsightsIncident) string { return cellTimePtr(r.ProposedImpact) }},
}

var actionItemColumns = []column[InsightsActionItem]{
	{"incidentId", func(r InsightsActionItem) string { return r.IncidentID }},
	{"incidentTitle", func(r InsightsActionItem) string { return r.IncidentTitle }},
	{"action", func(r InsightsActionItem) string { return r.Action }},
	{"owner", func(r InsightsActionItem) string { return r.Owner }},
	{"priority", func(r InsightsActionItem) string { return r.Priority }},
	{"due", func(r InsightsActionItem) string { return r.Due }},
	{"done", func(r InsightsActionItem) string { return strconv.FormatBool(r.Done) }},
	{"overdue", func(r InsightsActionItem) string { return strconv.FormatBool(r.Overdue) }},
}
