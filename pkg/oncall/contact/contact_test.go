package contact

import (
	"reflect"
	"testing"
)

func TestEachKindIsValidatedByItsFields(t *testing.T) {
	cases := []struct {
		m    Method
		want []string
	}{
		{Method{Kind: Email, Config: Config{Address: "alice@example.com"}}, nil},
		{Method{Kind: Email, Config: Config{Address: "not an address"}}, []string{"address"}},
		{Method{Kind: Ntfy, Secret: Secret{URL: "https://ntfy.example/warroom-alice"}}, nil},
		{Method{Kind: Ntfy}, []string{"url"}},
		{Method{Kind: Slack, Config: Config{UserID: "U0123ABC"}}, nil},
		{Method{Kind: Slack, Config: Config{UserID: "alice"}}, []string{"userId"}},
		{Method{Kind: "sms"}, []string{"kind"}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range c.m.Validate() {
			got = append(got, e.Path)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %+v: errors at %v, want %v", c.m.Kind, c.m.Config, got, c.want)
		}
	}
}

func TestSecretsAreKeptApartAndComeBack(t *testing.T) {
	m := Method{Kind: Gotify, Secret: Secret{URL: "https://gotify.example", Token: "AbC123"}}
	cfg, sec, err := m.Encode()
	if err != nil || string(cfg) != "{}" || sec == nil {
		t.Fatalf("config %s secret %s %v", cfg, sec, err)
	}
	back, err := Decode(Gotify, cfg, sec)
	if err != nil || back.Secret != m.Secret {
		t.Fatalf("%+v %v", back, err)
	}
	if _, sec, _ := (Method{Kind: Email, Config: Config{Address: "a@b.example"}}).Encode(); sec != nil {
		t.Errorf("an email method has no secret, got %s", sec)
	}
}
