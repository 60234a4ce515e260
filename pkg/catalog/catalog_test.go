package catalog

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The JSON is exactly what an admin provisions in jsonData.
func TestCatalogReadsProvisionedJSON(t *testing.T) {
	raw := `{"services":[{"name":"checkout","selector":"job=\"checkout\"","healthUrl":"https://checkout.internal/health",
	  "aws":{"region":"eu-west-1","ecsCluster":"prod","ecsService":"checkout","targetGroupArn":"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/checkout/1"},
	  "postgres":"orders"}],
	 "queries":{"requestsMetric":"http_server_requests_total","statusLabel":"code","durationMetric":"","rateWindow":"1m"}}`
	var c Catalog
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatal(err)
	}
	if errs := c.Validate(); len(errs) != 0 {
		t.Fatalf("valid catalog rejected: %v", errs)
	}
	s, ok := c.Service("checkout")
	if !ok || s.AWS.ECSService != "checkout" || s.Postgres != "orders" {
		t.Fatalf("Service(checkout) = %+v, %v", s, ok)
	}
	if _, ok := c.Service("cart"); ok {
		t.Fatal("Service found a service that is not catalogued")
	}
	c = c.WithDefaults()
	if c.Queries.DurationMetric != DefaultDurationMetric || c.Queries.StatusLabel != "code" {
		t.Fatalf("WithDefaults = %+v: fills only empty fields", c.Queries)
	}
}

func TestQueries(t *testing.T) {
	c := Catalog{}
	s := Service{Name: "checkout", Selector: `service="checkout",env="prod",`}
	if got, want := c.ErrorRateQuery(s), `sum(rate(http_requests_total{service="checkout",env="prod",status=~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout",env="prod"}[5m]))`; got != want {
		t.Errorf("ErrorRateQuery =\n %s\nwant\n %s", got, want)
	}
	if got, want := c.LatencyQuery(s), `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout",env="prod"}[5m])))`; got != want {
		t.Errorf("LatencyQuery =\n %s\nwant\n %s", got, want)
	}
	c.Queries = Queries{RequestsMetric: "reqs", StatusLabel: "code", DurationMetric: "dur", RateWindow: "30s"}
	if got := c.ErrorRateQuery(s); !strings.Contains(got, `reqs{service="checkout",env="prod",code=~"5.."}[30s]`) {
		t.Errorf("ErrorRateQuery ignores Queries: %s", got)
	}
	s.ErrorRateQuery, s.LatencyQuery = " my_errors ", "my_p99"
	if c.ErrorRateQuery(s) != "my_errors" || c.LatencyQuery(s) != "my_p99" {
		t.Errorf("overrides not used: %q %q", c.ErrorRateQuery(s), c.LatencyQuery(s))
	}
}

