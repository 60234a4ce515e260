package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// contactCols is the column order scanContact expects.
const contactCols = `login, id, kind, config, sealed, position, updated_at`

func scanContact(row scanner) (store.ContactMethod, error) {
	var (
		m      store.ContactMethod
		config string
		at     timeCol
	)
	if err := row.Scan(&m.Login, &m.ID, &m.Kind, &config, &m.Sealed, &m.Position, &at); err != nil {
		return store.ContactMethod{}, err
	}
	m.Config, m.UpdatedAt = []byte(config), at.t
	if len(m.Sealed) == 0 {
		m.Sealed = nil
	}
	return m, nil
}

// ContactMethods reads the methods of the logins (all the org's when none is
// named), by login, position, id.
func (s *Store) ContactMethods(ctx context.Context, orgID int64, logins []string) ([]store.ContactMethod, error) {
	if len(logins) > store.MaxContactLogins {
		return nil, s.fail("contact methods", fmt.Errorf("%d logins named, more than the %d allowed", len(logins), store.MaxContactLogins))
	}
	query, args := `SELECT `+contactCols+` FROM contact_methods WHERE org_id = ?`, []any{orgID}
	if len(logins) > 0 {
		// A login no row can have finds nothing; PostgreSQL would refuse
		// the query for it.
		named := make([]string, 0, len(logins))
		for _, l := range logins {
			if storable(l) {
				named = append(named, l)
			}
		}
		if len(named) == 0 {
			return nil, nil
		}
		cond, inArgs := in(s.d, "login", named)
		query += ` AND ` + cond
		args = append(args, inArgs...)
	}
	var out []store.ContactMethod
	err := eachRow(ctx, s.readDB(), query+` ORDER BY login, position, id`, args, func(rows *sql.Rows) error {
		m, err := scanContact(rows)
		if err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, s.fail("contact methods", err)
	}
	return out, nil
}

func checkContact(m store.ContactMethod) error {
	if err := checkText("contact method id", m.ID, store.MaxOnCallText, true); err != nil {
		return err
	}
	if err := checkText("login", m.Login, store.MaxOnCallText, true); err != nil {
		return err
	}
	if err := checkText("contact method kind", m.Kind, store.MaxContactKind, true); err != nil {
		return err
	}
	if err := checkJSON("contact method config", m.Config, store.MaxContactConfig); err != nil {
		return err
	}
	if len(m.Sealed) > store.MaxContactSealed {
		return fmt.Errorf("the sealed secret has %d bytes, more than the %d allowed", len(m.Sealed), store.MaxContactSealed)
	}
	if m.Position < math.MinInt32 || m.Position > math.MaxInt32 {
		return fmt.Errorf("the position %d is out of range", m.Position)
	}
	return nil
}

// PutContactMethod inserts or replaces (org, login, id). It holds the org's
// on-call lock while it counts the login's other methods, so two back ends
// cannot both add the eleventh. An empty Sealed is stored as none (NULL).
func (s *Store) PutContactMethod(ctx context.Context, orgID int64, m store.ContactMethod) (store.ContactMethod, error) {
	if err := checkContact(m); err != nil {
		return store.ContactMethod{}, s.fail("put contact method", err)
	}
	out := m
	out.Config, out.Sealed, out.UpdatedAt = bytes.Clone(m.Config), nil, us(m.UpdatedAt)
	var sealed any // NULL
	if len(m.Sealed) > 0 {
		out.Sealed = bytes.Clone(m.Sealed)
		sealed = out.Sealed
	}
	err := s.write(ctx, func(tx dbtx) error {
		if err := s.lockOnCall(ctx, tx, orgID); err != nil {
			return err
		}
		var others int
		if err := tx.row(ctx, `SELECT COUNT(*) FROM contact_methods WHERE org_id = ? AND login = ? AND id <> ?`,
			orgID, out.Login, out.ID).Scan(&others); err != nil {
			return fmt.Errorf("count the login's methods: %w", err)
		}
		if others >= store.MaxContactMethods {
			return fmt.Errorf("%w: the login has %d contact methods, the most allowed", store.ErrConflict, others)
		}
		if _, err := tx.exec(ctx, `INSERT INTO contact_methods (org_id, `+contactCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (org_id, login, id) DO UPDATE SET kind = excluded.kind, config = excluded.config,
				sealed = excluded.sealed, position = excluded.position, updated_at = excluded.updated_at`,
			orgID, out.Login, out.ID, out.Kind, string(out.Config), sealed, out.Position, s.at(out.UpdatedAt)); err != nil {
			return fmt.Errorf("upsert: %w", err)
		}
		return nil
	})
	if err != nil {
		return store.ContactMethod{}, s.fail("put contact method", err)
	}
	return out, nil
}

// DeleteContactMethod removes one method; ErrNotFound if absent.
func (s *Store) DeleteContactMethod(ctx context.Context, orgID int64, login, id string) error {
	if !storable(login) || !storable(id) {
		return s.fail("delete contact method", store.ErrNotFound)
	}
	n, err := affected(s.writeDB().exec(ctx, `DELETE FROM contact_methods WHERE org_id = ? AND login = ? AND id = ?`, orgID, login, id))
	if err != nil {
		return s.fail("delete contact method", err)
	}
	if n == 0 {
		return s.fail("delete contact method", store.ErrNotFound)
	}
	return nil
}
