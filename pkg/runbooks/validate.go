package runbooks

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

var (
	idRE        = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	ops         = []string{">=", ">", "<=", "<", "==", "!="}
	statuses    = []diagnostics.Status{diagnostics.StatusOK, diagnostics.StatusWarning, diagnostics.StatusCritical, diagnostics.StatusError}
	remediation = []string{"", RemediationTerminateIdleBackends, RemediationECSForceNewDeployment, RemediationASGInstanceRefresh}
)

// Validate reports every problem of every runbook at once, so an admin
// fixing an override sees the whole list.
func (l Library) Validate() error {
	var errs []error
	known := diagnostics.KnownCheckIDs()
	for _, rb := range l.Runbooks {
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("runbook %q: %s", rb.ID, fmt.Sprintf(format, a...)))
		}
		if !idRE.MatchString(rb.ID) {
			bad("id must be lowercase letters, digits and dashes")
		}
		if rb.Title == "" || len(rb.Symptoms) == 0 || len(rb.Options) == 0 || len(rb.Match) == 0 {
			bad("title, symptoms, match and options are required")
		}
		for _, c := range rb.Checks {
			if !slices.Contains(known, c) {
				bad("unknown check %q", c)
			}
		}
		triggers := 0
		for i, c := range rb.Match {
			if c.Check != "" && !slices.Contains(known, c.Check) {
				bad("match %d: unknown check %q", i, c.Check)
			}
			if c.Fact == "" && len(c.Status) == 0 {
				bad("match %d: needs a fact or a status", i)
			}
			if c.Fact != "" && !slices.Contains(ops, c.Op) {
				bad("match %d: op %q is not one of %v", i, c.Op, ops)
			}
			for _, s := range c.Status {
				if !slices.Contains(statuses, s) {
					bad("match %d: unknown status %q", i, s)
				}
			}
			if c.Reason == "" {
				bad("match %d: a reason is required (it is what the responder reads)", i)
			}
			if !c.Supporting {
				triggers++
			}
		}
		if triggers == 0 && len(rb.Match) > 0 {
			bad("every match condition is supporting: it can never be suggested")
		}
		texts := append(append([]string{}, rb.Diagnosis...), rb.Title)
		for i, o := range rb.Options {
			if o.Title == "" {
				bad("option %d: title required", i)
			}
			if !slices.Contains(remediation, o.Remediation) {
				bad("option %d: unknown remediation %q", i, o.Remediation)
			}
			texts = append(texts, o.Commands...)
		}
		for _, t := range texts {
			for _, m := range placeholderRE.FindAllStringSubmatch(t, -1) {
				if _, ok := placeholders[m[1]]; !ok {
					bad("unknown placeholder {{%s}}", m[1])
				}
			}
		}
	}
	return errors.Join(errs...)
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
