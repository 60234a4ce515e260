package settings

import (
	"testing"
)

func TestPagingReadsTheRelayWithItsSecret(t *testing.T) {
	p, problems := ParsePaging([]byte(`{"paging":{"smtp":{"host":"mail.example.com","port":587,"tls":"starttls","username":"warroom","from":"Warroom <warroom@example.com>"}}}`),
		map[string]string{SecureSMTPPassword: "pw", SecureSlackBotToken: "xoxb-1"})
	if len(problems) != 0 || p.SMTP == nil || p.SMTP.Password != "pw" || p.SMTP.Port != 587 || p.SlackBotToken != "xoxb-1" {
		t.Fatalf("%+v %v", p, problems)
	}
}

func TestABadRelayIsAProblemNotAnOutage(t *testing.T) {
	p, problems := ParsePaging([]byte(`{"paging":{"smtp":{"host":"mail.example.com","tls":"none","username":"u","from":"x"}}}`), nil)
	if p.SMTP != nil || len(problems) == 0 || problems[0].Path[:12] != "paging.smtp." {
		t.Fatalf("%+v %v", p, problems)
	}
	if p, problems := ParsePaging([]byte(`{}`), nil); p.SMTP != nil || len(problems) != 0 {
		t.Fatalf("no relay configured: %+v %v", p, problems)
	}
}
