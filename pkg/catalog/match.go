package catalog

import (
	"regexp"
	"sort"
	"strings"
)

// MatchServices returns the catalogued services a panel or alert is about,
// sorted and unique, so the declare form can pre-fill them:
//   - a panel's PromQL exprs reference a service when every matcher of its
//     selector appears in one selector of an expr (a panel query usually
//     adds matchers of its own, such as status=~"5..");
//   - alert labels reference it when "service" or "job" equals its name, or
//     when the labels satisfy every matcher of its selector.
//
// Services without a selector are matched by name labels, or by a panel expr
// that is one of their override queries.
func MatchServices(c Catalog, exprs []string, labels map[string]string) []string {
	var perExpr [][][]Matcher
	for _, e := range exprs {
		perExpr = append(perExpr, exprSelectors(e))
	}
	out := []string{}
	for _, s := range c.Services {
		if s.Name == "" {
			continue
		}
		sel, _ := ParseSelector(s.Selector) // nil for none or invalid: matched by name only
		if byLabels(s.Name, sel, labels) || byExprs(s, sel, exprs, perExpr) {
			out = append(out, s.Name)
		}
	}
	sort.Strings(out)
	return compact(out)
}

func byLabels(name string, sel []Matcher, labels map[string]string) bool {
	if len(labels) == 0 {
		return false
	}
	if labels["service"] == name || labels["job"] == name {
		return true
	}
	if len(sel) == 0 {
		return false
	}
	for _, m := range sel {
		if !m.Matches(labels[m.Name]) {
			return false
		}
	}
	return true
}

func byExprs(s Service, sel []Matcher, exprs []string, perExpr [][][]Matcher) bool {
	for i, e := range exprs {
		for _, have := range perExpr[i] {
			if len(sel) > 0 && containsAll(have, sel) {
				return true
			}
		}
		e = squash(e)
		if e != "" && (e == squash(s.ErrorRateQuery) || e == squash(s.LatencyQuery)) {
			return true
		}
	}
	return false
}

// containsAll reports whether every wanted matcher appears among have.
func containsAll(have, want []Matcher) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h.Name == w.Name && (h == w || alternationOf(h, w)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// alternationOf lets a dashboard that selects several services at once,
// service=~"checkout|cart", reference the service selected by
// service="checkout". Grafana's Prometheus data source writes a multi-value
// variable as "(checkout|cart)": one pair of enclosing parentheses is
// dropped. Only plain literal alternatives count: "check.*" would match
// services the author never named.
func alternationOf(h, w Matcher) bool {
	if h.Op != "=~" || w.Op != "=" {
		return false
	}
	value := h.Value
	if len(value) > 2 && value[0] == '(' && value[len(value)-1] == ')' {
		value = value[1 : len(value)-1]
	}
	for _, alt := range strings.Split(value, "|") {
		if alt == w.Value && regexp.QuoteMeta(alt) == alt {
			return true
		}
	}
	return false
}

// squash removes whitespace, so a pasted query matches despite line breaks.
func squash(q string) string {
	return strings.Join(strings.Fields(q), "")
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
