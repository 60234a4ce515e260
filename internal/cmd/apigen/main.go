// Command apigen writes the generated TypeScript of the Go ↔ TypeScript
// contract (internal/apigen) into src/api/generated. Run it from the
// repository root: go run ./internal/cmd/apigen
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warroom/warroom-incident-app/internal/apigen"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	files, err := apigen.Files()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dir := filepath.Join(*root, apigen.Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
