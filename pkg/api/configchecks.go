package api

import (
	"context"
	"fmt"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// The status checks of the configuration page's sections. Each takes what it
// needs as values and functions, so the plugin wires them from the settings
// and tests from real servers. Functions that reach a server must return
// errors worded for people (prometheus.Error, postgres.SafeError,
// aws.SafeError): their text is the status line.

// StoreCheck pings the store; engine is "SQLite" or "PostgreSQL".
func StoreCheck(engine string, ping func(context.Context) error) SectionCheck {
	return func(ctx context.Context) (SectionState, string) {
		if err := ping(ctx); err != nil {
			return StateError, fmt.Sprintf("the %s store does not answer: %v", engine, err)
		}
		return StateConnected, "the " + engine + " store answers"
	}
}

// PrometheusCheck asks the configured Prometheus whether it is ready. A nil
// p with a problem is a setting that cannot work (the problem says which);
// without one, Prometheus is not configured.
func PrometheusCheck(p PrometheusSetup, problem string) SectionCheck {
	return func(ctx context.Context) (SectionState, string) {
		switch {
		case p == nil && problem != "":
			return StateError, problem
		case p == nil:
			return StateNotConfigured, "no Prometheus URL or data source: severity suggestions and graphs are off"
		}
		if err := p.Ready(ctx); err != nil {
			return StateError, err.Error()
		}
		return StateConnected, "Prometheus answers"
	}
}

// AWSCheck makes one cheap read-only call in region. An empty region means
// no catalogued service has AWS resources with a region to check in; a
// problem is AWS settings that cannot work.
func AWSCheck(region, problem string, reach func(ctx context.Context, region string) error) SectionCheck {
	return func(ctx context.Context) (SectionState, string) {
		switch {
		case problem != "":
			return StateError, problem
		case region == "" || reach == nil:
			return StateNotConfigured, "no catalogued service has AWS resources with a region (or a default region)"
		}
		if err := reach(ctx, region); err != nil {
			return StateError, err.Error()
		}
		return StateConnected, "AWS answers in " + region
	}
}

// PostgresCheck runs SELECT 1 on every PostgreSQL target the catalog names
// (dsns by target name), one at a time within the section's bound: they are
// few, and the message names each one that fails.
func PostgresCheck(targets []string, dsns map[string]string, ping func(ctx context.Context, dsn string) error) SectionCheck {
	return func(ctx context.Context) (SectionState, string) {
		if len(targets) == 0 {
			return StateNotConfigured, "no catalogued service names a PostgreSQL target"
		}
		var failed []string
		for _, name := range targets {
			dsn, ok := dsns[name]
			switch {
			case !ok || dsn == "":
				failed = append(failed, fmt.Sprintf("%s: no DSN in the secure setting postgres.%s", name, name))
			default:
				if err := ping(ctx, dsn); err != nil {
					failed = append(failed, name+": "+err.Error())
				}
			}
		}
		if len(failed) > 0 {
			return StateError, strings.Join(failed, "; ")
		}
		return StateConnected, plural(len(targets), "target") + " reachable"
	}
}

// NotificationsCheck counts the channels that can deliver; problems are the
// settings' problems under "notifications" (a channel without its URL). It
// calls nobody: a test delivery would notify people.
func NotificationsCheck(channels int, problems []incident.FieldError) SectionCheck {
	return func(context.Context) (SectionState, string) {
		for _, p := range problems {
			if strings.HasPrefix(p.Path, "notifications") {
				return StateError, p.Path + ": " + p.Message
			}
		}
		if channels == 0 {
			return StateNotConfigured, "no notification channels: escalations and reminders stay on the incident page"
		}
		return StateConnected, plural(channels, "channel") + " configured"
	}
}

// AlertsCheck says whether Grafana's alert notifications must be signed.
func AlertsCheck(secretSet bool) SectionCheck {
	return func(context.Context) (SectionState, string) {
		if !secretSet {
			return StateNotConfigured, "no webhook secret: alert notifications are accepted unsigned from any Editor"
		}
		return StateConnected, "webhook secret set: alert notifications must be signed"
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
