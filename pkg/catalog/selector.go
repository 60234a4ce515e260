package catalog

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Matcher is one PromQL label matcher: Name Op "Value".
type Matcher struct {
	Name  string
	Op    string // one of = != =~ !~
	Value string
}

// Matches reports whether a label value satisfies the matcher, with
// Prometheus semantics: a missing label is the empty string and regular
// expressions are anchored at both ends.
func (m Matcher) Matches(v string) bool {
	switch m.Op {
	case "=":
		return v == m.Value
	case "!=":
		return v != m.Value
	}
	re, err := regexp.Compile("^(?:" + m.Value + ")$")
	if err != nil {
		return false
	}
	return re.MatchString(v) == (m.Op == "=~")
}

// ParseSelector parses label matchers without braces, such as
// `service="checkout",env=~"prod|staging"`. A trailing comma is allowed, as
// in PromQL.
func ParseSelector(s string) ([]Matcher, error) {
	p := &scanner{s: s}
	ms, err := p.matchers('\x00')
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no label matchers")
	}
	return ms, nil
}

// scanner reads the small part of PromQL the catalog needs: matcher lists.
type scanner struct {
	s   string
	pos int
}

func (p *scanner) skipSpace() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *scanner) done(end byte) bool {
	p.skipSpace()
	if end == 0 {
		return p.pos >= len(p.s)
	}
	return p.pos < len(p.s) && p.s[p.pos] == end
}

// matchers reads `m, m, ...` up to end (0 = end of input), leaving pos on end.
func (p *scanner) matchers(end byte) ([]Matcher, error) {
	var ms []Matcher
	for !p.done(end) {
		if p.pos >= len(p.s) {
			return nil, fmt.Errorf("unterminated selector: missing %q", end)
		}
		m, err := p.matcher()
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == ',' {
			p.pos++
		} else if !p.done(end) {
			return nil, fmt.Errorf("expected ',' after %s%s%q at offset %d", m.Name, m.Op, m.Value, p.pos)
		}
	}
	return ms, nil
}

func (p *scanner) matcher() (Matcher, error) {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.s) && isLabelChar(p.s[p.pos], p.pos == start) {
		p.pos++
	}
	if p.pos == start {
		return Matcher{}, fmt.Errorf("expected a label name at offset %d", start)
	}
	m := Matcher{Name: p.s[start:p.pos]}
	p.skipSpace()
	for _, op := range []string{"=~", "!~", "!=", "="} {
		if strings.HasPrefix(p.s[p.pos:], op) {
			m.Op = op
			p.pos += len(op)
			break
		}
	}
	if m.Op == "" {
		return Matcher{}, fmt.Errorf("expected one of = != =~ !~ after %s", m.Name)
	}
	p.skipSpace()
	v, err := p.str()
	if err != nil {
		return Matcher{}, fmt.Errorf("value of %s: %w", m.Name, err)
	}
	m.Value = v
	if m.Op == "=~" || m.Op == "!~" {
		if _, err := regexp.Compile("^(?:" + v + ")$"); err != nil {
			return Matcher{}, fmt.Errorf("value of %s is not a valid regular expression: %v", m.Name, err)
		}
	}
	return m, nil
}

// str reads a PromQL string literal: "…" or '…' with Go escapes, or `…` raw.
func (p *scanner) str() (string, error) {
	if p.pos >= len(p.s) || strings.IndexByte("\"'`", p.s[p.pos]) < 0 {
		return "", fmt.Errorf("expected a quoted string at offset %d", p.pos)
	}
	q := p.s[p.pos]
	i := p.pos + 1
	for ; i < len(p.s) && p.s[i] != q; i++ {
		if p.s[i] == '\\' && q != '`' {
			i++
		}
	}
	if i >= len(p.s) {
		return "", fmt.Errorf("unterminated string starting at offset %d", p.pos)
	}
	lit := p.s[p.pos : i+1]
	p.pos = i + 1
	if q == '\'' {
		lit = requote(lit)
	}
	v, err := strconv.Unquote(lit)
	if err != nil {
		return "", fmt.Errorf("bad escape in %s", lit)
	}
	return v, nil
}

// requote turns a single-quoted PromQL string into a double-quoted Go one,
// since Go has no single-quoted strings: \' becomes ' and a bare " is escaped.
func requote(lit string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 1; i < len(lit)-1; i++ {
		switch c := lit[i]; {
		case c == '\\' && lit[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == '\\':
			b.WriteString(lit[i : i+2])
			i++
		case c == '"':
			b.WriteString(`\"`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isLabelChar(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9'
}

// exprSelectors returns the matchers of each {…} selector in a PromQL
// expression. It is tolerant: a block it cannot read is skipped, because a
// panel query may use Grafana variables or syntax the catalog does not need.
func exprSelectors(expr string) [][]Matcher {
	var all [][]Matcher
	p := &scanner{s: expr}
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case '"', '\'', '`':
			if _, err := p.str(); err != nil {
				return all
			}
		case '{':
			p.pos++
			ms, err := p.matchers('}')
			if err != nil {
				// Resume after the block so later selectors still count.
				if j := strings.IndexByte(p.s[p.pos:], '}'); j >= 0 {
					p.pos += j + 1
					continue
				}
				return all
			}
			all = append(all, ms)
			p.pos++
		default:
			p.pos++
		}
	}
	return all
}

// balanced reports whether (), [] and {} nest properly outside string
// literals: a cheap check that catches truncated pastes before Prometheus
// sees the query.
func balanced(q string) bool {
	var stack []byte
	closer := map[byte]byte{')': '(', ']': '[', '}': '{'}
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch c {
		case '"', '\'', '`':
			j := i + 1
			for ; j < len(q) && q[j] != c; j++ {
				if q[j] == '\\' && c != '`' {
					j++
				}
			}
			if j >= len(q) {
				return false
			}
			i = j
		case '(', '[', '{':
			stack = append(stack, c)
		case ')', ']', '}':
			if len(stack) == 0 || stack[len(stack)-1] != closer[c] {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
	return len(stack) == 0
}
