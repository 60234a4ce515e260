// Package acklink signs and checks one-click acknowledge links. A page
// carries a token naming one incident of one org, the person paged and the
// channel that reached them, with an expiry; the token is the authority
// (the person may have no Grafana session), so it is HMAC-SHA256 signed
// with the org's key (store.OnCall.SigningKey) and refused once expired,
// altered, or presented for another incident. Pure: callers pass the key and
// the time.
package acklink

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// DefaultTTL is how long a link works: long enough for a page read the next
// morning to still acknowledge. Incident ids are never reused, so the expiry
// only bounds what a leaked link (a forwarded email) can do.
const DefaultTTL = 24 * time.Hour

// MaxTokenLen bounds what Verify reads.
const MaxTokenLen = 1024

// Errors Verify returns; the API maps them to one message each and never
// says more (no hint which part was wrong).
var (
	ErrInvalid = errors.New("acklink: the link is not valid")
	ErrExpired = errors.New("acklink: the link has expired")
)

// Claims is what a link says.
type Claims struct {
	OrgID      int64  `json:"o"`
	IncidentID string `json:"i"`
	// Login is who was paged: the acknowledgement is recorded as theirs.
	Login string `json:"u"`
	// Via is the contact method kind that carried the link ("email").
	Via string `json:"v"`
	// Firing is the tier firing that paged (its key), for the timeline.
	Firing  string `json:"f,omitempty"`
	Expires int64  `json:"e"` // Unix seconds
}

// ExpiresAt is Expires as a time.
func (c Claims) ExpiresAt() time.Time { return time.Unix(c.Expires, 0).UTC() }

var enc = base64.RawURLEncoding

// Sign returns the token for c: base64url(JSON) "." base64url(HMAC).
func Sign(key []byte, c Claims) string {
	body, _ := json.Marshal(c) // Claims always encodes
	p := enc.EncodeToString(body)
	return p + "." + enc.EncodeToString(mac(key, p))
}

// New signs a link for a page sent at now, valid for ttl (DefaultTTL when 0).
func New(key []byte, c Claims, now time.Time, ttl time.Duration) string {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	c.Expires = now.Add(ttl).Unix()
	return Sign(key, c)
}

// Org reads the org a token claims, unverified: the caller needs it to
// fetch the key Verify checks with. Nothing else may be trusted before.
func Org(token string) (int64, error) {
	c, _, err := split(token)
	if err != nil {
		return 0, err
	}
	return c.OrgID, nil
}

// Verify checks the signature with key and the expiry at now.
func Verify(key []byte, token string, now time.Time) (Claims, error) {
	c, p, err := split(token)
	if err != nil {
		return Claims{}, err
	}
	sig, err := enc.DecodeString(token[len(p)+1:])
	if err != nil || !hmac.Equal(sig, mac(key, p)) {
		return Claims{}, ErrInvalid
	}
	if !now.Before(c.ExpiresAt()) {
		return Claims{}, ErrExpired
	}
	return c, nil
}

func split(token string) (Claims, string, error) {
	if len(token) > MaxTokenLen {
		return Claims{}, "", ErrInvalid
	}
	p, _, ok := strings.Cut(token, ".")
	if !ok {
		return Claims{}, "", ErrInvalid
	}
	body, err := enc.DecodeString(p)
	if err != nil {
		return Claims{}, "", ErrInvalid
	}
	var c Claims
	if json.Unmarshal(body, &c) != nil || c.OrgID < 1 || c.IncidentID == "" || c.Login == "" || c.Expires == 0 {
		return Claims{}, "", ErrInvalid
	}
	return c, p, nil
}

func mac(key []byte, payload string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("warroom ack v1\x00" + payload))
	return h.Sum(nil)
}
