// Package paging turns a reached escalation tier into pages: one outbox row
// per person and contact method, with a stable delivery id, so HA back ends
// page each person exactly once per tier (the store claims the firing key,
// and the rows are committed with it). Pure: the scheduler resolves targets
// to people (Resolution) before calling it.
package paging

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// ChannelPrefix starts the outbox channel of every page: "page/<login>/<method
// id>". One channel per person and method keeps the outbox's fairness per
// receiver: one person's unreachable mail server delays only their pages.
const ChannelPrefix = "page/"

// MaxPeople bounds the people one tier pages (a team of hundreds is a
// broadcast, not a page).
const MaxPeople = 50

// Method is one contact method of a person, without its settings.
type Method struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
}

// Reach is who one target reaches now.
type Reach struct {
	Target policy.Target `json:"target"`
	// People are logins, in the order the target gives them.
	People []string `json:"people"`
	// Problem says why the target reaches nobody ("nobody is on call in
	// schedule primary"); shown on the timeline.
	Problem string `json:"problem,omitempty"`
}

// Resolution is what the scheduler found for a tier's targets at fire time.
type Resolution struct {
	Reaches []Reach
	// Methods are each person's contact methods in their order.
	Methods map[string][]Method
}

// Job is an outbox row's payload: what to send, without secrets or links
// (the worker reads the method's settings and signs the acknowledge link
// when it sends, so a retry carries a fresh expiry).
type Job struct {
	IncidentID string    `json:"incidentId"`
	Title      string    `json:"title"`
	Severity   string    `json:"severity"`
	Login      string    `json:"login"`
	Method     Method    `json:"method"`
	Reason     string    `json:"reason"`
	Firing     string    `json:"firing"`
	NeedsAck   bool      `json:"needsAck"`
	At         time.Time `json:"at"`
}

// Recipient is one person paged, for the timeline.
type Recipient = incident.PagedRecipient

// Page is one tier's pages.
type Page struct {
	Outbox     []store.NewOutbox
	Recipients []Recipient
	// Problems are the targets that reached nobody, and people without a
	// contact method.
	Problems []string
}

// Input is one firing to page for.
type Input struct {
	OrgID      int64
	IncidentID string
	Title      string
	Severity   string
	Firing     string // the firing key, e.g. "tier:P1:1"
	Reason     string
	NeedsAck   bool
	At         time.Time
}

// Plan pages every person the resolution reaches through each of their
// methods, each person once even when several targets name them.
func Plan(in Input, res Resolution) Page {
	var p Page
	seen := map[string]bool{}
	for _, r := range res.Reaches {
		if r.Problem != "" {
			p.Problems = append(p.Problems, r.Problem)
		}
		for _, login := range r.People {
			if seen[login] {
				continue
			}
			if len(seen) == MaxPeople {
				p.Problems = append(p.Problems, fmt.Sprintf("only the first %d people are paged", MaxPeople))
				return p
			}
			seen[login] = true
			rc := Recipient{Login: login, Via: []string{}, Through: Describe(r.Target)}
			for _, m := range res.Methods[login] {
				job := Job{IncidentID: in.IncidentID, Title: in.Title, Severity: in.Severity, Login: login, Method: m,
					Reason: in.Reason, Firing: in.Firing, NeedsAck: in.NeedsAck, At: in.At.UTC()}
				body, _ := json.Marshal(job) // a Job always encodes
				ch := Channel(login, m.ID)
				p.Outbox = append(p.Outbox, store.NewOutbox{Channel: ch, DeliveryID: DeliveryID(in.OrgID, in.IncidentID, in.Firing, ch),
					Payload: body, Priority: store.PriorityPage})
				rc.Via = append(rc.Via, m.Kind)
			}
			if len(rc.Via) == 0 {
				p.Problems = append(p.Problems, login+" has no contact method")
			}
			p.Recipients = append(p.Recipients, rc)
		}
	}
	return p
}

// Channel is the outbox channel of a person's method.
func Channel(login, methodID string) string { return ChannelPrefix + login + "/" + methodID }

// ParseChannel reverses Channel.
func ParseChannel(ch string) (login, methodID string, ok bool) {
	rest, ok := strings.CutPrefix(ch, ChannelPrefix)
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// DeliveryID is the page's idempotency key, the same on every back end.
func DeliveryID(orgID int64, incidentID, firing, channel string) string {
	return fmt.Sprintf("%d/%s/%s/%s", orgID, incidentID, firing, channel)
}

// Describe names a target for people ("schedule primary", "team 7").
func Describe(t policy.Target) string { return t.Kind + " " + t.ID }

// Targets lists the distinct targets of tiers, sorted: what the scheduler
// resolves before planning.
func Targets(tiers ...policy.Tier) []policy.Target {
	seen := map[policy.Target]bool{}
	var out []policy.Target
	for _, t := range tiers {
		for _, tg := range t.Targets {
			if !seen[tg] {
				seen[tg] = true
				out = append(out, tg)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].ID < out[j].ID
	})
	return out
}
