package stores_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/schema_*.txt from the schema the migrations create")

// schemaQueries read what a schema is on each engine (columns, types,
// defaults, keys, indexes), in a stable order.
var schemaQueries = map[string][]string{
	"sqlite": {
		`SELECT m.name, p.cid, p.name, p.type, p."notnull", COALESCE(p.dflt_value, ''), p.pk
			FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid`,
		`SELECT m.name, f.id, f.seq, f."table", f."from", f."to", f.on_delete
			FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`,
		`SELECT name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name`,
	},
	"postgres": {
		`SELECT table_name, column_name, data_type, COALESCE(collation_name, ''), is_nullable, COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
		`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
			FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`,
		`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2`,
	},
}

// The schema the migrations create is exactly the one the per-engine
// migration files of earlier releases created: testdata was written by the
// code of 29f83f8, the last with those files, through this same dump. So a
// database those releases migrated has the schema this code expects, and
// carries on from the version its schema_migrations records.
func TestSchemaMatchesEarlierReleases(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			location := e.location(t)
			st, err := openAt(t.Context(), location)
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			db, err := e.raw(location)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			checkSchema(t, e.name, db)
		})
	}
}

func checkSchema(t *testing.T, engine string, db *sql.DB) {
	got, err := dumpSchema(t.Context(), db, schemaQueries[engine])
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "schema_"+engine+".txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the %s schema differs from %s:\n%s", engine, golden, got)
	}
}

// dumpSchema renders every row of queries as one tab-separated line.
func dumpSchema(ctx context.Context, db *sql.DB, queries []string) (string, error) {
	var b strings.Builder
	for _, q := range queries {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return "", err
		}
		cols, err := rows.Columns()
		if err != nil {
			return "", err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return "", err
			}
			cells := make([]string, len(vals))
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				cells[i] = fmt.Sprint(v)
			}
			b.WriteString(strings.Join(cells, "\t") + "\n")
		}
		if err := rows.Close(); err != nil {
			return "", err
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
