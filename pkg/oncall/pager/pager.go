// Package pager sends one page to one person's contact method: it reads the
// method from the store, opens its sealed secret, signs the acknowledge
// link with the org's key and makes one attempt through pkg/notify/page.
// The outbox worker calls it for rows of paging channels (retries, leases
// and the timeline are the worker's); the API calls it for test pages.
package pager

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/notify/page"
	"github.com/warroom/warroom-incident-app/pkg/oncall/acklink"
	"github.com/warroom/warroom-incident-app/pkg/oncall/contact"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/seal"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// AppPath is where the app's pages live under Grafana's root URL.
const AppPath = "/a/warroom-incident-app"

// Pager implements outbox.Pager.
type Pager struct {
	Store store.OnCall
	// Key opens contact methods' sealed secrets; nil fails methods that
	// keep one (they could not have been saved without it).
	Key *seal.Key
	// HTTP sends ntfy, Gotify, webhook and Slack pages; Email's Timeout and
	// RootCAs apply to every org's relay (tests give their own roots).
	HTTP  page.Sender
	Email page.EmailSender
	// TTL is how long acknowledge links work (acklink.DefaultTTL when 0).
	TTL time.Duration
}

var _ outbox.Pager = (*Pager)(nil)

// Page makes one attempt at job.
func (p *Pager) Page(ctx context.Context, orgID int64, org outbox.Org, job paging.Job, deliveryID string, now time.Time) notify.Result {
	m, err := p.method(ctx, orgID, job.Login, job.Method.ID)
	if err != nil {
		return failure(err)
	}
	pg := page.Page{DeliveryID: deliveryID, IncidentID: job.IncidentID, Title: job.Title, Severity: incident.Severity(job.Severity),
		Reason: job.Reason, At: job.At}
	if org.SeverityLabels == "SEV" {
		pg.SeverityLabel = "SEV" + strings.TrimPrefix(job.Severity, "P")
	}
	base := strings.TrimRight(org.BaseURL, "/")
	if base == "" {
		return notify.Result{Error: "Grafana's URL is not known to the back end, so the page would have no links; set root_url in grafana.ini"}
	}
	pg.IncidentURL = base + AppPath + "/incidents/" + url.PathEscape(job.IncidentID)
	if job.NeedsAck {
		key, err := p.Store.SigningKey(ctx, orgID)
		if err != nil {
			return notify.Result{Retryable: true, Error: "the acknowledge link could not be signed: the store did not answer"}
		}
		tok := acklink.New(key, acklink.Claims{OrgID: orgID, IncidentID: job.IncidentID, Login: job.Login, Via: m.Kind, Firing: job.Firing}, now, p.TTL)
		pg.AckURL = base + AppPath + "/ack?token=" + url.QueryEscape(tok)
	}
	return p.send(ctx, org, m, pg)
}

func (p *Pager) send(ctx context.Context, org outbox.Org, m contact.Method, pg page.Page) notify.Result {
	switch m.Kind {
	case contact.Email:
		if org.SMTP == nil {
			return notify.Result{Error: "no mail server is configured for this org (app settings, Paging)"}
		}
		s := p.Email
		s.SMTP = *org.SMTP
		return s.Send(ctx, page.Email{Address: m.Config.Address}, pg)
	case contact.Ntfy:
		return p.HTTP.Ntfy(ctx, page.Ntfy{URL: m.Secret.URL, Token: m.Secret.Token}, pg)
	case contact.Gotify:
		return p.HTTP.Gotify(ctx, page.Gotify{URL: m.Secret.URL, Token: m.Secret.Token}, pg)
	case contact.Webhook:
		return p.HTTP.Webhook(ctx, page.Webhook{URL: m.Secret.URL}, pg)
	case contact.Slack:
		if org.SlackBotToken == "" {
			return notify.Result{Error: "no Slack bot token is configured for this org (app settings, Paging)"}
		}
		return p.HTTP.Slack(ctx, org.SlackBotToken, page.SlackUser{UserID: m.Config.UserID}, pg)
	}
	return notify.Result{Error: "unknown contact method kind"}
}

// errGone means the method was removed after the page was queued.
var errGone = errors.New("the contact method was removed")

// method reads and opens one contact method.
func (p *Pager) method(ctx context.Context, orgID int64, login, id string) (contact.Method, error) {
	ms, err := p.Store.ContactMethods(ctx, orgID, []string{login})
	if err != nil {
		return contact.Method{}, retryable{err}
	}
	for _, m := range ms {
		if m.ID != id {
			continue
		}
		var secret []byte
		if len(m.Sealed) > 0 {
			if p.Key == nil {
				return contact.Method{}, errors.New("the method's secret cannot be opened: the back end has no key")
			}
			if secret, err = seal.Open(*p.Key, m.Sealed, contact.AAD(orgID, login, id)); err != nil {
				return contact.Method{}, errors.New("the method's secret cannot be opened with this back end's key")
			}
		}
		return contact.Decode(m.Kind, m.Config, secret)
	}
	return contact.Method{}, errGone
}

type retryable struct{ error }

func failure(err error) notify.Result {
	var r retryable
	if errors.As(err, &r) {
		return notify.Result{Retryable: true, Error: "the contact method could not be read: the store did not answer"}
	}
	return notify.Result{Error: err.Error()}
}

// Test sends a test page to one method now (no outbox, no link that
// acknowledges anything).
func (p *Pager) Test(ctx context.Context, orgID int64, org outbox.Org, login, methodID string, now time.Time) notify.Result {
	m, err := p.method(ctx, orgID, login, methodID)
	if err != nil {
		return failure(err)
	}
	base := strings.TrimRight(org.BaseURL, "/")
	pg := page.Page{DeliveryID: "test/" + login + "/" + methodID + "/" + now.UTC().Format(time.RFC3339Nano), IncidentID: "TEST",
		Title: "Test page from Warroom", Severity: incident.P4, Reason: "You asked for a test page of this contact method.",
		IncidentURL: base + AppPath + "/oncall", At: now}
	if base == "" {
		pg.IncidentURL = ""
	}
	return p.send(ctx, org, m, pg)
}
