package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func (a *API) getPolicy(r *http.Request, id Identity) (int, any, error) {
	p, err := a.currentPolicy(r.Context(), id.OrgID)
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

// currentPolicy is the org's newest saved policy, or the default (version 1).
func (a *API) currentPolicy(ctx context.Context, orgID int64) (policy.Policy, error) {
	rec, err := a.Store.LatestPolicy(ctx, orgID)
	if errors.Is(err, store.ErrNotFound) {
		return policy.Default(), nil
	}
	if err != nil {
		return policy.Policy{}, err
	}
	return decodePolicy(rec)
}

// policyVersion is the policy an incident runs under: the version it
// recorded at declaration, so later edits do not change running incidents.
func (a *API) policyVersion(ctx context.Context, orgID int64, version int) (policy.Policy, error) {
	if version <= 1 {
		return policy.Default(), nil
	}
	rec, err := a.Store.PolicyVersion(ctx, orgID, version)
	if errors.Is(err, store.ErrNotFound) {
		return a.currentPolicy(ctx, orgID)
	}
	if err != nil {
		return policy.Policy{}, err
	}
	return decodePolicy(rec)
}

func decodePolicy(rec store.PolicyRecord) (policy.Policy, error) {
	return policy.Decode(rec.Body, rec.Version)
}
