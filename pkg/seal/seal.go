// Package seal encrypts the secret part of stored org settings snapshots
// (AES-256-GCM). The key comes from secret_key in grafana.ini
// ([plugin.warroom-incident-app], GF_PLUGIN_SECRET_KEY) or, for SQLite
// without it, from a random key file beside the database.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Key is an AES-256 key.
type Key [32]byte

// version is the first byte of every sealed value.
const version = 1

// info binds derived keys to this use.
const info = "warroom org settings snapshot v1"

// ErrOpen means a sealed value could not be opened: another key sealed it,
// or it was altered. It never says which.
var ErrOpen = errors.New("seal: the value cannot be opened with this key")

// KeyFromSecret derives a key from secret_key (HKDF-SHA256).
func KeyFromSecret(secret string) (Key, error) {
	var k Key
	if secret == "" {
		return k, errors.New("seal: empty secret")
	}
	b, err := hkdf.Key(sha256.New, []byte(secret), nil, info, len(k))
	if err != nil {
		return k, err
	}
	copy(k[:], b)
	return k, nil
}

// KeyFile reads the key at path, creating it (mode 0600, 32 random bytes in
// hex) when it does not exist. Two processes creating it at once agree: the
// file appears complete or not at all (written aside, then hard-linked).
func KeyFile(path string) (Key, error) {
	if k, err := readKey(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return k, err
	}
	var k Key
	if _, err := rand.Read(k[:]); err != nil {
		return k, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".warroom.key-*")
	if err != nil {
		return k, fmt.Errorf("seal: create the key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.WriteString(hex.EncodeToString(k[:]) + "\n")
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), path)
	}
	switch {
	case errors.Is(err, os.ErrExist):
		return readKey(path) // another process won
	case err != nil:
		return k, fmt.Errorf("seal: write the key file: %w", err)
	}
	return k, nil
}

func readKey(path string) (Key, error) {
	var k Key
	b, err := os.ReadFile(path)
	if err != nil {
		return k, err
	}
	raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(raw) != len(k) {
		return k, fmt.Errorf("seal: the key file %s is not a 32-byte hex key", filepath.Base(path))
	}
	copy(k[:], raw)
	return k, nil
}

// Seal encrypts plaintext; aad (e.g. the org id) must be given again to Open.
func Seal(k Key, plaintext, aad []byte) ([]byte, error) {
	gcm, err := newGCM(k)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+gcm.NonceSize(), 1+gcm.NonceSize()+len(plaintext)+gcm.Overhead())
	out[0] = version
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, err
	}
	return gcm.Seal(out, out[1:], plaintext, aad), nil // #nosec G407 -- the nonce is out[1:], filled from crypto/rand just above
}

// Open decrypts what Seal made with the same key and aad, else ErrOpen.
func Open(k Key, sealed, aad []byte) ([]byte, error) {
	gcm, err := newGCM(k)
	if err != nil {
		return nil, err
	}
	n := 1 + gcm.NonceSize()
	if len(sealed) < n+gcm.Overhead() || sealed[0] != version {
		return nil, ErrOpen
	}
	out, err := gcm.Open(nil, sealed[1:n], sealed[n:], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return out, nil
}

func newGCM(k Key) (cipher.AEAD, error) {
	b, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}
