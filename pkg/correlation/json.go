package correlation

import (
	"encoding/json"
	"time"
)

// Durations travel as integer milliseconds (the "Ms" suffix of their JSON
// names) because the front end does arithmetic on them; Go's default
// nanosecond integers would be a unit trap.

func (f ServiceFinding) MarshalJSON() ([]byte, error) {
	type plain ServiceFinding // drops the methods, so no recursion
	return json.Marshal(struct {
		plain
		LeadBy int64 `json:"leadByMs"`
	}{plain(f), f.LeadBy.Milliseconds()})
}

func (f *ServiceFinding) UnmarshalJSON(b []byte) error {
	type plain ServiceFinding
	w := struct {
		*plain
		LeadBy int64 `json:"leadByMs"`
	}{plain: (*plain)(f)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f.LeadBy = time.Duration(w.LeadBy) * time.Millisecond
	return nil
}

func (f SignalFinding) MarshalJSON() ([]byte, error) {
	type plain SignalFinding
	return json.Marshal(struct {
		plain
		Above int64 `json:"aboveMs"`
	}{plain(f), f.Above.Milliseconds()})
}

func (f *SignalFinding) UnmarshalJSON(b []byte) error {
	type plain SignalFinding
	w := struct {
		*plain
		Above int64 `json:"aboveMs"`
	}{plain: (*plain)(f)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f.Above = time.Duration(w.Above) * time.Millisecond
	return nil
}
