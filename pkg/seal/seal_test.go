package seal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestSealOpenRoundTripAndWrongKeys(t *testing.T) {
	k, err := KeyFromSecret("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte(`{"notifyUrl_ops":"https://hooks.example/T0/B0/xyz"}`)
	sealed, err := Seal(k, secret, []byte("org:1"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("hooks.example")) || bytes.Contains(sealed, []byte("xyz")) {
		t.Fatal("the sealed value shows the plaintext")
	}
	got, err := Open(k, sealed, []byte("org:1"))
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("open: %q %v", got, err)
	}
	other, _ := KeyFromSecret("battery staple")
	if _, err := Open(other, sealed, []byte("org:1")); !errors.Is(err, ErrOpen) {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := Open(k, sealed, []byte("org:2")); !errors.Is(err, ErrOpen) {
		t.Fatalf("another org's value: %v", err)
	}
	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1
	if _, err := Open(k, tampered, []byte("org:1")); !errors.Is(err, ErrOpen) {
		t.Fatalf("tampered: %v", err)
	}
	if _, err := Open(k, []byte{1, 2}, nil); !errors.Is(err, ErrOpen) {
		t.Fatalf("short: %v", err)
	}
	again, _ := Seal(k, secret, []byte("org:1"))
	if bytes.Equal(again, sealed) {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	if _, err := KeyFromSecret(""); err == nil {
		t.Fatal("an empty secret gave a key")
	}
}

func TestKeyFileIsCreatedOncePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.key")
	var wg sync.WaitGroup
	keys := make([]Key, 8)
	errs := make([]error, 8)
	for i := range keys {
		wg.Go(func() { keys[i], errs[i] = KeyFile(path) })
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil || keys[i] != keys[0] {
			t.Fatalf("caller %d: %v (keys differ: %v)", i, errs[i], keys[i] != keys[0])
		}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v", fi.Mode(), err)
	}
	again, err := KeyFile(path)
	if err != nil || again != keys[0] {
		t.Fatalf("reread: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("left-overs beside the key: %v", entries)
	}
	if err := os.WriteFile(path, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := KeyFile(path); err == nil {
		t.Fatal("a damaged key file was accepted")
	}
}
