package store

import "time"

// Outbox row states.
const (
	OutboxPending   = "pending"
	OutboxDelivered = "delivered"
	OutboxFailed    = "failed"
)

// NewOutbox is one notification to deliver to one channel.
type NewOutbox struct {
	Channel string
	// DeliveryID is the stable idempotency key receivers see; unique, so a
	// row enqueued twice is stored once.
	DeliveryID string
	Payload    []byte
	// NotBefore is the first attempt time; zero means Effects.At.
	NotBefore time.Time
}

// OutboxItem is a leased outbox row.
type OutboxItem struct {
	ID         int64
	OrgID      int64
	IncidentID string
	Channel    string
	DeliveryID string
	Payload    []byte
	Attempts   int // attempts made before this one
	CreatedAt  time.Time
}

// OutboxResult is the outcome of one attempt.
type OutboxResult struct {
	// Status is OutboxDelivered, OutboxFailed (given up) or OutboxPending
	// (retry at NextAttempt).
	Status      string
	Error       string
	NextAttempt time.Time
	At          time.Time
	Event       *NewEvent
}
