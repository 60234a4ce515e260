package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A signed delivery is accepted and logged with its incident; a forged one
// is refused and logged as refused.
func TestSinkVerifiesAndLogs(t *testing.T) {
	var out strings.Builder
	srv := httptest.NewServer(handler("k", log.New(&out, "", 0)))
	defer srv.Close()
	body := `{"kind":"status_update","text":"Investigating","incident":{"id":"INC-1","title":"Checkout API returning 502s","severityLabel":"P1"}}`
	post := func(sig string) int {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		if sig == "" {
			mac := hmac.New(sha256.New, []byte("k"))
			mac.Write([]byte(ts + "." + body))
			sig = "sha256=" + hex.EncodeToString(mac.Sum(nil))
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/hooks/warroom", strings.NewReader(body))
		req.Header.Set("X-Warroom-Timestamp", ts)
		req.Header.Set("X-Warroom-Signature", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != http.StatusNoContent {
		t.Errorf("signed delivery: %d", code)
	}
	if code := post("sha256=00"); code != http.StatusUnauthorized {
		t.Errorf("forged delivery: %d", code)
	}
	log := out.String()
	if !strings.Contains(log, `status_update INC-1 P1 "Checkout API returning 502s" (signature ok): Investigating`) || !strings.Contains(log, "refused") {
		t.Errorf("log:\n%s", log)
	}
}
