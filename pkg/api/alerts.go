package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// alertNotification is the body of Grafana's webhook contact point
// (version 1). Grafana adds fields over time, so unknown ones are ignored.
type alertNotification struct {
	Receiver          string            `json:"receiver"`
	Status            string            `json:"status"`
	Alerts            []alertItem       `json:"alerts"`
	GroupKey          string            `json:"groupKey"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	Title             string            `json:"title"`
}

type alertItem struct {
	Status       string             `json:"status"`
	Labels       map[string]string  `json:"labels"`
	Annotations  map[string]string  `json:"annotations"`
	StartsAt     time.Time          `json:"startsAt"`
	EndsAt       time.Time          `json:"endsAt"`
	GeneratorURL string             `json:"generatorURL"`
	Fingerprint  string             `json:"fingerprint"`
	DashboardURL string             `json:"dashboardURL"`
	PanelURL     string             `json:"panelURL"`
	Values       map[string]float64 `json:"values"`
}

// AlertIntake is the answer to Grafana: what happened to the notification.
type AlertIntake struct {
	Action     string `json:"action"` // created, attached, ignored
	IncidentID string `json:"incidentId,omitempty"`
	Recorded   int    `json:"recorded"` // new alert events on the timeline
	// NotRecorded counts new alerts past the incident's alert event limit
	// (MaxAlertEvents): summarised on the timeline, not recorded one by one.
	NotRecorded int `json:"notRecorded,omitempty"`
}

// receiveAlerts opens an incident for a firing alert group, or attaches the
// notification to the incident the group already opened. The group key is
// the dedup key the store holds for the incident while it is open, so
// repeated and concurrent notifications (Grafana in HA) open one incident.
func (a *API) receiveAlerts(r *http.Request, id Identity) (int, any, error) {
	body, err := readAlertBody(r)
	if err != nil {
		return 0, nil, err
	}
	if err := a.verifyAlertSignature(r.Header, body); err != nil {
		return 0, nil, err
	}
	var n alertNotification
	if err := decodeLenient(body, &n); err != nil {
		return 0, nil, err
	}
	n.cleanNames()
	if errs := n.validate(); len(errs) > 0 {
		return 0, nil, invalid("the alert notification is not valid", errs...)
	}
	key := "alert:" + hashKey(n.groupKey())
	// Each pass ends in an answer unless another writer got there first: a
	// racing delivery opened the group's incident (attach to it), or the
	// incident was resolved meanwhile (open the next one). Attaching itself
	// never conflicts (attachAlerts).
	for attempt := 0; attempt < 5; attempt++ {
		inc, err := a.Store.IncidentByKey(r.Context(), id.OrgID, key)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return 0, nil, err
		default:
			if inc.Status != incident.Resolved {
				status, body, err := a.attachAlerts(r.Context(), id, inc.ID, n)
				if !errors.Is(err, errAttachResolved) {
					return status, body, err
				}
			}
			// The group's last incident is over: a new firing is a new incident.
			if err := a.Store.ReleaseKey(r.Context(), id.OrgID, key, inc.ID); err != nil {
				return 0, nil, err
			}
		}
		if !n.firing() {
			return http.StatusOK, AlertIntake{Action: "ignored"}, nil
		}
		created, err := a.openFromAlerts(r.Context(), id, n, key)
		if errors.Is(err, store.ErrDuplicateKey) {
			continue // another notification of the group won the race: attach to it
		}
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, created, nil
	}
	return 0, nil, errConflict
}

func (n alertNotification) validate() []incident.FieldError {
	errs := n.checkAlertLimits()
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

// groupKey falls back to the first alert's fingerprint for senders that
// send no group key.
func (n alertNotification) groupKey() string {
	if n.GroupKey != "" {
		return n.GroupKey
	}
	if len(n.Alerts) > 0 && n.Alerts[0].Fingerprint != "" {
		return "fp:" + n.Alerts[0].Fingerprint
	}
	return "labels:" + labelKey(n.CommonLabels)
}

func (n alertNotification) firing() bool {
	for _, al := range n.Alerts {
		if al.Status == "firing" {
			return true
		}
	}
	return false
}

func hashKey(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// openFromAlerts declares the incident a firing group justifies: services
// from the catalog (or the service/job label), severity from the metrics when
// they can be read, else from the alert's severity label.
func (a *API) openFromAlerts(ctx context.Context, id Identity, n alertNotification, key string) (AlertIntake, error) {
	now := a.Now().UTC()
	labels := n.labels()
	services := catalog.MatchServices(a.Signals.Catalog, nil, labels)
	if len(services) == 0 {
		services = []string{firstNonEmpty(labels["service"], labels["job"], "unassigned")}
	}
	d := incident.Declare{
		Title:    clip(oneLine(firstNonEmpty(n.CommonAnnotations["summary"], labels["alertname"], n.Title, "Grafana alert")), incident.MaxTitle),
		Severity: severityFromLabel(labels["severity"]),
		Services: services,
		Summary:  clip(n.CommonAnnotations["description"], incident.MaxText),
		Links:    linksFromAlert(n.Alerts[0]),
		Labels:   map[string]string{"source": "grafana-alert", "alertname": clip(labels["alertname"], incident.MaxLabelPart)},
	}.Normalize()
	pol, err := a.currentPolicy(ctx, id.OrgID)
	if err != nil {
		return AlertIntake{}, err
	}
	ev := a.evaluate(ctx, pol, services, now.Add(-3*pol.Signals.SustainedFor.D()), now)
	if ev.Result != nil && ev.Result.Severity != "" {
		d.Severity = ev.Result.Severity
		d.Evidence = &incident.Evidence{Suggested: ev.Result.Severity, Reasons: clipAll(ev.Result.Reasons)}
	}
	if errs := d.Validate(); len(errs) > 0 {
		return AlertIntake{}, invalid("the alert cannot be turned into an incident", errs...)
	}
	nw, declared, err := a.newIncident(ctx, id, d, now)
	if err != nil {
		return AlertIntake{}, err
	}
	nw.Key = key
	alerts, dropped := alertEvents(n, nil, id.Author(), now)
	events := append([]store.NewEvent{declared}, alerts...)
	inc, err := a.Store.CreateIncident(ctx, id.OrgID, nw, events)
	if err != nil {
		return AlertIntake{}, err
	}
	return AlertIntake{Action: "created", IncidentID: inc.ID, Recorded: len(alerts), NotRecorded: dropped}, nil
}

// attachAlerts records the alerts of n the timeline does not have yet. The
// store decides and appends under the incident's write lock (AttachEvents),
// so concurrent deliveries never conflict and each alert is recorded once.
// A resolved incident takes nothing: errAttachResolved sends the delivery
// back to receiveAlerts, which opens the group's next incident.
func (a *API) attachAlerts(ctx context.Context, id Identity, incID string, n alertNotification) (int, any, error) {
	author, now := id.Author(), a.Now().UTC()
	dropped := 0
	saved, err := a.Store.AttachEvents(ctx, id.OrgID, incID, func(inc incident.Incident, timeline []incident.Event) ([]store.NewEvent, error) {
		// Decided under the incident's write lock: a resolution that
		// committed first is seen here, so nothing is attached to a resolved
		// incident.
		if inc.Status == incident.Resolved {
			return nil, errAttachResolved
		}
		var events []store.NewEvent
		events, dropped = alertEvents(n, timeline, author, now)
		return events, nil
	})
	if err != nil {
		return 0, nil, err
	}
	recorded := len(saved)
	if dropped > 0 && recorded > 0 && saved[recorded-1].Payload["notRecorded"] != nil {
		recorded-- // the summary is not an alert
	}
	return http.StatusOK, AlertIntake{Action: "attached", IncidentID: incID, Recorded: recorded, NotRecorded: dropped}, nil
}

// errAttachResolved: the incident holding the group's key was resolved
// between the key lookup and the attach.
var errAttachResolved = errors.New("the incident was resolved before the alerts were attached")

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
