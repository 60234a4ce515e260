package api

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/oncall/contact"
	"github.com/warroom/warroom-incident-app/pkg/seal"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var (
	errAnonymousContacts = codeError(CodeForbidden, "sign in to Grafana to set up how Warroom reaches you: the anonymous user has no login to page")
	errNoMethod          = codeError(CodeNotFound, "no such contact method")
	errNoSealKey         = codeError(CodeForbidden, "this method keeps a URL or token, and the back end has no key to protect it: the Grafana admin sets secret_key under [plugin.warroom-incident-app] (docs/oncall.md)")
	errTooManyMethods    = codeError(CodeConflict, "at most 10 contact methods per person")
)

// methodID keeps ids usable in outbox channels and paths.
var methodID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// contactLogin is whose methods a request is about: the caller's own, or
// with ?login= another person's, which only an Admin may manage.
func contactLogin(r *http.Request, id Identity) (string, error) {
	if other := r.URL.Query().Get("login"); other != "" && other != id.Login {
		if id.Role < RoleAdmin {
			return "", errForbidden
		}
		return other, nil
	}
	if id.Anonymous() {
		return "", errAnonymousContacts
	}
	return id.Login, nil
}

func (a *API) listContactMethods(r *http.Request, id Identity) (int, any, error) {
	login, err := contactLogin(r, id)
	if err != nil {
		return 0, nil, err
	}
	ms, err := a.Store.ContactMethods(r.Context(), id.OrgID, []string{login})
	if err != nil {
		return 0, nil, err
	}
	out := ContactMethodList{Login: login, Methods: make([]ContactMethodView, 0, len(ms))}
	for _, m := range ms {
		out.Methods = append(out.Methods, contactView(m))
	}
	return http.StatusOK, out, nil
}

func contactView(m store.ContactMethod) ContactMethodView {
	d, _ := contact.Decode(m.Kind, m.Config, nil) // the config only: secrets stay sealed
	return ContactMethodView{ID: m.ID, Login: m.Login, Kind: m.Kind, Address: d.Config.Address, UserID: d.Config.UserID,
		Position: m.Position, HasSecret: len(m.Sealed) > 0, UpdatedAt: m.UpdatedAt}
}

func (a *API) putContactMethod(r *http.Request, id Identity) (int, any, error) {
	login, err := contactLogin(r, id)
	if err != nil {
		return 0, nil, err
	}
	mid := r.PathValue("methodId")
	if !methodID.MatchString(mid) {
		return 0, nil, invalid("the contact method is not valid", fieldError("id", "1–40 characters: lower-case letters, digits, '-' and '_'"))
	}
	var req ContactMethodRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	m := contact.Method{Kind: req.Kind, Config: contact.Config{Address: strings.TrimSpace(req.Address), UserID: strings.TrimSpace(req.UserID)},
		Secret: contact.Secret{URL: strings.TrimSpace(req.URL), Token: req.Token}}
	if contact.HasSecret(m.Kind) && m.Secret.URL == "" {
		// A replace without the write-only part keeps the stored one.
		if kept, ok := a.storedSecret(r, id.OrgID, login, mid, m.Kind); ok {
			m.Secret = kept
		}
	}
	if req.Position < 0 || req.Position > 99 {
		return 0, nil, invalid("the contact method is not valid", fieldError("position", "must be from 0 to 99"))
	}
	if errs := m.Validate(); len(errs) > 0 {
		return 0, nil, invalid("the contact method is not valid", errs...)
	}
	cfg, secret, err := m.Encode()
	if err != nil {
		return 0, nil, err
	}
	rec := store.ContactMethod{ID: mid, Login: login, Kind: m.Kind, Config: cfg, Position: req.Position, UpdatedAt: a.Now().UTC()}
	if secret != nil {
		if a.ContactKey == nil {
			return 0, nil, errNoSealKey
		}
		if rec.Sealed, err = seal.Seal(*a.ContactKey, secret, contact.AAD(id.OrgID, login, mid)); err != nil {
			return 0, nil, err
		}
	}
	saved, err := a.Store.PutContactMethod(r.Context(), id.OrgID, rec)
	if errors.Is(err, store.ErrConflict) {
		return 0, nil, errTooManyMethods
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, contactView(saved), nil
}

// storedSecret opens the stored secret of a method of the same kind.
func (a *API) storedSecret(r *http.Request, org int64, login, mid, kind string) (contact.Secret, bool) {
	if a.ContactKey == nil {
		return contact.Secret{}, false
	}
	ms, err := a.Store.ContactMethods(r.Context(), org, []string{login})
	if err != nil {
		return contact.Secret{}, false
	}
	for _, m := range ms {
		if m.ID != mid || m.Kind != kind || len(m.Sealed) == 0 {
			continue
		}
		plain, err := seal.Open(*a.ContactKey, m.Sealed, contact.AAD(org, login, mid))
		if err != nil {
			return contact.Secret{}, false
		}
		d, err := contact.Decode(kind, nil, plain)
		return d.Secret, err == nil
	}
	return contact.Secret{}, false
}

func (a *API) deleteContactMethod(r *http.Request, id Identity) (int, any, error) {
	login, err := contactLogin(r, id)
	if err != nil {
		return 0, nil, err
	}
	err = a.Store.DeleteContactMethod(r.Context(), id.OrgID, login, r.PathValue("methodId"))
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil, errNoMethod
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]string{"deleted": r.PathValue("methodId")}, nil
}
