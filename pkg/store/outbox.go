package store

import "time"

// Outbox row states.
const (
	OutboxPending   = "pending"
	OutboxDelivered = "delivered"
	OutboxFailed    = "failed"
)

// Outbox priorities: lower goes first. A claim takes the most urgent due row
// of each (org, channel) and serves the most urgent of those first, so a page
// never waits behind another org's (or another channel's) backlog. The zero
// value is a page: an enqueuer that forgets to say is never starved.
const (
	PriorityPage     = 0 // escalation and tier pages, declarations: someone must act
	PriorityReminder = 1 // update reminders
	PriorityUpdate   = 2 // status updates people post, resolutions
)

// NewOutbox is one notification to deliver to one channel.
type NewOutbox struct {
	Channel string
	// DeliveryID is the stable idempotency key receivers see; unique, so a
	// row enqueued twice is stored once.
	DeliveryID string
	Payload    []byte
	// Priority is one of the Priority constants.
	Priority int
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
	Priority   int
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
