package policy

import (
	"encoding/json"
	"fmt"
)

// Decode reads a stored policy version, filling the parts that policies
// saved before they existed lack (thresholds, timer rules, paging) with the defaults.
func Decode(body []byte, version int) (Policy, error) {
	var p Policy
	if err := json.Unmarshal(body, &p); err != nil {
		return Policy{}, fmt.Errorf("stored policy version %d is unreadable: %w", version, err)
	}
	p.Version = version
	if p.Thresholds == (Thresholds{}) {
		p.Thresholds = DefaultThresholds()
	}
	if p.Timers == (TimerRules{}) {
		p.Timers = DefaultTimerRules()
	}
	if p.Paging == (PagingRules{}) {
		p.Paging = DefaultPagingRules()
	}
	return p, nil
}
