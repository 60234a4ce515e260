package settings

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/runbooks"
)

// Secure setting keys of diagnostics (secureJsonData). The DSN of the
// PostgreSQL target a catalogued service names ("postgres": "orders") is
// the secret "postgres.orders".
const (
	SecureAWSAccessKey      = "awsAccessKey"
	SecureAWSSecretKey      = "awsSecretKey"
	SecurePostgresTargetPfx = "postgres."
)

// DiagnosticsWire is jsonData "diagnostics" as the config page saves it.
type DiagnosticsWire struct {
	AWS DiagnosticsAWS `json:"aws"`
	// Runbooks replace embedded runbooks by id or add new ones (a JSON
	// array in the shape of pkg/runbooks/library/*.json).
	Runbooks json.RawMessage `json:"runbooks,omitempty"`
	// Remediation enables executable remediations one by one; absent is off.
	Remediation map[string]bool `json:"remediation,omitempty"`
	// Postgres tunes the PostgreSQL checks; empty fields are the seeds'.
	Postgres DiagnosticsPostgres `json:"postgres"`
}

// DiagnosticsPostgres are Go durations: a non-idle query older than
// LongQuery is long-running (default 30s), an idle session unchanged for
// IdleAge is stale (default 10m); terminate-idle-backends uses IdleAge too.
type DiagnosticsPostgres struct {
	LongQuery string `json:"longQuery,omitempty"`
	IdleAge   string `json:"idleAge,omitempty"`
}

func (p DiagnosticsPostgres) durations() (longQuery, idleAge time.Duration) {
	longQuery, _ = time.ParseDuration(p.LongQuery)
	idleAge, _ = time.ParseDuration(p.IdleAge)
	return max(longQuery, 0), max(idleAge, 0)
}

// DiagnosticsAWS is the AWS auth of diagnostics without its secrets.
type DiagnosticsAWS struct {
	AuthType      string `json:"authType,omitempty"`
	Profile       string `json:"profile,omitempty"`
	AssumeRoleARN string `json:"assumeRoleArn,omitempty"`
	ExternalID    string `json:"externalId,omitempty"`
	DefaultRegion string `json:"defaultRegion,omitempty"`
	Endpoint      string `json:"endpoint,omitempty"`
}

// Diagnostics is what the back end runs diagnostics with.
type Diagnostics struct {
	// AWS holds the decrypted keys when AuthType is keys; never log it.
	AWS      aws.Settings
	Runbooks runbooks.Library
	// Enabled lists the remediations an admin turned on.
	Enabled map[remediate.Action]bool
	// PostgresDSNs maps target names to their DSN; never log or return them.
	PostgresDSNs map[string]string
	// LongQuery and IdleAge are the PostgreSQL thresholds; 0 is the default.
	LongQuery, IdleAge time.Duration
}

