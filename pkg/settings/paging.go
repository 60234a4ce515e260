package settings

import (
	"encoding/json"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify/page"
)

// Secure settings of paging. #nosec G101 -- the names of secureJsonData keys, not credentials.
const (
	SecureSMTPPassword  = "smtpPassword"
	SecureSlackBotToken = "slackBotToken" // #nosec G101 -- a key name
)

// Paging is jsonData.paging with its secrets: the org's mail relay for
// email pages and the Slack bot that sends direct messages.
type Paging struct {
	// SMTP is nil when no relay is configured (or it is not valid: the
	// problem is reported and email pages fail with a clear error).
	SMTP          *page.SMTP
	SlackBotToken string
}

type pagingWire struct {
	Paging struct {
		SMTP *page.SMTP `json:"smtp"`
	} `json:"paging"`
}

// ParsePaging reads jsonData.paging and the paging secrets. Problems are
// reported by field path; a relay with a problem is left out.
func ParsePaging(jsonData []byte, secrets map[string]string) (Paging, []incident.FieldError) {
	out := Paging{SlackBotToken: secrets[SecureSlackBotToken]}
	if len(jsonData) == 0 || string(jsonData) == "null" {
		return out, nil
	}
	var w pagingWire
	if err := json.Unmarshal(jsonData, &w); err != nil {
		return out, []incident.FieldError{{Path: "paging", Message: "is not valid: see docs/oncall.md for its shape"}}
	}
	if w.Paging.SMTP == nil || w.Paging.SMTP.Host == "" {
		return out, nil
	}
	smtp := *w.Paging.SMTP
	smtp.Password = secrets[SecureSMTPPassword]
	var problems []incident.FieldError
	for _, e := range smtp.Validate() {
		problems = append(problems, incident.FieldError{Path: "paging.smtp." + e.Path, Message: e.Message})
	}
	if len(problems) == 0 {
		out.SMTP = &smtp
	}
	return out, problems
}
