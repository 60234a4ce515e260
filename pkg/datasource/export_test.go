package datasource

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// StoreOf lets the black-box tests seed the store the data source reads.
func StoreOf(d *Datasource) store.Store { return d.store }

// SetNow fixes the clock open incidents' regions end at.
func SetNow(d *Datasource, now func() time.Time) { d.now = now }

// SetScan shrinks the page size and the scan cap so a test reaches the cap
// with a handful of incidents.
func SetScan(d *Datasource, pageSize, scanCap int) { d.pageSize, d.scanCap = pageSize, scanCap }
