package storetest

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// ReadCounter is a store that counts its timeline reads: Lists the whole
// timelines (ListEvents), Batches the reads of many incidents' events at once
// (EventsOf, EventsDuring). Tests of the API and the data source use it to
// show that a page of incidents costs one batched read, never a timeline per
// incident.
type ReadCounter struct {
	store.Store
	Lists, Batches atomic.Int32
}

func (c *ReadCounter) ListEvents(ctx context.Context, org int64, id string, after int64) ([]incident.Event, error) {
	c.Lists.Add(1)
	return c.Store.ListEvents(ctx, org, id, after)
}

func (c *ReadCounter) EventsOf(ctx context.Context, org int64, ids []string, kinds []incident.EventKind) (map[string][]incident.Event, error) {
	c.Batches.Add(1)
	return c.Store.EventsOf(ctx, org, ids, kinds)
}

func (c *ReadCounter) EventsDuring(ctx context.Context, org int64, ids []string, kinds []incident.EventKind, from, to time.Time) (map[string][]incident.Event, error) {
	c.Batches.Add(1)
	return c.Store.EventsDuring(ctx, org, ids, kinds, from, to)
}
