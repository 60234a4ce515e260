package insights

import (
	"slices"
	"strings"
)

// Select is the rows q measures (its range and filters, as Summarize
// counts them), oldest declaration first, then by id: what an export lists.
func Select(rows []Row, q Query) []Row {
	out := []Row{}
	for i := range rows {
		if q.matches(&rows[i]) {
			out = append(out, rows[i])
		}
	}
	slices.SortFunc(out, func(a, b Row) int {
		if c := a.Declared.Compare(b.Declared); c != 0 {
			return c
		}
		return strings.Compare(a.IncidentID, b.IncidentID)
	})
	return out
}
