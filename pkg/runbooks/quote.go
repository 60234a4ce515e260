package runbooks

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Catalog values reach commands a responder pastes into a POSIX shell, so
// each is checked against the character set AWS (or docker, or the
// catalog) allows for its kind, and then quoted for the spot it lands in.
// A value that fails its check is not filled in: the command keeps <name>.
var valueRules = map[string]struct {
	re   *regexp.Regexp
	max  int
	kind string
}{
	"service":                {regexp.MustCompile(`^[a-z0-9][a-z0-9\-_.]*$`), 100, "a catalog service name"},
	"postgres.name":          {regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9\-_.]*$`), 100, "a PostgreSQL target name"},
	"aws.region":             {regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`), 32, "an AWS region such as us-east-1"},
	"aws.autoScalingGroup":   {regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.@+=/-]*$`), 255, "an Auto Scaling group name (letters, digits, _ . @ + = / -)"},
	"aws.targetGroupArn":     {regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$`), 300, "a target group ARN"},
	"aws.ecsCluster":         {regexp.MustCompile(`^[A-Za-z0-9_-]+$`), 255, "an ECS cluster name (letters, digits, _ -)"},
	"aws.ecsService":         {regexp.MustCompile(`^[A-Za-z0-9_-]+$`), 255, "an ECS service name (letters, digits, _ -)"},
	"aws.ecrRepository":      {regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`), 256, "an ECR repository name"},
	"aws.logGroup":           {regexp.MustCompile(`^[A-Za-z0-9_./#-]+$`), 512, "a CloudWatch log group name (letters, digits, _ . / # -)"},
	"aws.rdsInstance":        {regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`), 63, "an RDS instance identifier (a letter, then letters, digits, -)"},
	"aws.rdsCluster":         {regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`), 63, "an RDS cluster identifier (a letter, then letters, digits, -)"},
	"aws.containerName":      {regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`), 128, "a docker container name"},
	"aws.elastiCacheCluster": {regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`), 50, "an ElastiCache cluster id (a letter, then letters, digits, -)"},
}

// CheckValue reports why a catalog value may not reach a command, or nil.
// Names without a rule (healthUrl) are checked as what they are.
func CheckValue(name, v string) error {
	if name == "healthUrl" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			strings.ContainsAny(v, " \t\r\n'\"`\\") {
			return fmt.Errorf("is not an http(s) URL without credentials, quotes or spaces")
		}
		return nil
	}
	r, ok := valueRules[name]
	if !ok {
		return fmt.Errorf("is not a catalog field commands may name")
	}
	if len(v) > r.max || !r.re.MatchString(v) {
		return fmt.Errorf("is not %s", r.kind)
	}
	return nil
}

// shell states while scanning a command template.
const (
	unquoted = iota
	inSingle
	inDouble
)

// fillShell replaces every placeholder of a command template with the
// value fill returns, quoted for where it lands: outside quotes as one
// POSIX single-quoted word ('it'\”s'), inside single quotes with each
// quote closed and reopened, inside double quotes with \ $ ` " escaped.
// A value fill rejects (ok false) is replaced by raw as is.
func fillShell(tmpl string, fill func(name string) (v, raw string, ok bool)) string {
	var b strings.Builder
	state, last := unquoted, 0
	scan := func(seg string) {
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			switch state {
			case unquoted:
				switch c {
				case '\\':
					i++
				case '\'':
					state = inSingle
				case '"':
					state = inDouble
				}
			case inSingle:
				if c == '\'' {
					state = unquoted
				}
			case inDouble:
				switch c {
				case '\\':
					i++
				case '"':
					state = unquoted
				}
			}
		}
	}
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(tmpl, -1) {
		seg := tmpl[last:m[0]]
		scan(seg)
		b.WriteString(seg)
		last = m[1]
		v, raw, ok := fill(tmpl[m[2]:m[3]])
		if !ok {
			b.WriteString(raw)
			continue
		}
		switch state {
		case unquoted:
			b.WriteString(ShellQuote(v))
		case inSingle:
			b.WriteString(strings.ReplaceAll(v, "'", `'\''`))
		case inDouble:
			b.WriteString(strings.NewReplacer(`\`, `\\`, `$`, `\$`, "`", "\\`", `"`, `\"`).Replace(v))
		}
	}
	b.WriteString(tmpl[last:])
	return b.String()
}

// ShellQuote is s as one POSIX shell word in single quotes.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
