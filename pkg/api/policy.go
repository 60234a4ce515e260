package api

import (
	"encoding/json"
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
)

func (a *API) getPolicy(r *http.Request, id Identity) (int, any, error) {
	p, err := policystore.Current(r.Context(), a.Store, id.OrgID)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

// putPolicy saves a new version. The body's version is the one being
// replaced, so two admins editing at once cannot overwrite each other.
func (a *API) putPolicy(r *http.Request, id Identity) (int, any, error) {
	var p policy.Policy
	if err := decodeJSON(r, &p); err != nil {
		return 0, nil, err
	}
	if p.Version < 1 {
		return 0, nil, invalid("the policy is not valid", fieldError("version", "send the version you are replacing"))
	}
	if errs := p.Validate(); len(errs) > 0 {
		return 0, nil, invalid("the policy is not valid", errs...)
	}
	errs, err := p.ValidateTargets(targetDirectory{a: a, ctx: r.Context(), id: id})
	if err != nil {
		return 0, nil, err
	}
	if len(errs) > 0 {
		return 0, nil, invalid("the policy names targets that do not exist", errs...)
	}
	expected := p.Version
	p.Version = expected + 1
	body, err := json.Marshal(p)
	if err != nil {
		return 0, nil, err
	}
	if _, err := a.Store.SavePolicy(r.Context(), id.OrgID, expected, body, id.Author(), a.Now().UTC()); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}
