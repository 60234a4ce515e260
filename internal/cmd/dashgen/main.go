// Command dashgen writes the dashboard the app ships (internal/dashgen)
// into src/dashboards. Run it from the repository root:
// go run ./internal/cmd/dashgen
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warroom/warroom-incident-app/internal/dashgen"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	if err := write(*root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func write(root string) error {
	b, err := dashgen.JSON()
	if err != nil {
		return err
	}
	path := filepath.Join(root, dashgen.Path)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
