package incident

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FieldError names the input path that is wrong and why, in words a user can act on.
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Declare is what a user submits to open an incident.
type Declare struct {
	Title    string            `json:"title"`
	Severity Severity          `json:"severity"`
	Services []string          `json:"services"`
	Summary  string            `json:"summary" tstype:",optional"`
	Links    Links             `json:"links" tstype:",optional"`
	Labels   map[string]string `json:"labels" tstype:",optional"`
	// Evidence is the metric suggestion the declarer saw, kept on the
	// "declared" event so the timeline shows why the severity was chosen.
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Evidence is a severity suggestion and its reasons (package correlation).
type Evidence struct {
	Suggested Severity `json:"suggested,omitempty"`
	Reasons   []string `json:"reasons"`
	// Onset is the earliest sustained breach the suggestion saw: the
	// incident's impact start (pkg/declare checks it against the
	// declaration's time).
	Onset *time.Time `json:"onset,omitempty"`
}

// Normalize trims whitespace and drops duplicate services, keeping order.
func (d Declare) Normalize() Declare {
	d.Title = strings.TrimSpace(d.Title)
	d.Summary = strings.TrimSpace(d.Summary)
	seen := map[string]bool{}
	services := make([]string, 0, len(d.Services))
	for _, s := range d.Services {
		s = strings.TrimSpace(s)
		if !seen[s] {
			seen[s] = true
			services = append(services, s)
		}
	}
	d.Services = services
	return d
}

// Validate returns every problem of a normalized Declare, not just the first,
// so a form can mark all its wrong fields at once.
func (d Declare) Validate() []FieldError {
	var errs []FieldError
	errs = append(errs, checkLine("title", d.Title, 1, MaxTitle)...)
	if !d.Severity.Valid() {
		errs = append(errs, FieldError{"severity", "must be one of P1, P2, P3, P4"})
	}
	if len(d.Services) == 0 {
		errs = append(errs, FieldError{"services", "name at least one affected service"})
	}
	if len(d.Services) > MaxServices {
		errs = append(errs, FieldError{"services", fmt.Sprintf("at most %d services", MaxServices)})
	}
	for i, s := range d.Services {
		errs = append(errs, checkLine(fmt.Sprintf("services[%d]", i), s, 1, MaxService)...)
	}
	errs = append(errs, checkText("summary", d.Summary, 0, MaxText)...)
	errs = append(errs, d.Links.Validate("links")...)
	if e := d.Evidence; e != nil {
		if e.Suggested != "" && !e.Suggested.Valid() {
			errs = append(errs, FieldError{"evidence.suggested", "must be one of P1, P2, P3, P4, or empty"})
		}
		if len(e.Reasons) > MaxReasons {
			errs = append(errs, FieldError{"evidence.reasons", fmt.Sprintf("at most %d reasons", MaxReasons)})
		}
		for i, r := range e.Reasons {
			errs = append(errs, checkText(fmt.Sprintf("evidence.reasons[%d]", i), r, 1, MaxReasonLen)...)
		}
	}
	if len(d.Labels) > MaxLabels {
		errs = append(errs, FieldError{"labels", fmt.Sprintf("at most %d labels", MaxLabels)})
	}
	for k, v := range d.Labels {
		if k == "" || len(k) > MaxLabelPart || len(v) > MaxLabelPart {
			errs = append(errs, FieldError{"labels." + k, fmt.Sprintf("names and values are 1..%d characters", MaxLabelPart)})
			continue
		}
		if e := append(checkLine("labels."+k, k, 1, MaxLabelPart), checkLine("labels."+k, v, 0, MaxLabelPart)...); len(e) > 0 {
			errs = append(errs, e[0])
		}
	}
	return errs
}

// checkText enforces a length range counted in characters, not bytes.
func checkText(path, s string, min, max int) []FieldError {
	n := utf8.RuneCountInString(s)
	switch {
	case !utf8.ValidString(s):
		return []FieldError{{path, "must be valid UTF-8"}}
	case hasControl(s):
		return []FieldError{{path, "must not contain control characters"}}
	case hasBidiControl(s):
		return []FieldError{{path, "must not contain bidirectional control characters"}}
	case n < min && min == 1:
		return []FieldError{{path, "must not be empty"}}
	case n < min:
		return []FieldError{{path, fmt.Sprintf("must be at least %d characters", min)}}
	case n > max:
		return []FieldError{{path, fmt.Sprintf("must be at most %d characters", max)}}
	}
	return nil
}

// checkLine is checkText for single-line fields (titles, names, labels):
// tabs and line breaks, which a text field keeps, are refused too, since
// they break the lists, headers and notifications these fields are shown in.
func checkLine(path, s string, min, max int) []FieldError {
	if errs := checkText(path, s, min, max); len(errs) > 0 {
		return errs
	}
	if strings.ContainsAny(s, "\t\n\r") {
		return []FieldError{{path, "must be a single line (no tabs or line breaks)"}}
	}
	return nil
}

// hasControl reports control characters other than line breaks and tabs.
// PostgreSQL refuses NUL in text, and none of them belongs in an incident.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return true
		}
	}
	return false
}

// IsBidiControl reports the Unicode bidirectional formatting characters:
// embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks
// U+200E/U+200F and the Arabic letter mark U+061C. In a title they reorder
// what people read ("invoice\u202egpj.exe" shows as "invoiceexe.jpg").
func IsBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

func hasBidiControl(s string) bool {
	return strings.IndexFunc(s, IsBidiControl) >= 0
}
