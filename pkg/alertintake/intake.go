package alertintake

import (
	"context"
	"errors"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/declare"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// Intake receives the notifications of one org's instance.
type Intake struct {
	Store   store.Store
	Metrics servicemetrics.Sources
	Now     func() time.Time
}

// Result is the answer to Grafana: what happened to the notification.
type Result struct {
	Action     string `json:"action"` // created, attached, ignored
	IncidentID string `json:"incidentId,omitempty"`
	Recorded   int    `json:"recorded"` // new alert events on the timeline
	// NotRecorded counts new alerts past the incident's alert event limit
	// (MaxAlertEvents): summarised on the timeline, not recorded one by one.
	NotRecorded int `json:"notRecorded,omitempty"`
}

// Result actions.
const (
	Created  = "created"
	Attached = "attached"
	Ignored  = "ignored"
)

// InvalidIncident is a notification whose alert cannot be declared as an
// incident; Fields say which of the incident's fields.
type InvalidIncident struct{ Fields []incident.FieldError }

func (e InvalidIncident) Error() string { return "the alert cannot be turned into an incident" }

// Receive opens an incident for a firing alert group, or attaches the
// notification to the incident the group already opened. The group key is
// the dedup key the store holds for the incident while it is open, so
// repeated and concurrent notifications (Grafana in HA) open one incident.
// n has been validated and its names cleaned (CleanNames). Losing every
// race gives store.ErrConflict.
func (in *Intake) Receive(ctx context.Context, orgID int64, author string, n Notification) (Result, error) {
	key := n.dedupKey()
	// Each pass ends in an answer unless another writer got there first: a
	// racing delivery opened the group's incident (attach to it), or the
	// incident was resolved meanwhile (open the next one). Attaching itself
	// never conflicts (attach).
	for attempt := 0; attempt < 5; attempt++ {
		inc, err := in.Store.IncidentByKey(ctx, orgID, key)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return Result{}, err
		default:
			if inc.Status != incident.Resolved {
				res, err := in.attach(ctx, orgID, author, inc.ID, n)
				if !errors.Is(err, errAttachResolved) {
					return res, err
				}
			}
			// The group's last incident is over: a new firing is a new incident.
			if err := in.Store.ReleaseKey(ctx, orgID, key, inc.ID); err != nil {
				return Result{}, err
			}
		}
		if !n.firing() {
			return Result{Action: Ignored}, nil
		}
		created, err := in.open(ctx, orgID, author, n, key)
		if errors.Is(err, store.ErrDuplicateKey) {
			continue // another notification of the group won the race: attach to it
		}
		return created, err
	}
	return Result{}, store.ErrConflict
}

// open declares the incident a firing group justifies: services from the
// catalog (or the service/job label), severity from the metrics when they
// can be read, else from the alert's severity label.
func (in *Intake) open(ctx context.Context, orgID int64, author string, n Notification, key string) (Result, error) {
	now := in.Now().UTC()
	labels := n.labels()
	services := catalog.MatchServices(in.Metrics.Catalog, nil, labels)
	if len(services) == 0 {
		services = []string{firstNonEmpty(labels["service"], labels["job"], "unassigned")}
	}
	d := incident.Declare{
		Title:    timeline.Clip(oneLine(firstNonEmpty(n.CommonAnnotations["summary"], labels["alertname"], n.Title, "Grafana alert")), incident.MaxTitle),
		Severity: severityFromLabel(labels["severity"]),
		Services: services,
		Summary:  timeline.Clip(n.CommonAnnotations["description"], incident.MaxText),
		Links:    linksFromAlert(n.Alerts[0]),
		Labels:   map[string]string{"source": "grafana-alert", "alertname": timeline.Clip(labels["alertname"], incident.MaxLabelPart)},
	}.Normalize()
	pol, err := policystore.Current(ctx, in.Store, orgID)
	if err != nil {
		return Result{}, err
	}
	ev := in.Metrics.Suggest(ctx, pol, services, now.Add(-3*pol.Thresholds.SustainedFor.D()), now)
	if ev.Result != nil && ev.Result.Severity != "" {
		d.Severity = ev.Result.Severity
		d.Evidence = &incident.Evidence{Suggested: ev.Result.Severity, Reasons: timeline.ClipReasons(ev.Result.Reasons)}
	}
	if errs := d.Validate(); len(errs) > 0 {
		return Result{}, InvalidIncident{Fields: errs}
	}
	nw, declared, err := declare.New(ctx, in.Store, orgID, author, d, now)
	if err != nil {
		return Result{}, err
	}
	nw.Key = key
	nw.Details.Impact = impactOf(n, ev.Onset, now)
	alerts, dropped := alertEvents(n, nil, author, now)
	events := append([]store.NewEvent{declared}, alerts...)
	inc, err := in.Store.CreateIncident(ctx, orgID, nw, events)
	if err != nil {
		return Result{}, err
	}
	return Result{Action: Created, IncidentID: inc.ID, Recorded: len(alerts), NotRecorded: dropped}, nil
}

// attach records the alerts of n the timeline does not have yet. The store
// decides and appends under the incident's write lock (AttachEvents), so
// concurrent deliveries never conflict and each alert is recorded once. A
// resolved incident takes nothing: errAttachResolved sends the delivery
// back to Receive, which opens the group's next incident.
func (in *Intake) attach(ctx context.Context, orgID int64, author, incID string, n Notification) (Result, error) {
	now := in.Now().UTC()
	dropped := 0
	saved, err := in.Store.AttachEvents(ctx, orgID, incID, func(inc incident.Incident, existing []incident.Event) ([]store.NewEvent, error) {
		// Decided under the incident's write lock: a resolution that
		// committed first is seen here, so nothing is attached to a resolved
		// incident.
		if inc.Status == incident.Resolved {
			return nil, errAttachResolved
		}
		var events []store.NewEvent
		events, dropped = alertEvents(n, existing, author, now)
		return events, nil
	})
	if err != nil {
		return Result{}, err
	}
	recorded := len(saved)
	if dropped > 0 && recorded > 0 && incident.DecodePayload[incident.AlertPayload](saved[recorded-1]).NotRecorded > 0 {
		recorded-- // the summary is not an alert
	}
	return Result{Action: Attached, IncidentID: incID, Recorded: recorded, NotRecorded: dropped}, nil
}

// errAttachResolved: the incident holding the group's key was resolved
// between the key lookup and the attach.
var errAttachResolved = errors.New("the incident was resolved before the alerts were attached")
