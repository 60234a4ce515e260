// Package aws holds the AWS diagnostics of the runbooks, read-only calls
// made with aws-sdk-go-v2. Credentials come from grafana-aws-sdk's awsauth,
// the same code Grafana's own AWS data sources use, so the auth methods an
// admin allows in grafana.ini ([aws] allowed_auth_providers,
// assume_role_enabled) apply to Warroom too.
package aws

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/grafana/grafana-aws-sdk/pkg/awsauth"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
)

// Auth types of Settings.AuthType; the values are awsauth's.
const (
	AuthDefault     = "default"      // the SDK default chain: env, shared config, web identity, ECS/EC2 roles
	AuthKeys        = "keys"         // AccessKey + SecretKey
	AuthCredentials = "credentials"  // a profile of the shared credentials file
	AuthEC2IAMRole  = "ec2_iam_role" // the instance role only
)

// Settings are the app's AWS settings. SecretKey comes from secureJsonData.
// Assume role is not an auth type: AssumeRoleARN (with an optional
// ExternalID) is assumed with whichever credentials AuthType yields.
type Settings struct {
	AuthType      string `json:"authType"`
	AccessKey     string `json:"accessKey,omitempty"`
	SecretKey     string `json:"-"`
	Profile       string `json:"profile,omitempty"`
	AssumeRoleARN string `json:"assumeRoleArn,omitempty"`
	ExternalID    string `json:"externalId,omitempty"`
	// Endpoint overrides every service's endpoint (moto in tests, a VPC
	// endpoint proxy in production).
	Endpoint      string `json:"endpoint,omitempty"`
	DefaultRegion string `json:"defaultRegion,omitempty"`
}

// Validate reports settings that cannot work, before any call is made.
func (s Settings) Validate() error {
	var errs []error
	switch s.AuthType {
	case "", AuthDefault, AuthEC2IAMRole:
	case AuthKeys:
		if s.AccessKey == "" || s.SecretKey == "" {
			errs = append(errs, errors.New("auth type keys needs accessKey and secretKey"))
		}
	case AuthCredentials:
	default:
		errs = append(errs, fmt.Errorf("unknown authType %q (default, keys, credentials, ec2_iam_role)", s.AuthType))
	}
	if s.ExternalID != "" && s.AssumeRoleARN == "" {
		errs = append(errs, errors.New("externalId is only used with assumeRoleArn"))
	}
	if s.Endpoint != "" {
		u, err := url.Parse(s.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("endpoint %q is not an http(s) URL", s.Endpoint))
		} else if err := httpcheck.CheckConfiguredURL(s.Endpoint, true); err != nil {
			// The health check's address policy: a VPC endpoint or a proxy
			// on a private address is fine, the metadata service is not.
			errs = append(errs, fmt.Errorf("endpoint: %w", err))
		}
	}
	return errors.Join(errs...)
}

// authSettings maps ours onto awsauth's for one region.
func (s Settings) authSettings(region string) awsauth.Settings {
	at := awsauth.AuthType(s.AuthType)
	if s.AuthType == "" {
		at = awsauth.AuthTypeDefault
	}
	return awsauth.Settings{
		AuthType:           at,
		AccessKey:          s.AccessKey,
		SecretKey:          s.SecretKey,
		CredentialsProfile: s.Profile,
		AssumeRoleARN:      s.AssumeRoleARN,
		ExternalID:         s.ExternalID,
		Endpoint:           s.Endpoint,
		Region:             region,
		UserAgent:          "warroom-incident-app",
	}
}
