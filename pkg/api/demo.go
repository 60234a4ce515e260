package api

import (
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/demo"
)

// DemoDataResult answers POST /demo-data: how many incidents were created.
type DemoDataResult struct {
	Created int `json:"created"`
}

// seedDemo fills an empty org with the demo incidents (pkg/demo); an org
// that has incidents is left alone ("created": 0).
func (a *API) seedDemo(r *http.Request, id Identity) (int, any, error) {
	n, err := demo.Seed(r.Context(), a.Store, id.OrgID, id.Author(), a.Now().UTC())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, DemoDataResult{Created: n}, nil
}
