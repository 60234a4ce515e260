package grafanahost

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// ExecutableName is the file name Grafana looks for in a plugin directory:
// plugin.json's "executable" with _<GOOS>_<GOARCH> appended (.exe on
// Windows), as the SDK's mage build names it.
func ExecutableName(executable string) string {
	name := fmt.Sprintf("%s_%s_%s", executable, runtime.GOOS, runtime.GOARCH)
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return name
}

// Build compiles the Go package pkg (an import path or ./dir, resolved from
// moduleDir) into outDir/ExecutableName(executable) and returns its path.
// Tests use it so they run against a real binary, like the one in dist/.
func Build(moduleDir, pkg, outDir, executable string) (string, error) {
	out := filepath.Join(outDir, ExecutableName(executable))
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, strings.TrimSpace(string(b)))
	}
	return out, nil
}

// ModuleRoot walks up from dir to the directory holding go.mod.
func ModuleRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		d = parent
	}
}
