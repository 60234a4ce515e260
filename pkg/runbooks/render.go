package runbooks

import (
	"regexp"
	"slices"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

var placeholderRE = regexp.MustCompile(`\{\{\s*([a-zA-Z.]+)\s*\}\}`)

// placeholders are the catalog fields a command may name.
var placeholders = map[string]func(t diagnostics.Target) string{
	"service":   func(t diagnostics.Target) string { return t.Service },
	"healthUrl": func(t diagnostics.Target) string { return t.HealthURL },
	"postgres.name": func(t diagnostics.Target) string {
		if t.Postgres == nil {
			return ""
		}
		return t.Postgres.Name
	},
	"aws.region":             aws(func(a *diagnostics.AWSTarget) string { return a.Region }),
	"aws.autoScalingGroup":   aws(func(a *diagnostics.AWSTarget) string { return a.AutoScalingGroup }),
	"aws.targetGroupArn":     aws(func(a *diagnostics.AWSTarget) string { return a.TargetGroupARN }),
	"aws.ecsCluster":         aws(func(a *diagnostics.AWSTarget) string { return a.ECSCluster }),
	"aws.ecsService":         aws(func(a *diagnostics.AWSTarget) string { return a.ECSService }),
	"aws.ecrRepository":      aws(func(a *diagnostics.AWSTarget) string { return a.ECRRepository }),
	"aws.logGroup":           aws(func(a *diagnostics.AWSTarget) string { return a.LogGroup }),
	"aws.rdsInstance":        aws(func(a *diagnostics.AWSTarget) string { return a.RDSInstance }),
	"aws.rdsCluster":         aws(func(a *diagnostics.AWSTarget) string { return a.RDSCluster }),
	"aws.containerName":      aws(func(a *diagnostics.AWSTarget) string { return a.ContainerName }),
	"aws.elastiCacheCluster": aws(func(a *diagnostics.AWSTarget) string { return a.ElastiCacheCluster }),
}

func aws(get func(*diagnostics.AWSTarget) string) func(diagnostics.Target) string {
	return func(t diagnostics.Target) string {
		if t.AWS == nil {
			return ""
		}
		return get(t.AWS)
	}
}

// RenderedRunbook is a runbook with its commands filled for one target.
// Missing lists the placeholders the catalog could not fill, Invalid those
// whose catalog value failed its check (CheckValue); both stay in the
// commands as <name> so nobody runs a command with a blank or unsafe
// argument.
type RenderedRunbook struct {
	Runbook
	Service string   `json:"service"`
	Missing []string `json:"missing,omitempty"`
	Invalid []string `json:"invalid,omitempty"`
}

// Render fills the placeholders of a runbook from a target: every value is
// checked for its kind and quoted for the POSIX shell (fillShell).
func Render(rb Runbook, t diagnostics.Target) RenderedRunbook {
	out := RenderedRunbook{Service: t.Service}
	fill := func(s string) string {
		return fillShell(s, func(name string) (string, string, bool) {
			if get, ok := placeholders[name]; ok {
				if v := get(t); v != "" {
					if CheckValue(name, v) == nil {
						return v, "", true
					}
					if !slices.Contains(out.Invalid, name) {
						out.Invalid = append(out.Invalid, name)
					}
					return "", "<" + name + ">", false
				}
			}
			if !slices.Contains(out.Missing, name) {
				out.Missing = append(out.Missing, name)
			}
			return "", "<" + name + ">", false
		})
	}
	out.Runbook = rb
	out.Diagnosis = mapStrings(rb.Diagnosis, fill)
	out.Options = make([]Option, len(rb.Options))
	for i, o := range rb.Options {
		o.Commands = mapStrings(o.Commands, fill)
		out.Options[i] = o
	}
	return out
}

func mapStrings(in []string, f func(string) string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
