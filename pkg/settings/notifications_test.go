package settings

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestNotificationsValidate(t *testing.T) {
	cases := []struct {
		name  string
		json  string
		paths []string
	}{
		{"empty", `{}`, nil},
		{"good", `{"notifications":{"channels":[{"name":"ops","kind":"slack"},{"name":"pager-1","kind":"webhook","severities":["P1"],"events":["escalation"]}]}}`, nil},
		{"bad name", `{"notifications":{"channels":[{"name":"Ops Room","kind":"slack"}]}}`, []string{"notifications.channels[0].name"}},
		{"duplicate", `{"notifications":{"channels":[{"name":"ops","kind":"slack"},{"name":"ops","kind":"webhook"}]}}`, []string{"notifications.channels[1].name"}},
		{"bad kind", `{"notifications":{"channels":[{"name":"ops","kind":"email"}]}}`, []string{"notifications.channels[0].kind"}},
		{"bad filters", `{"notifications":{"channels":[{"name":"ops","kind":"slack","severities":["P9"],"events":["declared","escalation","x"]}]}}`,
			[]string{"notifications.channels[0].severities[0]", "notifications.channels[0].events[0]", "notifications.channels[0].events[2]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := ParseNotifications([]byte(c.json))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range n.Validate() {
				got = append(got, e.Path)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.paths) {
				t.Errorf("paths %v, want %v", got, c.paths)
			}
		})
	}
	if _, err := ParseNotifications([]byte(`{"notifications":{"channels":{}}}`)); err == nil {
		t.Error("a channels object instead of a list was accepted")
	}
}

// Secrets come only from secure settings, and neither problems nor the
// routes (stored, and shown to the browser) carry them.
func TestNotificationsResolveKeepsSecrets(t *testing.T) {
	const slackURL = "https://hooks.slack.com/services/T000/B000/XXXXSECRET"
	n, _ := ParseNotifications([]byte(`{"notifications":{"channels":[
		{"name":"ops","kind":"slack"},
		{"name":"hook","kind":"webhook"},
		{"name":"nourl","kind":"slack"},
		{"name":"badurl","kind":"slack"}]}}`))
	secrets := map[string]string{
		NotifyURLKey("ops"): slackURL, NotifyURLKey("hook"): "https://example.com/in?token=TOKSECRET",
		NotifyURLKey("badurl"): "ftp://BADSECRET@x",
	}
	chans, problems := n.Resolve(secrets)
	if len(chans) != 1 || chans[0].Name != "ops" || chans[0].URL != slackURL {
		t.Fatalf("channels %v, want only ops with its URL", chans)
	}
	var paths []string
	for _, p := range problems {
		paths = append(paths, p.Path+": "+p.Message)
	}
	want := []string{"notifications.channels[1].secret", "notifications.channels[2].url: is not set", "notifications.channels[3].url"}
	for i, w := range want {
		if i >= len(paths) || !strings.HasPrefix(paths[i], w) {
			t.Fatalf("problems %v, want prefixes %v", paths, want)
		}
	}
	// Channels go to the browser and the store as JSON: URL and secret stay out.
	routes, _ := json.Marshal(chans)
	for _, leak := range []string{"SECRET", "hooks.slack.com", "example.com"} {
		if strings.Contains(string(routes), leak) || strings.Contains(fmt.Sprint(problems), leak) {
			t.Errorf("%q leaked into the JSON or the problems", leak)
		}
	}
	// A printed channel shows the host only (notify.RedactURL), never the path.
	if printed := fmt.Sprintf("%v %+v %#v", chans, chans, chans); strings.Contains(printed, "SECRET") {
		t.Errorf("a printed channel shows its secret path: %s", printed)
	}
}

// A channel URL at the cloud metadata service or a link-local address is
// refused (the health check's address policy) and reported at its path; a
// private receiver is kept.
func TestNotificationURLsGoThroughTheAddressPolicy(t *testing.T) {
	n, _ := ParseNotifications([]byte(`{"notifications":{"channels":[
		{"name":"meta","kind":"slack"},{"name":"link","kind":"slack"},{"name":"lan","kind":"slack"}]}}`))
	chans, problems := n.Resolve(map[string]string{
		NotifyURLKey("meta"): "http://169.254.169.254/latest/SECRETPATH",
		NotifyURLKey("link"): "http://[fe80::1%25eth0]:8080/SECRETPATH",
		NotifyURLKey("lan"):  "http://10.0.0.8:8065/hooks/SECRETPATH",
	})
	if len(chans) != 1 || chans[0].Name != "lan" {
		t.Fatalf("channels %v, want only the private receiver", chans)
	}
	if len(problems) != 2 || problems[0].Path != "notifications.channels[0].url" || problems[1].Path != "notifications.channels[1].url" ||
		!strings.Contains(problems[0].Message, "cloud metadata") || !strings.Contains(problems[1].Message, "link-local") {
		t.Fatalf("problems %+v", problems)
	}
	if strings.Contains(fmt.Sprint(problems), "SECRETPATH") {
		t.Fatalf("a problem quotes the URL: %+v", problems)
	}
}
