package outbox

import (
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/notify"
)

func TestFallbackNeverReplacesAnInstancesSettings(t *testing.T) {
	var d Directory
	real := Org{BaseURL: "real", Channels: []notify.Channel{{ID: "ops"}}}
	boot := Org{BaseURL: "boot"}

	// The org's instance first, then a late boot instance: the boot one is ignored.
	unsetReal := d.Set(1, real)
	unsetBoot := d.SetFallback(1, boot)
	if o, _ := d.Get(1); o.BaseURL != "real" {
		t.Fatalf("fallback replaced the instance's settings: %+v", o)
	}
	unsetBoot()
	if o, ok := d.Get(1); !ok || o.BaseURL != "real" {
		t.Fatal("the ignored fallback's unset removed the instance's settings")
	}
	unsetReal()

	// Boot first, a newer boot, then the instance.
	first := d.SetFallback(2, boot)
	newer := d.SetFallback(2, Org{BaseURL: "boot2"})
	first()
	if o, _ := d.Get(2); o.BaseURL != "boot2" {
		t.Fatalf("a newer fallback must replace the older: %+v", o)
	}
	inst := d.Set(2, real)
	newer()
	if o, ok := d.Get(2); !ok || o.BaseURL != "real" {
		t.Fatalf("after the boot instance left: %+v %v", o, ok)
	}
	inst()
	if _, ok := d.Get(2); ok {
		t.Fatal("entry left after every unset")
	}
}
