package policy

import (
	"encoding/json"
	"testing"
)

// A version saved before thresholds and timer rules existed reads with the
// defaults; the stored version number wins over the document's.
func TestDecodeFillsWhatOldVersionsLack(t *testing.T) {
	old := Default()
	old.Thresholds, old.Timers, old.Version = Thresholds{}, TimerRules{}, 99
	body, _ := json.Marshal(old)
	p, err := Decode(body, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != 3 || p.Thresholds != DefaultThresholds() || p.Timers != DefaultTimerRules() {
		t.Fatalf("decoded %d %+v %+v", p.Version, p.Thresholds, p.Timers)
	}
	custom := Default()
	custom.Timers.WarningFraction = 0.5
	body, _ = json.Marshal(custom)
	if p, _ := Decode(body, 2); p.Timers.WarningFraction != 0.5 {
		t.Errorf("saved timer rules replaced: %+v", p.Timers)
	}
	if _, err := Decode([]byte("{"), 4); err == nil {
		t.Error("unreadable version accepted")
	}
}
