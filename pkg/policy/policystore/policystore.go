// Package policystore reads an org's saved severity policies: the current
// one (new incidents are declared under it) and the version an incident
// recorded (it runs under that one, whatever was edited since).
package policystore

import (
	"context"
	"errors"

	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Reader is the part of store.Store that holds policies.
type Reader interface {
	LatestPolicy(ctx context.Context, orgID int64) (store.PolicyRecord, error)
	PolicyVersion(ctx context.Context, orgID int64, version int) (store.PolicyRecord, error)
}

// Current is the org's newest saved policy, or the default (version 1).
func Current(ctx context.Context, r Reader, orgID int64) (policy.Policy, error) {
	rec, err := r.LatestPolicy(ctx, orgID)
	if errors.Is(err, store.ErrNotFound) {
		return policy.Default(), nil
	}
	if err != nil {
		return policy.Policy{}, err
	}
	return policy.Decode(rec.Body, rec.Version)
}

// Version is the policy an incident runs under: the version it recorded at
// declaration, so later edits do not change running incidents. A version
// the store no longer has falls back to the current policy.
func Version(ctx context.Context, r Reader, orgID int64, version int) (policy.Policy, error) {
	if version <= 1 {
		return policy.Default(), nil
	}
	rec, err := r.PolicyVersion(ctx, orgID, version)
	if errors.Is(err, store.ErrNotFound) {
		return Current(ctx, r, orgID)
	}
	if err != nil {
		return policy.Policy{}, err
	}
	return policy.Decode(rec.Body, rec.Version)
}

// Cache reads each policy version of one org once: a page of many
// incidents (a timers panel, a re-evaluation pass) usually shares one or
// two versions. It lives for one request or pass, so it never goes stale.
type Cache struct {
	r     Reader
	orgID int64
	byVer map[int]policy.Policy
}

// NewCache is an empty cache of orgID's versions.
func NewCache(r Reader, orgID int64) *Cache {
	return &Cache{r: r, orgID: orgID, byVer: map[int]policy.Policy{}}
}

// Get is Version, read from the store at most once per version.
func (c *Cache) Get(ctx context.Context, version int) (policy.Policy, error) {
	if p, ok := c.byVer[version]; ok {
		return p, nil
	}
	p, err := Version(ctx, c.r, c.orgID, version)
	if err != nil {
		return policy.Policy{}, err
	}
	c.byVer[version] = p
	return p, nil
}
