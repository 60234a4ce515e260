package outbox

import (
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Priority is the delivery priority of a message kind, set by whoever
// enqueues it: pages (someone must act now) before reminders before status
// updates, whichever org or channel they belong to.
func Priority(kind string) int {
	switch kind {
	case notify.MsgEscalation, notify.MsgDeclared:
		return store.PriorityPage
	case notify.MsgStatusUpdate, notify.MsgResolved:
		return store.PriorityUpdate
	default: // reminders, and any kind added later until it is placed here
		return store.PriorityReminder
	}
}
