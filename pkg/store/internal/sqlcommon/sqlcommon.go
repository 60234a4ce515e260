// Package sqlcommon holds what the SQLite and PostgreSQL stores do
// identically, so a fix to either lands in both.
package sqlcommon

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Migration is one numbered schema file, NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations reads the "migrations" folder of the files embedded in the
// binary, in version order. It takes an embed.FS, read through its own
// methods: the schema never comes from the file system.
func Migrations(files embed.FS) ([]Migration, error) {
	entries, err := files.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %q is not named NNNN_name.sql", e.Name())
		}
		body, err := files.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// EncodeIncident renders an incident's JSON columns; services are never null.
func EncodeIncident(services []string, details incident.Details) (svc, det string, err error) {
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
