package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/oncall/acklink"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

var (
	errAckInvalid = codeError(CodeLinkInvalid, "this acknowledge link is not valid; open the incident in Warroom instead")
	errAckExpired = codeError(CodeLinkExpired, "this acknowledge link has expired; open the incident in Warroom to acknowledge it")
)

// ackRetries bounds re-reads when another writer moves the incident between
// the read and the write of an acknowledgement.
const ackRetries = 5

// claims checks a link's token with its org's key. The token is the
// authority: the person may have no Grafana session (Grafana's anonymous
// user, docs/oncall.md), so the caller's org and role do not decide, and the
// incident is read in the org the signed token names.
func (a *API) claims(ctx context.Context, token string) (acklink.Claims, error) {
	org, err := acklink.Org(token)
	if err != nil {
		return acklink.Claims{}, errAckInvalid
	}
	key, err := a.Store.SigningKey(ctx, org)
	if err != nil {
		return acklink.Claims{}, err
	}
	c, err := acklink.Verify(key, token, a.Now().UTC())
	switch {
	case errors.Is(err, acklink.ErrExpired):
		return c, errAckExpired
	case err != nil:
		return c, errAckInvalid
	}
	return c, nil
}

func ackInfo(c acklink.Claims, inc incident.Incident) AckInfo {
	info := AckInfo{IncidentID: inc.ID, Title: inc.Title, Severity: inc.Severity, Status: inc.Status, Login: c.Login, Via: c.Via, ExpiresAt: c.ExpiresAt()}
	if m, ok := inc.Details.Steps["acknowledge"]; ok && !m.At.IsZero() {
		info.Acknowledged = &m
	}
	return info
}

// describeAck answers what a link would acknowledge, so the page can ask
// before acting (a mail scanner that follows links acknowledges nothing).
func (a *API) describeAck(r *http.Request, _ Identity) (int, any, error) {
	c, err := a.claims(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		return 0, nil, err
	}
	inc, err := a.Store.GetIncident(r.Context(), c.OrgID, c.IncidentID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil, errAckInvalid
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, ackInfo(c, inc), nil
}

// acknowledge marks the incident's acknowledge step as the paged person,
// with the channel that reached them as its reason. Acknowledging twice is
// no error: the answer shows who did first.
func (a *API) acknowledge(r *http.Request, _ Identity) (int, any, error) {
	var req AckRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	c, err := a.claims(r.Context(), req.Token)
	if err != nil {
		return 0, nil, err
	}
	for range ackRetries {
		inc, err := a.Store.GetIncident(r.Context(), c.OrgID, c.IncidentID)
		if errors.Is(err, store.ErrNotFound) {
			return 0, nil, errAckInvalid
		}
		if err != nil {
			return 0, nil, err
		}
		if info := ackInfo(c, inc); info.Acknowledged != nil || inc.Status == incident.Resolved {
			return http.StatusOK, info, nil
		}
		reason := "acknowledged through the " + c.Via + " page link"
		next, evs, err := incident.Apply(inc, incident.Update{Version: inc.Version, CompleteSteps: []incident.StepName{"acknowledge"}, Reason: reason},
			c.Login, a.Now().UTC())
		if err != nil {
			return 0, nil, err
		}
		saved, err := a.Store.UpdateIncident(r.Context(), next, timeline.NewEvents(evs))
		if errors.Is(err, store.ErrConflict) {
			continue
		}
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, ackInfo(c, saved), nil
	}
	return 0, nil, errConflict
}
