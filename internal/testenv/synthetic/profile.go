package synthetic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Profile is how one service behaves from the moment it is set.
//
// JSON (POST /control/{service}): {"rps": 20, "errorRatio": 0.2, "latency": "800ms"}.
// latency is Go duration text ("800ms", "1.5s"), as in the policy JSON; a
// bare number is rejected rather than guessed to be ms or seconds.
type Profile struct {
	RPS        float64       // requests per second, ≥ 0
	ErrorRatio float64       // share of requests answered 500, 0..1
	Latency    time.Duration // every request of the period takes this long
}

type profileJSON struct {
	RPS        float64 `json:"rps"`
	ErrorRatio float64 `json:"errorRatio"`
	Latency    string  `json:"latency"`
}

// MarshalJSON writes latency as duration text.
func (p Profile) MarshalJSON() ([]byte, error) {
	return json.Marshal(profileJSON{p.RPS, p.ErrorRatio, p.Latency.String()})
}

// UnmarshalJSON reads latency as duration text.
func (p *Profile) UnmarshalJSON(b []byte) error {
	var raw struct {
		RPS        float64         `json:"rps"`
		ErrorRatio float64         `json:"errorRatio"`
		Latency    json.RawMessage `json:"latency"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // a typo such as "latencyMs" must not pass as 0
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	var lat time.Duration
	if len(raw.Latency) > 0 && string(raw.Latency) != "null" {
		var s string
		if err := json.Unmarshal(raw.Latency, &s); err != nil {
			return fmt.Errorf(`latency is duration text such as "800ms", not %s`, raw.Latency)
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf(`latency %q is not a duration such as "800ms"`, s)
		}
		lat = d
	}
	*p = Profile{RPS: raw.RPS, ErrorRatio: raw.ErrorRatio, Latency: lat}
	return nil
}

// Validate says what is wrong with p, or nil.
func (p Profile) Validate() error {
	switch {
	case math.IsNaN(p.RPS) || p.RPS < 0 || p.RPS > 1e6:
		return fmt.Errorf("rps must be between 0 and 1e6")
	case math.IsNaN(p.ErrorRatio) || p.ErrorRatio < 0 || p.ErrorRatio > 1:
		return fmt.Errorf("errorRatio must be between 0 and 1")
	case p.Latency < 0 || p.Latency > time.Hour:
		return fmt.Errorf("latency must be between 0 and 1h")
	}
	return nil
}

// serviceName keeps names safe as label values without escaping.
var serviceName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$`)

func checkName(s string) error {
	if !serviceName.MatchString(s) {
		return fmt.Errorf("service name %q: use letters, digits, '-', '_' and '.' (at most 100)", s)
	}
	return nil
}

// ParseProfileFlag reads "name=rps,errorRatio,latency", e.g.
// "checkout=20,0.2,800ms", the form of the command's -profile flag.
func ParseProfileFlag(s string) (string, Profile, error) {
	name, spec, ok := strings.Cut(s, "=")
	parts := strings.Split(spec, ",")
	if !ok || len(parts) != 3 {
		return "", Profile{}, fmt.Errorf("profile %q: want name=rps,errorRatio,latency such as checkout=20,0.2,800ms", s)
	}
	if err := checkName(name); err != nil {
		return "", Profile{}, err
	}
	rps, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	ratio, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	lat, err3 := time.ParseDuration(strings.TrimSpace(parts[2]))
	if err1 != nil || err2 != nil || err3 != nil {
		return "", Profile{}, fmt.Errorf("profile %q: want name=rps,errorRatio,latency such as checkout=20,0.2,800ms", s)
	}
	p := Profile{RPS: rps, ErrorRatio: ratio, Latency: lat}
	if err := p.Validate(); err != nil {
		return "", Profile{}, fmt.Errorf("profile %q: %v", s, err)
	}
	return name, p, nil
}
