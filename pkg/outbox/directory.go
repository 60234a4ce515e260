package outbox

import (
	"sort"
	"sync"

	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/notify/page"
)

// Org is what delivering an org's notifications needs from its settings.
// Grafana hands settings (and the decrypted secrets) only to the org's
// plugin instance, so instances register here when they start.
type Org struct {
	Channels []notify.Channel
	// BaseURL is Grafana's root URL, for links to the incident page.
	BaseURL string
	// SeverityLabels is "P" or "SEV".
	SeverityLabels string
	// SMTP is the org's mail relay for email pages (nil: none configured);
	// SlackBotToken sends Slack pages as direct messages (empty: none).
	SMTP          *page.SMTP
	SlackBotToken string
}

// Directory maps orgs to their delivery settings in this process.
type Directory struct {
	mu   sync.RWMutex
	orgs map[int64]entry
	gen  uint64
}

type entry struct {
	org      Org
	gen      uint64
	fallback bool
}

// Set registers org settings and returns a function that unregisters them
// only if no newer Set for the org happened since (Grafana creates the new
// instance before disposing the old one when settings change).
func (d *Directory) Set(orgID int64, o Org) func() {
	return d.set(orgID, o, false)
}

// SetFallback registers settings recovered from a stored snapshot (the
// back end's boot instances): they replace another fallback entry but
// never settings an org's own instance registered, whatever the order.
func (d *Directory) SetFallback(orgID int64, o Org) func() {
	return d.set(orgID, o, true)
}

func (d *Directory) set(orgID int64, o Org, fallback bool) func() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.orgs == nil {
		d.orgs = map[int64]entry{}
	}
	if e, ok := d.orgs[orgID]; ok && fallback && !e.fallback {
		return func() {}
	}
	d.gen++
	gen := d.gen
	d.orgs[orgID] = entry{org: o, gen: gen, fallback: fallback}
	return func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if e, ok := d.orgs[orgID]; ok && e.gen == gen {
			delete(d.orgs, orgID)
		}
	}
}

// Get returns an org's settings.
func (d *Directory) Get(orgID int64) (Org, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	e, ok := d.orgs[orgID]
	return e.org, ok
}

// Orgs lists the registered orgs in order.
func (d *Directory) Orgs() []int64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]int64, 0, len(d.orgs))
	for id := range d.orgs {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
