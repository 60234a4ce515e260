// Package contact is how a person's contact method is kept: the kind, the
// part the browser may see (Config: an address, a Slack member id) and the
// part it never sees (Secret: a topic URL, a token), sealed by the caller
// before the store gets it. It validates a method whole, with field paths,
// and turns a stored one into what pkg/notify/page sends. Pure.
package contact

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify/page"
)

// Kinds of contact methods.
const (
	Email   = "email"
	Ntfy    = "ntfy"
	Gotify  = "gotify"
	Webhook = "webhook"
	Slack   = "slack"
)

// Kinds lists every kind.
var Kinds = []string{Email, Ntfy, Gotify, Webhook, Slack}

// Config is the visible part of a method.
type Config struct {
	Address string `json:"address,omitempty"`
	UserID  string `json:"userId,omitempty"`
}

// Secret is the sealed part: a receiver URL and token are credentials.
type Secret struct {
	URL   string `json:"url,omitempty"`
	Token string `json:"token,omitempty"`
}

// Method is one method whole, in clear, only in memory.
type Method struct {
	Kind   string
	Config Config
	Secret Secret
}

// HasSecret reports whether the kind keeps a secret part.
func HasSecret(kind string) bool { return kind == Ntfy || kind == Gotify || kind == Webhook }

// Validate names each wrong field of m ("address", "url", "token",
// "userId", "kind").
func (m Method) Validate() []incident.FieldError {
	switch m.Kind {
	case Email:
		return page.Email{Address: m.Config.Address}.Validate()
	case Ntfy:
		return page.Ntfy{URL: m.Secret.URL, Token: m.Secret.Token}.Validate()
	case Gotify:
		return page.Gotify{URL: m.Secret.URL, Token: m.Secret.Token}.Validate()
	case Webhook:
		return page.Webhook{URL: m.Secret.URL}.Validate()
	case Slack:
		return page.SlackUser{UserID: m.Config.UserID}.Validate()
	}
	return []incident.FieldError{{Path: "kind", Message: "must be one of " + strings.Join(Kinds, ", ")}}
}

// Encode splits m into the stored config and the secret to seal (nil when
// the kind has none).
func (m Method) Encode() (config, secret []byte, err error) {
	config, err = json.Marshal(m.Config)
	if err != nil || !HasSecret(m.Kind) {
		return config, nil, err
	}
	secret, err = json.Marshal(m.Secret)
	return config, secret, err
}

// Decode joins a stored method's config and opened secret.
func Decode(kind string, config, secret []byte) (Method, error) {
	m := Method{Kind: kind}
	if len(config) > 0 {
		if err := json.Unmarshal(config, &m.Config); err != nil {
			return Method{}, fmt.Errorf("contact method config unreadable: %w", err)
		}
	}
	if len(secret) > 0 {
		if err := json.Unmarshal(secret, &m.Secret); err != nil {
			return Method{}, fmt.Errorf("contact method secret unreadable: %w", err)
		}
	}
	return m, nil
}

// AAD binds a sealed secret to its org, person and method, so a sealed
// value copied to another row does not open.
func AAD(orgID int64, login, id string) []byte {
	return fmt.Appendf(nil, "warroom contact method v1\x00%d\x00%s\x00%s", orgID, login, id)
}
