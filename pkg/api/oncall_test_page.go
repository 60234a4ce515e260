package api

import (
	"context"
	"net/http"
	"time"
)

// TestPager sends a test page to one contact method at once (pkg/plugin
// wires pkg/oncall/pager with the org's delivery settings).
type TestPager interface {
	Test(ctx context.Context, orgID int64, login, methodID string, now time.Time) TestPageResult
}

func (a *API) testContactMethod(r *http.Request, id Identity) (int, any, error) {
	login, err := contactLogin(r, id)
	if err != nil {
		return 0, nil, err
	}
	if a.Pages == nil {
		return http.StatusOK, TestPageResult{Error: "paging is not available in this back end"}, nil
	}
	ms, err := a.Store.ContactMethods(r.Context(), id.OrgID, []string{login})
	if err != nil {
		return 0, nil, err
	}
	for _, m := range ms {
		if m.ID == r.PathValue("methodId") {
			return http.StatusOK, a.Pages.Test(r.Context(), id.OrgID, login, m.ID, a.Now().UTC()), nil
		}
	}
	return 0, nil, errNoMethod
}
