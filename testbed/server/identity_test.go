package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestParseIdentity(t *testing.T) {
	good := map[string]identity{
		"Editor:1:alice":     {Role: "Editor", OrgID: 1, Login: "alice"},
		"Viewer:2:bob":       {Role: "Viewer", OrgID: 2, Login: "bob"},
		"None:3:carol@x.org": {Role: "None", OrgID: 3, Login: "carol@x.org"},
		"Admin:10:admin":     {Role: "Admin", OrgID: 10, Login: "admin"},
	}
	for in, want := range good {
		got, err := parseIdentity(in)
		if err != nil || got != want {
			t.Errorf("parseIdentity(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "Editor", "Editor:1", "editor:1:a", "Owner:1:a", "Editor:0:a", "Editor:-1:a",
		"Editor:x:a", "Editor:1:", "Editor:1:a:b", "Editor:1:a b", "Editor:1:<script>"} {
		if _, err := parseIdentity(in); err == nil {
			t.Errorf("parseIdentity(%q) accepted", in)
		}
	}
}

func TestIdentityFromCookie(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if id, err := identityFrom(r); err != nil || id != defaultIdentity {
		t.Fatalf("no cookie: %+v %v, want the anonymous admin", id, err)
	}
	r.AddCookie(&http.Cookie{Name: identityCookie, Value: "Viewer:2:bob"})
	if id, err := identityFrom(r); err != nil || id.Role != "Viewer" || id.OrgID != 2 || id.Login != "bob" {
		t.Fatalf("cookie: %+v %v", id, err)
	}
	r = httptest.NewRequest("GET", "/", nil)
	r.AddCookie(&http.Cookie{Name: identityCookie, Value: "Editor%3A1%3Aalice"}) // URL-encoded by a browser helper
	if id, err := identityFrom(r); err != nil || id.Login != "alice" {
		t.Fatalf("escaped cookie: %+v %v", id, err)
	}
	r = httptest.NewRequest("GET", "/", nil)
	r.AddCookie(&http.Cookie{Name: identityCookie, Value: "Viewr:1:bob"})
	if _, err := identityFrom(r); err == nil {
		t.Fatal("a misspelt role must not fall back to Admin")
	}
}

func TestRoleOrder(t *testing.T) {
	id := identity{Role: "Editor"}
	if !id.atLeast("Viewer") || !id.atLeast("Editor") || id.atLeast("Admin") {
		t.Fatal("Editor must include Viewer and exclude Admin")
	}
	if (identity{Role: "None"}).atLeast("Viewer") {
		t.Fatal("None must not include Viewer")
	}
}

func TestLoginSetsCookieAndRedirectsSafely(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, _ := tb.do(t, "", "GET", "/testbed/login?role=Viewer&org=2&login=bob&next=/a/warroom-incident-app/incidents", "")
	wantStatus(t, resp, nil, http.StatusFound)
	if loc := resp.Header.Get("Location"); loc != "/a/warroom-incident-app/incidents" {
		t.Fatalf("Location %q", loc)
	}
	var got string
	for _, c := range resp.Cookies() {
		if c.Name == identityCookie {
			got = c.Value
		}
	}
	if got != "Viewer:2:bob" {
		t.Fatalf("cookie %q", got)
	}
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
		resp, _ = tb.do(t, "", "GET", "/testbed/login?role=Viewer&next="+next, "")
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%s redirected to %q", next, loc)
		}
	}
	resp, body := tb.do(t, "", "GET", "/testbed/login?role=Root", "")
	wantStatus(t, resp, body, http.StatusBadRequest)
}

func TestMalformedCookieIsRejectedOnAPI(t *testing.T) {
	tb := newTestBed(t, false, "")
	resp, body := tb.do(t, "Editor:one:alice", "GET", "/api/annotations", "")
	wantStatus(t, resp, body, http.StatusBadRequest)
}
