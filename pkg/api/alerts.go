package api

import (
	"errors"
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/alertintake"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// receiveAlerts takes a notification of Grafana's webhook contact point:
// the body within its limits, signed when the app has a webhook secret,
// decoded leniently (Grafana defines it) and validated; the intake opens
// or attaches (pkg/alertintake).
func (a *API) receiveAlerts(r *http.Request, id Identity) (int, any, error) {
	body, err := readAlertBody(r)
	if err != nil {
		return 0, nil, err
	}
	if err := a.verifyAlertSignature(r.Header, body); err != nil {
		return 0, nil, err
	}
	var n alertintake.Notification
	if err := decodeLenient(body, &n); err != nil {
		return 0, nil, err
	}
	n.CleanNames()
	if errs := validateAlerts(n); len(errs) > 0 {
		return 0, nil, invalid("the alert notification is not valid", errs...)
	}
	in := alertintake.Intake{Store: a.Store, Metrics: a.Metrics, Now: a.Now}
	res, err := in.Receive(r.Context(), id.OrgID, id.Author(), n)
	var notIncident alertintake.InvalidIncident
	switch {
	case errors.As(err, &notIncident):
		return 0, nil, invalid("the alert cannot be turned into an incident", notIncident.Fields...)
	case err != nil:
		return 0, nil, err
	case res.Action == alertintake.Created:
		return http.StatusCreated, res, nil
	}
	return http.StatusOK, res, nil
}

func validateAlerts(n alertintake.Notification) []incident.FieldError {
	errs := checkAlertLimits(n)
	if len(n.Alerts) > MaxAlerts {
		return errs
	}
	if len(n.Alerts) == 0 {
		errs = append(errs, fieldError("alerts", "a notification carries at least one alert"))
	}
	for i, al := range n.Alerts {
		if al.Status != "firing" && al.Status != "resolved" {
			errs = append(errs, fieldError(indexPath("alerts", i)+".status", "must be firing or resolved"))
		}
		if al.StartsAt.IsZero() {
			errs = append(errs, fieldError(indexPath("alerts", i)+".startsAt", "is required"))
		}
	}
	return errs
}
