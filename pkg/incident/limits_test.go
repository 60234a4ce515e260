package incident

import (
	"strings"
	"testing"
)

func TestValidLinkUID(t *testing.T) {
	for s, want := range map[string]bool{
		"":                                false,
		"abc-DEF_09":                      true,
		strings.Repeat("a", MaxLinkUID):   true,
		strings.Repeat("a", MaxLinkUID+1): false,
		"a b":                             false,
		"../admin":                        false,
		"a/b":                             false,
		"é":                               false,
		"a?x=1":                           false,
	} {
		if got := ValidLinkUID(s); got != want {
			t.Errorf("ValidLinkUID(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestLinksValidateNamesEachField(t *testing.T) {
	l := Links{DashboardUID: strings.Repeat("d", MaxLinkUID+1), AlertRuleUID: "rule uid", PanelID: MaxPanelID + 1}
	errs := l.Validate("links")
	paths := map[string]string{}
	for _, e := range errs {
		paths[e.Path] = e.Message
	}
	if len(errs) != 3 || paths["links.dashboardUid"] == "" || paths["links.alertRuleUid"] == "" || paths["links.panelId"] == "" {
		t.Fatalf("errors = %+v", errs)
	}
	if !strings.Contains(paths["links.dashboardUid"], "at most 40") || !strings.Contains(paths["links.alertRuleUid"], "may hold only") {
		t.Errorf("messages = %+v", paths)
	}
	if errs := (Links{DashboardUID: "abc", PanelID: 4, AlertRuleUID: "r-1"}).Validate("links"); len(errs) != 0 {
		t.Errorf("good links refused: %+v", errs)
	}
	if errs := (Links{}).Validate("links"); len(errs) != 0 {
		t.Errorf("empty links refused: %+v", errs)
	}
}

func TestDeclareValidatesLinks(t *testing.T) {
	d := Declare{Title: "t", Severity: P2, Services: []string{"s"}, Links: Links{DashboardUID: "<script>"}}.Normalize()
	errs := d.Validate()
	if len(errs) != 1 || errs[0].Path != "links.dashboardUid" {
		t.Fatalf("errors = %+v", errs)
	}
}

// The limits are positive and ordered as the docs say.
func TestLimitsAreSane(t *testing.T) {
	if MaxWritesPerMinute < 10 || WriteWindow.Seconds() != 60 {
		t.Errorf("write rate %d per %v", MaxWritesPerMinute, WriteWindow)
	}
	if MaxUpdateChannels < 1 || MaxLinkUID != 40 || MaxTitle >= MaxText {
		t.Error("limits out of order")
	}
}

func TestUpdateListsAreBounded(t *testing.T) {
	steps := make([]StepName, MaxUpdateItems+1)
	for i := range steps {
		steps[i] = "acknowledge"
	}
	checklist := map[string]bool{}
	for i := 0; i <= MaxUpdateItems; i++ {
		checklist[strings.Repeat("x", i+1)] = true
	}
	inc := Incident{Status: Investigating, Version: 1, Details: Details{Checklist: DefaultChecklist()}}
	_, _, err := Apply(inc, Update{Version: 1, CompleteSteps: steps, Checklist: checklist}, "ada", inc.CreatedAt)
	inv, ok := err.(Invalid)
	if !ok || len(inv) != 2 || inv[0].Path != "completeSteps" || inv[1].Path != "checklist" {
		t.Fatalf("err = %v", err)
	}
}
