package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Signature headers of the webhook contact point's HMAC settings. Grafana
// lets the header names be chosen; X-Warroom-* are documented because some
// proxies strip X-Grafana-* request headers, and the defaults are accepted too.
var (
	signatureHeaders = []string{"X-Warroom-Signature", "X-Grafana-Alerting-Signature"}
	timestampHeaders = []string{"X-Warroom-Timestamp", "X-Grafana-Alerting-Timestamp"}
)

// signatureMaxAge bounds replays of a signed, timestamped notification.
const signatureMaxAge = 5 * time.Minute

var errBadSignature = &Error{Status: http.StatusUnauthorized, Code: "invalid_signature",
	Message: "the alert notification's HMAC signature is missing or wrong; check the contact point's HMAC secret"}

// verifyAlertSignature checks Grafana's webhook HMAC (hex SHA-256 of the
// body, or of "timestamp:body" when a timestamp header is set) when the app
// has a webhook secret. Without one, the Grafana role check alone applies.
func (a *API) verifyAlertSignature(h http.Header, body []byte) error {
	if a.AlertWebhookSecret == "" {
		return nil
	}
	sig, ts := firstHeader(h, signatureHeaders), firstHeader(h, timestampHeaders)
	if sig == "" {
		return errBadSignature
	}
	signed := body
	if ts != "" {
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return errBadSignature
		}
		if sec > 1e12 { // milliseconds
			sec /= 1000
		}
		if age := a.Now().Sub(time.Unix(sec, 0)); age > signatureMaxAge || age < -signatureMaxAge {
			return errBadSignature
		}
		signed = append([]byte(ts+":"), body...)
	}
	mac := hmac.New(sha256.New, []byte(a.AlertWebhookSecret))
	mac.Write(signed)
	want := mac.Sum(nil)
	got, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(sig), "sha256="))
	if err != nil || !hmac.Equal(got, want) {
		return errBadSignature
	}
	return nil
}

func firstHeader(h http.Header, names []string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// readAlertBody reads at most MaxAlertBody bytes.
func readAlertBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxAlertBody+1))
	if err != nil {
		return nil, invalid("could not read the request body")
	}
	if len(body) > MaxAlertBody {
		return nil, errAlertBodyTooLarge
	}
	return body, nil
}

// decodeLenient is decodeBody for payloads another system defines: unknown
// fields are ignored, characters no text may hold are removed (text.go),
// everything else is as strict.
func decodeLenient(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return invalid("the request body is empty; send a JSON object")
	}
	if !json.Valid(body) {
		return describeJSONError(json.Unmarshal(body, dst))
	}
	// Control and bidirectional control characters are removed, invalid
	// UTF-8 is refused (text.go).
	clean, fields := stripBodyText(body)
	if len(fields) > 0 {
		return invalid("text in the request is not valid UTF-8", fields...)
	}
	if err := json.Unmarshal(clean, dst); err != nil {
		return describeJSONError(err)
	}
	return nil
}
