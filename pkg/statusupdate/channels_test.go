package statusupdate

import (
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

func TestCheckChannelsAcceptsConfiguredNamesOnce(t *testing.T) {
	configured := []notify.Channel{{Name: "ops"}, {Name: "exec"}}
	if errs := CheckChannels(configured, []string{"ops", "exec"}); len(errs) != 0 {
		t.Fatalf("configured channels refused: %+v", errs)
	}
	errs := CheckChannels(configured, []string{"ops", "nope", "ops"})
	if len(errs) != 2 || errs[0].Path != "channels[1]" || errs[1].Path != "channels[2]" || errs[1].Message != "is listed twice" {
		t.Fatalf("%+v", errs)
	}
	many := make([]string, incident.MaxUpdateChannels+1)
	if errs := CheckChannels(configured, many); len(errs) != 1 || errs[0].Path != "channels" || !strings.Contains(errs[0].Message, "at most") {
		t.Fatalf("too many: %+v", errs)
	}
}
