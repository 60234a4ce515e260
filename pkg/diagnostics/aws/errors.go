package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
)

var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"UnrecognizedClientException": true, "InvalidClientTokenId": true, "ExpiredToken": true,
	"SignatureDoesNotMatch": true, "InvalidSignatureException": true,
}

// SafeError is an AWS failure worded for responders. The SDK's own text
// names the endpoint's host ("request send failed, Post \"https://vpce-…\":
// dial tcp 10.0.1.5:443"), and a denial names the calling principal
// ("User: arn:aws:iam::123456789012:user/warroom is not authorized…"):
// Error() carries neither; Unwrap keeps the original for errors.Is/As.
type SafeError struct {
	Msg string
	err error
}

func (e *SafeError) Error() string { return e.Msg }
func (e *SafeError) Unwrap() error { return e.err }

// principalRE matches IAM and STS principal ARNs inside AWS messages.
var principalRE = regexp.MustCompile(`arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[^\s,;"']*[^\s,;"':]`)

// explain rewrites SDK errors into what a responder needs: which call, and
// whether AWS throttled or denied it, never the endpoint, the principal or
// the credential chain's details. Our own errors (validation, not found,
// Grafana's [aws] policy) are already worded and pass through.
func explain(err error) error {
	if err == nil {
		return nil
	}
	var se *SafeError
	if errors.As(err, &se) {
		return err
	}
	var oe *smithy.OperationError
	if !errors.As(err, &oe) {
		return err
	}
	op := oe.ServiceID + " " + oe.OperationName
	safe := func(format string, a ...any) error { return &SafeError{Msg: fmt.Sprintf(format, a...), err: err} }
	text := err.Error()
	if strings.Contains(text, "failed to refresh cached credentials") || strings.Contains(text, "failed to retrieve credentials") ||
		strings.Contains(text, "no EC2 IMDS role found") || strings.Contains(text, "get identity") {
		return safe("%s failed: could not get AWS credentials with the configured auth type (and assume role): check the Warroom AWS settings", op)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		var rse *smithyhttp.RequestSendError
		var blocked *httpcheck.BlockedError
		switch {
		case errors.As(err, &blocked):
			return safe("%s was refused by the address policy: %s", op, blocked.Reason)
		case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
			return safe("%s failed: AWS did not answer in time", op)
		case errors.Is(err, context.Canceled):
			return safe("%s was cancelled", op)
		case errors.As(err, &rse):
			return safe("%s failed: could not reach the AWS endpoint (network or DNS)", op)
		}
		return safe("%s failed", op)
	}
	code := ae.ErrorCode()
	_, throttled := retry.DefaultThrottleErrorCodes[code]
	switch {
	case throttled:
		attempts := "its retries"
		var me *retry.MaxAttemptsError
		if errors.As(err, &me) {
			attempts = fmt.Sprintf("%d attempts", me.Attempt)
		}
		return safe("%s was throttled by AWS (%s: %s) after %s", op, code, clip(ae.ErrorMessage(), 200), attempts)
	case deniedCodes[code]:
		return safe("%s was denied (%s): the plugin's IAM policy must allow it", op, code)
	}
	msg := principalRE.ReplaceAllString(ae.ErrorMessage(), "<principal>")
	return safe("%s failed (%s: %s)", op, code, clip(msg, 300))
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Safe is explain for callers outside the checks (remediations): any SDK
// error becomes a SafeError.
func Safe(err error) error {
	err = explain(err)
	var se *SafeError
	if err == nil || errors.As(err, &se) {
		return err
	}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return &SafeError{Msg: oe.ServiceID + " " + oe.OperationName + " failed", err: err}
	}
	// Ours (validation, Grafana's [aws] policy, loadConfig's): worded
	// without secrets already.
	return &SafeError{Msg: err.Error(), err: err}
}
