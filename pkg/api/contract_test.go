package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestErrorCodesAreListedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range ErrorCodes {
		if seen[c.Code] || c.Status < 400 || c.Meaning == "" {
			t.Errorf("%+v: listed twice, or without a status or a meaning", c)
		}
		seen[c.Code] = true
	}
}

// Every Error built anywhere in pkg/ uses a listed code with that code's
// status, so the list (and the TypeScript generated from it) is complete.
func TestEveryErrorLiteralUsesAListedCode(t *testing.T) {
	status := map[string]int{}
	for _, c := range ErrorCodes {
		status[c.Code] = c.Status
	}
	found := 0
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !isErrorType(lit.Type) {
				return true
			}
			code, st := fieldOf(lit, "Code"), fieldOf(lit, "Status")
			s, isLit := code.(*ast.BasicLit)
			if !isLit {
				return true // a constant: the compiler checks it exists
			}
			found++
			name, _ := strconv.Unquote(s.Value)
			want, ok := status[name]
			if !ok {
				t.Errorf("%s: code %q is not in ErrorCodes", path, name)
			}
			if got := httpStatus(st); got != 0 && got != want {
				t.Errorf("%s: code %q sent with %d, ErrorCodes says %d", path, name, got, want)
			}
			return true
		})
		return nil
	})
	if err != nil || found == 0 {
		t.Fatalf("scan of pkg/ found %d literals: %v", found, err)
	}
}

func isErrorType(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name == "Error"
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "api" && x.Sel.Name == "Error"
	}
	return false
}

func fieldOf(lit *ast.CompositeLit, name string) ast.Expr {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// httpStatus reads http.StatusXxx; 0 for anything else.
func httpStatus(e ast.Expr) int {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return 0
	}
	for code := 100; code < 600; code++ {
		if "Status"+strings.ReplaceAll(strings.ReplaceAll(http.StatusText(code), " ", ""), "-", "") == sel.Sel.Name {
			return code
		}
	}
	return 0
}

// docs/api.md's route table and the router agree on every route: method,
// path and least role, both ways.
func TestDocsRouteTableIsTheRouter(t *testing.T) {
	b, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| (GET|POST|PUT|PATCH|DELETE) \\| `([^`]+)` \\| (\\w+) \\|")
	var documented []string
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		documented = append(documented, m[1]+" "+m[2]+" "+m[3])
	}
	var routed []string
	for _, rt := range RouteTable() {
		routed = append(routed, rt.Key()+" "+rt.Role.String())
	}
	sort.Strings(documented)
	sort.Strings(routed)
	if strings.Join(documented, "\n") != strings.Join(routed, "\n") {
		t.Errorf("docs/api.md routes:\n%s\n\nrouter:\n%s", strings.Join(documented, "\n"), strings.Join(routed, "\n"))
	}
}

func TestNotCalledByUINamesRoutes(t *testing.T) {
	keys := map[string]bool{}
	for _, rt := range RouteTable() {
		keys[rt.Key()] = true
	}
	for k := range NotCalledByUI {
		if !keys[k] {
			t.Errorf("NotCalledByUI names %q, which is not a route", k)
		}
	}
}
