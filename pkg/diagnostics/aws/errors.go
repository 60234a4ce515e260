package aws

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"UnrecognizedClientException": true, "InvalidClientTokenId": true, "ExpiredToken": true,
}

// explain rewrites SDK errors into what a responder needs: which call, and
// whether AWS throttled or denied it. The original error stays wrapped.
func explain(err error) error {
	if err == nil {
		return nil
	}
	var oe *smithy.OperationError
	if !errors.As(err, &oe) {
		return err // ours (validation, not found), already worded
	}
	op := oe.ServiceID + " " + oe.OperationName
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return fmt.Errorf("%s failed: %w", op, err)
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
		return fmt.Errorf("%s was throttled by AWS (%s: %s) after %s: %w", op, code, ae.ErrorMessage(), attempts, err)
	case deniedCodes[code]:
		return fmt.Errorf("%s was denied (%s): the plugin's IAM policy must allow it: %w", op, code, err)
	}
	return fmt.Errorf("%s failed (%s: %s): %w", op, code, ae.ErrorMessage(), err)
}
