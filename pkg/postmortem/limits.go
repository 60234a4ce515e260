package postmortem

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Limits of a post-mortem document, in one place (docs/api.md "Limits").
// Lengths count characters; MaxDocBytes counts the bytes of the document
// as stored (its JSON), which is what the incident row carries.
const (
	MaxLongText = 10000 // summary, whatHappened, detection, dataImpact
	MaxItemText = 1000  // one why, feature, lesson or action
	MaxName     = 100   // reporter, a reviewer, an action item's owner
	MaxLink     = 2000  // one link

	MaxReviewers   = 20
	MaxWhys        = 20
	MaxListItems   = 50 // featuresAffected, wentWell, couldBeBetter, learned
	MaxActionItems = 50
	MaxLinks       = 50

	// MaxDocBytes bounds the whole document: 64 KiB.
	MaxDocBytes = 64 << 10

	// MaxTimelineRows bounds the timeline table of the Markdown export; the
	// rows left out are counted in a last row.
	MaxTimelineRows = 500
)

// checkLimits lists every length and count over its limit, by field path.
func (d Doc) checkLimits() []incident.FieldError {
	var errs []incident.FieldError
	text := func(path, s string, max int) {
		if n := utf8.RuneCountInString(s); n > max {
			errs = append(errs, incident.FieldError{Path: path, Message: fmt.Sprintf("must be at most %d characters (has %d)", max, n)})
		}
	}
	list := func(path string, items []string, maxItems, maxEach int) {
		if len(items) > maxItems {
			errs = append(errs, incident.FieldError{Path: path, Message: fmt.Sprintf("at most %d items (has %d)", maxItems, len(items))})
			return
		}
		for i, s := range items {
			text(fmt.Sprintf("%s[%d]", path, i), s, maxEach)
		}
	}
	text("reporter", d.Reporter, MaxName)
	list("reviewers", d.Reviewers, MaxReviewers, MaxName)
	text("summary", d.Summary, MaxLongText)
	text("whatHappened", d.WhatHappened, MaxLongText)
	list("whys", d.Whys, MaxWhys, MaxItemText)
	text("detection", d.Detection, MaxLongText)
	list("featuresAffected", d.Features, MaxListItems, MaxItemText)
	text("dataImpact", d.DataImpact, MaxLongText)
	list("wentWell", d.WentWell, MaxListItems, MaxItemText)
	list("couldBeBetter", d.CouldBetter, MaxListItems, MaxItemText)
	list("learned", d.Learned, MaxListItems, MaxItemText)
	if len(d.ActionItems) > MaxActionItems {
		errs = append(errs, incident.FieldError{Path: "actionItems", Message: fmt.Sprintf("at most %d items (has %d)", MaxActionItems, len(d.ActionItems))})
	} else {
		for i, a := range d.ActionItems {
			at := fmt.Sprintf("actionItems[%d]", i)
			text(at+".action", a.Action, MaxItemText)
			text(at+".owner", a.Owner, MaxName)
		}
	}
	list("links", d.Links, MaxLinks, MaxLink)
	if len(d.Links) <= MaxLinks {
		for i, l := range d.Links {
			if strings.IndexFunc(strings.TrimSpace(l), unicode.IsSpace) >= 0 {
				errs = append(errs, incident.FieldError{Path: fmt.Sprintf("links[%d]", i), Message: "must not contain spaces or line breaks: one link per item"})
			}
		}
	}
	if len(errs) == 0 {
		// Only when every part fits: the total is then the one problem.
		if b, err := json.Marshal(d); err == nil && len(b) > MaxDocBytes {
			errs = append(errs, incident.FieldError{Path: "", Message: fmt.Sprintf("the whole document must be at most %d KiB (has %d bytes)", MaxDocBytes>>10, len(b))})
		}
	}
	return errs
}
