package acklink

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var (
	key   = []byte("0123456789abcdef0123456789abcdef")
	other = []byte("fedcba9876543210fedcba9876543210")
	t0    = time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	page  = Claims{OrgID: 3, IncidentID: "INC-2026-12-06-001", Login: "bob", Via: "email", Firing: "tier:P1:1"}
)

func TestALinkAcknowledgesItsIncidentUntilItExpires(t *testing.T) {
	tok := New(key, page, t0, time.Hour)
	c, err := Verify(key, tok, t0.Add(59*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if c.IncidentID != page.IncidentID || c.Login != "bob" || c.Via != "email" || c.OrgID != 3 || c.Firing != "tier:P1:1" {
		t.Errorf("claims %+v", c)
	}
	if _, err := Verify(key, tok, t0.Add(time.Hour)); !errors.Is(err, ErrExpired) {
		t.Errorf("at expiry: %v, want ErrExpired", err)
	}
	if org, err := Org(tok); err != nil || org != 3 {
		t.Errorf("Org = %d, %v", org, err)
	}
}

func TestAlteredOrForeignLinksAreRefused(t *testing.T) {
	tok := New(key, page, t0, 0)
	forged := page
	forged.IncidentID = "INC-2026-12-06-002"
	payload, sig, _ := strings.Cut(tok, ".")
	otherPayload, _, _ := strings.Cut(New(key, forged, t0, 0), ".")
	cases := map[string]string{
		"another org's key":          New(other, page, t0, 0),
		"payload swapped":            otherPayload + "." + sig,
		"signature cut":              payload + "." + sig[:len(sig)-2],
		"no signature":               payload,
		"empty":                      "",
		"not base64":                 "!!!." + sig,
		"too long":                   strings.Repeat("a", MaxTokenLen+1),
		"claims without an incident": Sign(key, Claims{OrgID: 3, Login: "bob", Expires: t0.Add(time.Hour).Unix()}),
	}
	for name, tok := range cases {
		if _, err := Verify(key, tok, t0); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func TestTheDefaultLifetimeIsADay(t *testing.T) {
	c, err := Verify(key, New(key, page, t0, 0), t0)
	if err != nil || !c.ExpiresAt().Equal(t0.Add(DefaultTTL)) {
		t.Fatalf("expires %v, %v", c.ExpiresAt(), err)
	}
}
