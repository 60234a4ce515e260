package incident

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"
)

// Limits of the incident domain, in one place (docs/api.md "Limits"). They
// protect the store and the UI, not the domain: a title longer than this is
// a paste accident, not a title. Lengths count characters, not bytes.
const (
	MaxTitle     = 200
	MaxServices  = 20 // services of an incident; also responders
	MaxService   = 100
	MaxText      = 10000 // summary, note, status update body, reason
	MaxLabels    = 50
	MaxLabelPart = 200
	// Evidence a declare carries.
	MaxReasons   = 20
	MaxReasonLen = 500

	// MaxLinkUID bounds dashboardUid and alertRuleUid. Grafana's own UIDs are
	// at most 40 characters of LinkUIDChars.
	MaxLinkUID = 40
	// MaxPanelID bounds links.panelId (Grafana's panel ids are int32).
	MaxPanelID = math.MaxInt32

	// MaxUpdateItems bounds the checklist changes and the completeSteps of
	// one PATCH (the checklist has 6 items, the steps are 6).
	MaxUpdateItems = 50

	// MaxUpdateChannels bounds the notification channels one status update
	// names.
	MaxUpdateChannels = 20

	// MaxWritesPerMinute bounds the notes and status updates (together) one
	// incident takes in any WriteWindow, from all users of a back-end
	// process. A person types a few a minute; a loop is stopped here.
	MaxWritesPerMinute = 30
	WriteWindow        = time.Minute
)

// LinkUIDChars describes the characters a link UID may hold.
const LinkUIDChars = "letters A–Z and a–z, digits, '-' and '_'"

// ValidLinkUID reports whether s is 1..MaxLinkUID characters of
// LinkUIDChars.
func ValidLinkUID(s string) bool {
	if s == "" || len(s) > MaxLinkUID {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// Validate checks the link fields of an incident; at is the path of the
// links object ("links").
func (l Links) Validate(at string) []FieldError {
	var errs []FieldError
	for _, f := range []struct{ name, v string }{{"dashboardUid", l.DashboardUID}, {"alertRuleUid", l.AlertRuleUID}} {
		if f.v == "" || ValidLinkUID(f.v) {
			continue
		}
		msg := fmt.Sprintf("must be at most %d characters: %s", MaxLinkUID, LinkUIDChars)
		if utf8.RuneCountInString(f.v) <= MaxLinkUID {
			msg = "may hold only " + LinkUIDChars
		}
		errs = append(errs, FieldError{at + "." + f.name, msg})
	}
	if l.PanelID < 0 || l.PanelID > MaxPanelID {
		errs = append(errs, FieldError{at + ".panelId", fmt.Sprintf("must be a panel id from 0 to %d", MaxPanelID)})
	}
	return errs
}
