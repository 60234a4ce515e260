package settings

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// Notifications is jsonData.notifications: the channels escalations,
// reminders and status updates are sent through. A channel's URL and HMAC
// secret are secure settings (NotifyURLKey, NotifySecretKey), never jsonData.
type Notifications struct {
	Channels []ChannelSetting `json:"channels"`
}

// ChannelSetting is one channel as the config page saves it.
type ChannelSetting struct {
	Name       string              `json:"name"`
	Kind       string              `json:"kind"`
	Severities []incident.Severity `json:"severities,omitempty"`
	Events     []string            `json:"events,omitempty"`
}

// channelName keeps names usable inside secure setting keys and delivery ids.
var channelName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// maxChannels bounds the fan-out of one firing.
const maxChannels = 20

// NotifyURLKey is the secureJsonData key of a channel's URL (a Slack
// incoming-webhook URL is itself a credential).
func NotifyURLKey(name string) string { return "notifyUrl_" + name }

// NotifySecretKey is the secureJsonData key of a webhook channel's HMAC key.
func NotifySecretKey(name string) string { return "notifySecret_" + name }

// ParseNotifications reads the notifications part of jsonData.
func ParseNotifications(jsonData []byte) (Notifications, error) {
	var w struct {
		Notifications Notifications `json:"notifications"`
	}
	if len(jsonData) == 0 || string(jsonData) == "null" {
		return Notifications{}, nil
	}
	if err := json.Unmarshal(jsonData, &w); err != nil {
		return Notifications{}, fmt.Errorf("jsonData.notifications is not valid: %w", err)
	}
	return w.Notifications, nil
}

// Validate checks what the config page saves, by field path. Secrets are
// checked by Resolve: the browser never sees them, only whether they are set.
func (n Notifications) Validate() []incident.FieldError {
	var errs []incident.FieldError
	if len(n.Channels) > maxChannels {
		errs = append(errs, incident.FieldError{Path: "notifications.channels", Message: fmt.Sprintf("at most %d channels", maxChannels)})
	}
	seen := map[string]bool{}
	for i, c := range n.Channels {
		at := fmt.Sprintf("notifications.channels[%d].", i)
		switch {
		case !channelName.MatchString(c.Name):
			errs = append(errs, incident.FieldError{Path: at + "name", Message: "1–40 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit"})
		case seen[c.Name]:
			errs = append(errs, incident.FieldError{Path: at + "name", Message: "another channel has this name"})
		}
		seen[c.Name] = true
		// The channel's own checks, minus the secrets it cannot see here.
		probe := c.channel()
		probe.URL, probe.Secret = "https://placeholder.invalid/", "placeholder"
		for _, e := range probe.Validate() {
			errs = append(errs, incident.FieldError{Path: at + e.Path, Message: e.Message})
		}
	}
	return errs
}

func (c ChannelSetting) channel() notify.Channel {
	return notify.Channel{ID: c.Name, Name: c.Name, Kind: c.Kind, Severities: c.Severities, Events: c.Events}
}

// Resolve joins the channels with their secrets. A channel whose URL (or
// webhook secret) is missing or wrong is left out and reported as a problem:
// the rest still deliver. Problems never quote a URL or a secret.
func (n Notifications) Resolve(secrets map[string]string) ([]notify.Channel, []incident.FieldError) {
	problems := n.Validate()
	if len(problems) > 0 {
		return nil, problems
	}
	var out []notify.Channel
	for i, c := range n.Channels {
		ch := c.channel()
		ch.URL, ch.Secret = secrets[NotifyURLKey(c.Name)], secrets[NotifySecretKey(c.Name)]
		bad := false
		for _, e := range ch.Validate() {
			if e.Path == "url" && ch.URL == "" {
				e.Message = "is not set"
			}
			problems = append(problems, incident.FieldError{Path: fmt.Sprintf("notifications.channels[%d].%s", i, e.Path), Message: e.Message})
			bad = true
		}
		if !bad {
			out = append(out, ch)
		}
	}
	return out, problems
}