func TestValidate(t *testing.T) {
	ok := Service{Name: "checkout", Selector: `job="checkout"`}
	cases := []struct {
		name string
		c    Catalog
		want map[string]string // path → part of the message
	}{
		{"empty catalog is fine", Catalog{}, nil},
		{"minimal service", Catalog{Services: []Service{ok}}, nil},
		{"overrides instead of selector", Catalog{Services: []Service{{Name: "legacy", ErrorRateQuery: "sum(a)/sum(b)", LatencyQuery: "max(c)"}}}, nil},
		{"all matcher ops and quotes", Catalog{Services: []Service{{Name: "a", Selector: "service = 'a', env!=\"dev\", zone=~`eu-.*`, tier!~\"batch|cron\""}}}, nil},
		{"missing and bad names", Catalog{Services: []Service{{Selector: `job="x"`}, {Name: "Checkout", Selector: `job="x"`}, {Name: "-x", Selector: `job="x"`}}},
			map[string]string{"services[0].name": "required", "services[1].name": "lower-case", "services[2].name": "lower-case"}},
		{"duplicate names", Catalog{Services: []Service{ok, ok}}, map[string]string{"services[1].name": "already the name of services[0]"}},
		{"no way to query", Catalog{Services: []Service{{Name: "a"}, {Name: "b", ErrorRateQuery: "sum(x)"}}},
			map[string]string{"services[0].selector": "or both errorRateQuery", "services[1].selector": "or both"}},
		{"selector with braces", Catalog{Services: []Service{{Name: "a", Selector: `{job="a"}`}}}, map[string]string{"services[0].selector": "label name"}},
		{"selector unquoted value", Catalog{Services: []Service{{Name: "a", Selector: `job=a`}}}, map[string]string{"services[0].selector": "quoted string"}},
		{"selector bad op", Catalog{Services: []Service{{Name: "a", Selector: `job=="a"`}}}, map[string]string{"services[0].selector": "quoted string"}},
		{"selector missing comma", Catalog{Services: []Service{{Name: "a", Selector: `job="a" env="b"`}}}, map[string]string{"services[0].selector": "expected ','"}},
		{"selector bad regex", Catalog{Services: []Service{{Name: "a", Selector: `job=~"(a"`}}}, map[string]string{"services[0].selector": "regular expression"}},
		{"selector matches everything", Catalog{Services: []Service{{Name: "a", Selector: `job=~".*",env!="dev"`}}}, map[string]string{"services[0].selector": "empty value"}},
		{"unbalanced and blank queries", Catalog{Services: []Service{{Name: "a", Selector: `job="a"`, ErrorRateQuery: `sum(rate(x{job="a"}[5m])`, LatencyQuery: "  "}}},
			map[string]string{"services[0].errorRateQuery": "balance", "services[0].latencyQuery": "blank"}},
		{"brackets inside strings do not count", Catalog{Services: []Service{{Name: "a", Selector: `job="a"`, ErrorRateQuery: `sum(x{path=~"/a(b"})`}}}, nil},
		{"health URLs", Catalog{Services: []Service{
			{Name: "a", Selector: `job="a"`, HealthURL: "ftp://a/health"},
			{Name: "b", Selector: `job="b"`, HealthURL: "/health"},
			{Name: "c", Selector: `job="c"`, HealthURL: "https://user:pw@c/health"},
			{Name: "d", Selector: `job="d"`, HealthURL: "http://127.0.0.1:3000/health"}}},
			map[string]string{"services[0].healthUrl": "http", "services[1].healthUrl": "http", "services[2].healthUrl": "credentials"}},
		{"postgres is a name, not a DSN", Catalog{Services: []Service{
			{Name: "a", Selector: `job="a"`, Postgres: "postgres://u:p@db/x"},
			{Name: "b", Selector: `job="b"`, Postgres: "host=db user=x"},
			{Name: "c", Selector: `job="c"`, Postgres: "main-db"}}},
			map[string]string{"services[0].postgres": "never a DSN", "services[1].postgres": "never a DSN"}},
		{"aws identifiers", Catalog{Services: []Service{{Name: "a", Selector: `job="a"`, AWS: &AWSResources{Region: "Ireland", TargetGroupARN: "checkout-tg"}}}},
			map[string]string{"services[0].aws.region": "AWS region", "services[0].aws.targetGroupArn": "ARN"}},
		{"queries", Catalog{Queries: Queries{RequestsMetric: "http-requests", StatusLabel: "status code", DurationMetric: "dur_bucket", RateWindow: "5 minutes"}},
			map[string]string{"queries.requestsMetric": "metric name", "queries.statusLabel": "label name", "queries.durationMetric": "_bucket", "queries.rateWindow": "PromQL duration"}},
		{"zero rate window", Catalog{Queries: Queries{RateWindow: "0m"}}, map[string]string{"queries.rateWindow": "greater than zero"}},
		{"compound rate window", Catalog{Queries: Queries{RateWindow: "1h30m"}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			for _, e := range tc.c.Validate() {
				got[e.Path] += e.Message
			}
			if len(got) != len(tc.want) {
				t.Errorf("got errors %v, want paths %v", got, tc.want)
			}
			for path, frag := range tc.want {
				if !strings.Contains(got[path], frag) {
					t.Errorf("%s: got %q, want it to mention %q", path, got[path], frag)
				}
			}
		})
	}
}

func TestParseSelector(t *testing.T) {
	got, err := ParseSelector(`a="x\"y", b!='it\'s "q"', c=~` + "`\\d+`")
	if err != nil {
		t.Fatal(err)
	}
	want := []Matcher{{"a", "=", `x"y`}, {"b", "!=", `it's "q"`}, {"c", "=~", `\d+`}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v", got, want)
	}
	if _, err := ParseSelector("  "); err == nil {
		t.Fatal("blank selector accepted")
	}
}

