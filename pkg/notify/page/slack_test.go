package page

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/notify"
)

func TestSlackResult(t *testing.T) {
	ok200 := notify.Result{Status: 200}
	cases := []struct {
		name      string
		body      string
		base      notify.Result
		retryable bool
		err       string
	}{
		{"delivered", `{"ok":true,"channel":"D0123","ts":"1.2"}`, ok200, false, ""},
		{"user not found", `{"ok":false,"error":"user_not_found"}`, ok200, false, "Slack has no member with this id, or the bot cannot see them (user_not_found)"},
		{"channel not found", `{"ok":false,"error":"channel_not_found"}`, ok200, false, "Slack has no member with this id, or the bot cannot see them (channel_not_found)"},
		{"not authed", `{"ok":false,"error":"not_authed"}`, ok200, false, "the Slack bot token is not valid (not_authed)"},
		{"invalid auth", `{"ok":false,"error":"invalid_auth"}`, ok200, false, "the Slack bot token is not valid (invalid_auth)"},
		{"revoked", `{"ok":false,"error":"token_revoked"}`, ok200, false, "the Slack bot token is not valid (token_revoked)"},
		{"scope", `{"ok":false,"error":"missing_scope","needed":"chat:write","provided":"users:read"}`, ok200, false, "the Slack app lacks the chat:write scope (missing_scope)"},
		{"blocks", `{"ok":false,"error":"invalid_blocks","errors":["x"]}`, ok200, false, "Slack refused the message (invalid_blocks)"},
		{"rate limited 429", `{"ok":false,"error":"ratelimited"}`, notify.Result{Status: 429, Retryable: true, RetryAfter: 30 * time.Second, Error: "the receiver answered 429"}, true, "Slack is rate limiting the bot (ratelimited)"},
		{"internal error", `{"ok":false,"error":"internal_error"}`, ok200, true, "Slack failed to take the message (internal_error)"},
		{"unknown code on 200", `{"ok":false,"error":"brand_new_error"}`, ok200, false, "Slack refused the message (brand_new_error)"},
		{"unknown code on 503", `{"ok":false,"error":"brand_new_error"}`, notify.Result{Status: 503, Retryable: true, Error: "x"}, true, "Slack failed to take the message (brand_new_error)"},
		{"code that is not a code", `{"ok":false,"error":"xoxb-SECRET <script>"}`, ok200, false, "Slack refused the message"},
		{"not JSON on 200", `<html>portal</html>`, ok200, true, "Slack's answer was not its API's JSON; the message may not have been sent"},
		{"not JSON on 502", `bad gateway`, notify.Result{Status: 502, Retryable: true, Error: "the receiver answered 502 Bad Gateway: bad gateway"}, true, "the receiver answered 502 Bad Gateway: bad gateway"},
	}
	for _, c := range cases {
		got := SlackResult([]byte(c.body), c.base)
		if got.Retryable != c.retryable || got.Error != c.err || got.Status != c.base.Status || got.RetryAfter != c.base.RetryAfter {
			t.Errorf("%s: %+v, want retryable %v error %q", c.name, got, c.retryable, c.err)
		}
		if (c.err == "") != got.OK() {
			t.Errorf("%s: OK %v", c.name, got.OK())
		}
		if strings.Contains(got.Error, "SECRET") {
			t.Errorf("%s: echoed %q", c.name, got.Error)
		}
	}
}
