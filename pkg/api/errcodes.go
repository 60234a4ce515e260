package api

import "net/http"

// ErrorCode is one stable code of the error shape: the HTTP status it is
// sent with and when. ErrorCodes is the only list; respond.go's errors are
// built from it, contract_test.go checks every other Error literal in pkg/
// against it, and the TypeScript union and table (src/api/generated/errors.ts)
// are generated from it.
type ErrorCode struct {
	Code    string
	Status  int
	Meaning string
}

// The codes, each written once.
const (
	CodeInvalidRequest         = "invalid_request"
	CodeBodyTooLarge           = "body_too_large"
	CodeUnauthenticated        = "unauthenticated"
	CodeInvalidSignature       = "invalid_signature"
	CodeForbidden              = "forbidden"
	CodeRemediationDisabled    = "remediation_disabled"
	CodeNotFound               = "not_found"
	CodeMethodNotAllowed       = "method_not_allowed"
	CodeConflict               = "conflict"
	CodeIncidentResolved       = "incident_resolved"
	CodeDiagnosticsUnavailable = "diagnostics_unavailable"
	CodeRateLimited            = "rate_limited"
	CodeDiagnosticsBusy        = "diagnostics_busy"
	CodePrometheusUnavailable  = "prometheus_unavailable"
	CodeInternal               = "internal"
	CodeStoreUnavailable       = "store_unavailable"
	CodeSettingsInvalid        = "settings_invalid"
	CodeGrafanaUnavailable     = "grafana_unavailable"
	CodeLinkInvalid            = "link_invalid"
	CodeLinkExpired            = "link_expired"
)

// ErrorCodes lists every code a client may see, by status.
var ErrorCodes = []ErrorCode{
	{CodeInvalidRequest, http.StatusBadRequest, "malformed JSON, an unknown field, a wrong type or a failed validation (fields lists each path)"},
	{CodeBodyTooLarge, http.StatusBadRequest, "the body is over 1 MiB (4 MiB for the alert webhook)"},
	{CodeUnauthenticated, http.StatusUnauthorized, "no user or org in the plugin context"},
	{CodeInvalidSignature, http.StatusUnauthorized, "an alert notification without a valid signature, when the webhook secret is set"},
	{CodeForbidden, http.StatusForbidden, "the user's role is below the route's"},
	{CodeRemediationDisabled, http.StatusForbidden, "the remediation is not enabled in the settings"},
	{CodeNotFound, http.StatusNotFound, "no such incident in this org, or no such resource"},
	{CodeMethodNotAllowed, http.StatusMethodNotAllowed, "a known path with another method"},
	{CodeConflict, http.StatusConflict, "the version sent is stale"},
	{CodeIncidentResolved, http.StatusConflict, "a change to a resolved incident (reopen it first)"},
	{CodePrometheusUnavailable, http.StatusConflict, "label discovery without a configured Prometheus, or Prometheus refused, failed or timed out; the message says which"},
	{CodeDiagnosticsUnavailable, http.StatusConflict, "none of the incident's services has anything to check"},
	{CodeRateLimited, http.StatusTooManyRequests, "over the notes-and-status-updates rate of an incident; Retry-After says when"},
	{CodeDiagnosticsBusy, http.StatusTooManyRequests, "the org's diagnostics runs already wait for a slot; Retry-After says when"},
	{CodeLinkInvalid, http.StatusNotFound, "an acknowledge link or calendar feed whose token is altered, unknown or revoked"},
	{CodeLinkExpired, http.StatusGone, "an acknowledge link past its expiry"},
	{CodeGrafanaUnavailable, http.StatusBadGateway, "Grafana's user or team API (through the app's service account) failed or timed out"},
	{CodeInternal, http.StatusInternalServerError, "anything else (logged with a request id)"},
	{CodeStoreUnavailable, http.StatusServiceUnavailable, "the store cannot be opened; the message names what to check"},
	{CodeSettingsInvalid, http.StatusServiceUnavailable, "the app settings cannot be read; the message names the field"},
}

// codeError is an error of a listed code, sent with that code's status.
func codeError(code, message string) *Error {
	for _, c := range ErrorCodes {
		if c.Code == code {
			return &Error{Status: c.Status, Code: code, Message: message}
		}
	}
	panic("api: error code " + code + " is not in ErrorCodes")
}
