package datasource

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// StoreOf lets the black-box tests seed the store the data source reads.
func StoreOf(d *Datasource) store.Store { return d.store }

// SetNow fixes the clock open incidents' regions end at.
func SetNow(d *Datasource, now func() time.Time) { d.now = now }

// SetLimit shrinks the limit and the batch of incidents whose events one
// store call reads, so a test reaches them with a handful of incidents.
func SetLimit(d *Datasource, limit, batch int) { d.limit, d.batch = limit, batch }