func TestMatchServices(t *testing.T) {
	c := Catalog{Services: []Service{
		{Name: "checkout", Selector: `service="checkout",env="prod"`},
		{Name: "cart", Selector: `job="cart-api"`},
		{Name: "search", Selector: `app=~"search|search-v2"`},
		{Name: "legacy", ErrorRateQuery: "sum(rate(legacy_errors[5m]))\n/ sum(rate(legacy_total[5m]))", LatencyQuery: "max(legacy_p99)"},
	}}
	cases := []struct {
		name   string
		exprs  []string
		labels map[string]string
		want   []string
	}{
		{"nothing given", nil, nil, []string{}},
		{"panel expr with extra matchers", []string{`sum(rate(http_requests_total{env="prod", status=~"5..", service="checkout"}[5m]))`}, nil, []string{"checkout"}},
		{"panel expr missing a matcher", []string{`rate(http_requests_total{service="checkout"}[5m])`}, nil, []string{}},
		{"matchers split across selectors do not count", []string{`a{service="checkout"} / b{env="prod"}`}, nil, []string{}},
		{"dashboard over several services", []string{`sum by (job) (rate(x{job=~"cart-api|orders"}[1m]))`, `y{env="prod",service=~"checkout|cart"}`}, nil, []string{"cart", "checkout"}},
		{"multi-value variables as Grafana interpolates them", []string{`rate(x{env="prod",service=~"(checkout|orders)",job=~"(cart-api|web)"}[1m])`}, nil, []string{"cart", "checkout"}},
		{"a group among alternatives is not a literal", []string{`x{job=~"(cart-api)|web"}`}, nil, []string{}},
		{"regex alternation is not a wildcard", []string{`x{job=~"cart-.*"}`}, nil, []string{}},
		{"strings with braces are not selectors", []string{`label_replace(x, "a", "{job=\"cart-api\"}", "b", "")`}, nil, []string{}},
		{"unreadable selector skipped, later one used", []string{`x{job=$job} + y{job="cart-api"}`}, nil, []string{"cart"}},
		{"override query pasted with other whitespace", []string{"sum(rate(legacy_errors[5m])) / sum(rate(legacy_total[5m]))"}, nil, []string{"legacy"}},
		{"alert label service", nil, map[string]string{"service": "legacy", "severity": "critical"}, []string{"legacy"}},
		{"alert label job equals name", nil, map[string]string{"job": "checkout"}, []string{"checkout"}},
		{"alert labels satisfy selector", nil, map[string]string{"job": "cart-api", "instance": "10.0.0.1:80"}, []string{"cart"}},
		{"alert labels satisfy regex selector", nil, map[string]string{"app": "search-v2"}, []string{"search"}},
		{"alert labels partly satisfy selector", nil, map[string]string{"service": "checkout-v2", "env": "prod"}, []string{}},
		{"expr and labels together, unique", []string{`x{job="cart-api"}`}, map[string]string{"job": "cart-api"}, []string{"cart"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := MatchServices(c, tc.exprs, tc.labels); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTargetsOfTheStatusLines(t *testing.T) {
	c := Catalog{Services: []Service{
		{Name: "web"},
		{Name: "orders", Postgres: "orders", AWS: &AWSResources{}},
		{Name: "cart", Postgres: "carts", AWS: &AWSResources{AutoScalingGroup: "cart-asg"}},
		{Name: "cart-2", Postgres: "orders", AWS: &AWSResources{Region: "eu-west-1", AutoScalingGroup: "cart2"}},
	}}
	if got := fmt.Sprint(c.PostgresTargets()); got != "[carts orders]" {
		t.Errorf("postgres targets %s", got)
	}
	if got := c.AWSRegion("us-east-1"); got != "us-east-1" {
		t.Errorf("a service without its own region takes the default: %q", got)
	}
	if got := c.AWSRegion(""); got != "eu-west-1" {
		t.Errorf("without a default, the first service with a region: %q", got)
	}
	if got := (Catalog{Services: []Service{{Name: "web", AWS: &AWSResources{}}}}).AWSRegion("us-east-1"); got != "" {
		t.Errorf("empty AWS resources are nothing to check: %q", got)
	}
}