var (
	awsRegionRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	roleARNRE   = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}$`)
	profileRE   = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)
)

// validate checks jsonData "diagnostics" alone: secrets are write-only, so
// whether the access keys are set is checked by resolve at load time.
func (d DiagnosticsWire) validate() []incident.FieldError {
	var errs []incident.FieldError
	bad := func(path, msg string) {
		errs = append(errs, incident.FieldError{Path: "diagnostics." + path, Message: msg})
	}
	a := d.AWS
	switch a.AuthType {
	case "", aws.AuthDefault, aws.AuthKeys, aws.AuthEC2IAMRole:
	case aws.AuthCredentials:
		if a.Profile != "" && !profileRE.MatchString(a.Profile) {
			bad("aws.profile", "is the name of a profile of the shared credentials file: letters, digits, '_', '.', '-'")
		}
	default:
		bad("aws.authType", "must be default, keys, credentials or ec2_iam_role")
	}
	if a.AssumeRoleARN != "" && !roleARNRE.MatchString(a.AssumeRoleARN) {
		bad("aws.assumeRoleArn", "must be an IAM role ARN such as arn:aws:iam::123456789012:role/warroom-diagnostics")
	}
	if a.ExternalID != "" && a.AssumeRoleARN == "" {
		bad("aws.externalId", "is only used with an assume role ARN")
	}
	if a.DefaultRegion != "" && !awsRegionRE.MatchString(a.DefaultRegion) {
		bad("aws.defaultRegion", "must be an AWS region such as us-east-1")
	}
	if a.Endpoint != "" {
		var blocked *httpcheck.BlockedError
		if err := (aws.Settings{Endpoint: a.Endpoint}).Validate(); errors.As(err, &blocked) {
			bad("aws.endpoint", "is refused by the address policy of diagnostics: "+blocked.Reason)
		} else if err != nil {
			bad("aws.endpoint", "must be an http(s) URL such as https://vpce.example.internal")
		}
	}
	if _, err := runbooks.Load(d.Runbooks); err != nil {
		bad("runbooks", err.Error())
	}
	for path, v := range map[string]string{"postgres.longQuery": d.Postgres.LongQuery, "postgres.idleAge": d.Postgres.IdleAge} {
		if v == "" {
			continue
		}
		if dur, err := time.ParseDuration(v); err != nil || dur < time.Second || dur > 24*time.Hour {
			bad(path, "must be a duration from 1s to 24h, such as 30s or 10m")
		}
	}
	for name := range d.Remediation {
		if _, err := remediate.ParseAction(name); err != nil {
			bad("remediation."+name, "is not a remediation; known: terminate-idle-backends, ecs-force-new-deployment, asg-instance-refresh")
		}
	}
	return errs
}

// resolve combines the wire settings with the secrets. Problems are what
// diagnostics will run without (a missing DSN leaves that database out).
func (d DiagnosticsWire) resolve(c catalog.Catalog, secrets map[string]string) (Diagnostics, []incident.FieldError) {
	var problems []incident.FieldError
	out := Diagnostics{
		AWS: aws.Settings{
			AuthType: d.AWS.AuthType, Profile: d.AWS.Profile, AssumeRoleARN: d.AWS.AssumeRoleARN,
			ExternalID: d.AWS.ExternalID, DefaultRegion: d.AWS.DefaultRegion, Endpoint: d.AWS.Endpoint,
			AccessKey: secrets[SecureAWSAccessKey], SecretKey: secrets[SecureAWSSecretKey],
		},
		Enabled:      map[remediate.Action]bool{},
		PostgresDSNs: map[string]string{},
	}
	out.LongQuery, out.IdleAge = d.Postgres.durations()
	if out.AWS.AuthType == aws.AuthKeys && (out.AWS.AccessKey == "" || out.AWS.SecretKey == "") {
		problems = append(problems, incident.FieldError{Path: "diagnostics.aws.authType",
			Message: "access key authentication needs the access key and the secret key"})
	}
	lib, err := runbooks.Load(d.Runbooks)
	if err != nil {
		lib, _ = runbooks.Load(nil) // reported by validate; the embedded library still works
	}
	out.Runbooks = lib
	for name, on := range d.Remediation {
		if a, err := remediate.ParseAction(name); err == nil && on {
			out.Enabled[a] = true
		}
	}
	for k, v := range secrets {
		if name, ok := strings.CutPrefix(k, SecurePostgresTargetPfx); ok && name != "" {
			out.PostgresDSNs[name] = v
		}
	}
	for i, s := range c.Services {
		problems = append(problems, commandValueProblems(i, s)...)
		if s.Postgres != "" && out.PostgresDSNs[s.Postgres] == "" {
			problems = append(problems, incident.FieldError{Path: "services[" + strconv.Itoa(i) + "].postgres",
				Message: "no DSN is set for PostgreSQL target " + s.Postgres + " (secret " + SecurePostgresTargetPfx + s.Postgres + ")"})
		}
	}
	return out, problems
}

// commandValueProblems reports the catalog values of a service that fail
// their check for the runbook commands they fill (runbooks.CheckValue):
// such a value is left out of every command (<name>) and named here.
func commandValueProblems(i int, s catalog.Service) []incident.FieldError {
	var out []incident.FieldError
	check := func(field, name, v string) {
		if v == "" {
			return
		}
		if err := runbooks.CheckValue(name, v); err != nil {
			out = append(out, incident.FieldError{Path: "services[" + strconv.Itoa(i) + "]." + field,
				Message: err.Error() + "; runbook commands leave it out"})
		}
	}
	if a := s.AWS; a != nil {
		for _, f := range []struct{ field, v string }{
			{"region", a.Region}, {"autoScalingGroup", a.AutoScalingGroup}, {"targetGroupArn", a.TargetGroupARN},
			{"ecsCluster", a.ECSCluster}, {"ecsService", a.ECSService}, {"ecrRepository", a.ECRRepository},
			{"logGroup", a.LogGroup}, {"rdsInstance", a.RDSInstance}, {"rdsCluster", a.RDSCluster},
			{"containerName", a.ContainerName}, {"elastiCacheCluster", a.ElastiCacheCluster},
		} {
			check("aws."+f.field, "aws."+f.field, f.v)
		}
	}
	return out
}
