package page

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// SlackPostMessageURL is Slack's chat.postMessage method. Tests reach a
// local server by giving the Sender a client whose transport redirects
// slack.com to it; the URL itself is not configurable, so a bot token is
// only ever sent to Slack.
const SlackPostMessageURL = "https://slack.com/api/chat.postMessage"

// Slack limits: a section's text is at most 3000 characters, a button's
// label 75 and its URL 3000.
const (
	slackSectionMax = 3000
	slackURLMax     = 3000
)

type slackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type slackElement struct {
	Type     string    `json:"type"`
	Text     slackText `json:"text"`
	URL      string    `json:"url"`
	Style    string    `json:"style,omitempty"`
	ActionID string    `json:"action_id"`
}

type slackBlock struct {
	Type     string         `json:"type"`
	Text     *slackText     `json:"text,omitempty"`
	Elements []slackElement `json:"elements,omitempty"`
}

type slackMessage struct {
	Channel     string       `json:"channel"`
	Text        string       `json:"text"`
	Blocks      []slackBlock `json:"blocks"`
	UnfurlLinks bool         `json:"unfurl_links"`
}

// BuildSlack renders p as a direct message from the Warroom bot to m
// (chat.postMessage with the member id as channel opens the DM): a
// notification fallback text, a section with the heading and reason, and
// link buttons "Acknowledge" and "Open incident". token is the bot token
// (xoxb-…); it goes only into the Authorization header.
func BuildSlack(token string, m SlackUser, p Page) (notify.Request, error) {
	if token == "" {
		return notify.Request{}, errors.New("slack: a bot token is required")
	}
	if !tokenSafe(token) {
		return notify.Request{}, errors.New("slack: the bot token must be printable ASCII without spaces")
	}
	if errs := m.Validate(); len(errs) > 0 {
		return notify.Request{}, fieldErr("slack", errs)
	}
	if err := p.check(); err != nil {
		return notify.Request{}, err
	}
	if len(p.AckURL) > slackURLMax || len(p.IncidentURL) > slackURLMax {
		return notify.Request{}, errors.New("slack: a link is longer than Slack's 3000 characters")
	}
	heading := p.heading()
	reason := oneLine(p.Reason)
	fallback := heading
	if reason != "" {
		fallback += ": " + reason
	}
	msg := slackMessage{
		Channel: m.UserID,
		Text:    truncate(slackEscape(fallback), slackSectionMax),
		Blocks: []slackBlock{{Type: "section", Text: &slackText{Type: "mrkdwn",
			Text: truncate(strings.TrimRight("*"+slackEscape(heading)+"*\n"+slackEscape(reason), "\n"), slackSectionMax)}}},
	}
	var buttons []slackElement
	if p.AckURL != "" {
		buttons = append(buttons, slackElement{Type: "button", Text: slackText{Type: "plain_text", Text: "Acknowledge"},
			URL: p.AckURL, Style: "primary", ActionID: "warroom_ack"})
	}
	if p.IncidentURL != "" {
		buttons = append(buttons, slackElement{Type: "button", Text: slackText{Type: "plain_text", Text: "Open incident"},
			URL: p.IncidentURL, ActionID: "warroom_open"})
	}
	if len(buttons) > 0 {
		msg.Blocks = append(msg.Blocks, slackBlock{Type: "actions", Elements: buttons})
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return notify.Request{}, err
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Authorization", "Bearer "+token)
	h.Set("X-Warroom-Id", headerID(p.DeliveryID))
	return notify.Request{Method: http.MethodPost, URL: SlackPostMessageURL, Header: h, Body: b}, nil
}

// slackEscape escapes the three characters Slack's mrkdwn treats as control.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackClass is what a Slack error code means for the page.
type slackClass struct {
	retryable bool
	text      string // the Result.Error, with the code appended
}

var (
	slackBadToken  = slackClass{false, "the Slack bot token is not valid"}
	slackNoScope   = slackClass{false, "the Slack app lacks the chat:write scope"}
	slackNoUser    = slackClass{false, "Slack has no member with this id, or the bot cannot see them"}
	slackRefused   = slackClass{false, "Slack refused to message this member"}
	slackBadMsg    = slackClass{false, "Slack refused the message"}
	slackRateLimit = slackClass{true, "Slack is rate limiting the bot"}
	slackDown      = slackClass{true, "Slack failed to take the message"}
)

// slackErrors are chat.postMessage's documented error codes
// (https://api.slack.com/methods/chat.postMessage#errors) and the common
// ones every method returns.
var slackErrors = map[string]slackClass{
	"not_authed": slackBadToken, "invalid_auth": slackBadToken, "account_inactive": slackBadToken,
	"token_revoked": slackBadToken, "token_expired": slackBadToken, "not_allowed_token_type": slackBadToken,
	"no_permission": slackBadToken, "org_login_required": slackBadToken, "ekm_access_denied": slackBadToken,
	"missing_scope":  slackNoScope,
	"user_not_found": slackNoUser, "channel_not_found": slackNoUser,
	"user_disabled": slackRefused, "is_archived": slackRefused, "cannot_dm_bot": slackRefused,
	"not_in_channel": slackRefused, "restricted_action": slackRefused, "messages_tab_disabled": slackRefused,
	"invalid_blocks": slackBadMsg, "invalid_blocks_format": slackBadMsg, "invalid_arguments": slackBadMsg,
	"msg_too_long": slackBadMsg, "no_text": slackBadMsg, "too_many_attachments": slackBadMsg,
	"invalid_json": slackBadMsg, "json_not_object": slackBadMsg, "invalid_charset": slackBadMsg,
	"invalid_form_data": slackBadMsg, "invalid_post_type": slackBadMsg, "missing_post_type": slackBadMsg,
	"ratelimited": slackRateLimit, "rate_limited": slackRateLimit,
	"internal_error": slackDown, "fatal_error": slackDown, "service_unavailable": slackDown,
	"request_timeout": slackDown, "team_added_to_org": slackDown,
}

// slackCode is what an error code may look like to be quoted back.
var slackCode = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// SlackResult reads Slack's answer: Slack says HTTP 200 with
// {"ok":false,"error":"…"} when it refuses a message, so base (the HTTP
// outcome from notify.Sender) is not the whole story. The Error is a
// classified sentence with Slack's code, never the body as it came.
func SlackResult(body []byte, base notify.Result) notify.Result {
	var ans struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &ans); err != nil {
		if !base.OK() {
			return base // notify's own classification of an HTTP failure
		}
		// A 200 that is not Slack's JSON is a proxy or a portal in the way;
		// the page may not have arrived, so try again.
		return notify.Result{Status: base.Status, Retryable: true, Error: "Slack's answer was not its API's JSON; the message may not have been sent"}
	}
	if ans.OK {
		return base
	}
	res := notify.Result{Status: base.Status, RetryAfter: base.RetryAfter}
	class, known := slackErrors[ans.Error]
	switch {
	case known:
		res.Retryable = class.retryable
	case base.Retryable: // an unknown code on a 429 or a 5xx
		class = slackDown
		res.Retryable = true
	default:
		class = slackBadMsg
	}
	res.Error = class.text
	if slackCode.MatchString(ans.Error) {
		res.Error += " (" + ans.Error + ")"
	}
	return res
}
