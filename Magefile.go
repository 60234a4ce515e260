//go:build mage
// +build mage

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/magefile/mage/mg"
	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// Default configures the default target.
var Default = All

// All builds the back end for every platform of the SDK's BuildAll, then
// gives the nested data source its copies (see Nested).
func All() {
	mg.SerialDeps(build.BuildAll, Nested)
}

// Nested gives dist/datasource/ every dist/gpx_warroom_<os>_<arch>, as a hard
// link where the file system allows one (six executables of ~85 MB each; the
// zip still holds two copies) and as a copy otherwise.
//
// The nested data source (src/datasource/plugin.json, "executable":
// "gpx_warroom") runs the same binary as the app, and Grafana starts it from
// its own folder: path.Join(<plugin dir>, executable+"_<os>_<arch>[.exe]")
// (grafana/grafana pkg/plugins/plugins.go executablePath). A "../gpx_warroom"
// there cannot work on Windows: path.Join treats the whole backslashed plugin
// dir as one element, "../" removes it, and Grafana is left with a bare file
// name (grafana/grafana#83416; grafana-plugin-sdk-go#1007 moved nested binaries
// into their own folders for this reason). Run after any build target, e.g.
// `mage build:linux nested`.
func Nested() error {
	bins, err := filepath.Glob(filepath.Join("dist", "gpx_warroom_*"))
	if err != nil {
		return err
	}
	if len(bins) == 0 {
		return fmt.Errorf("no dist/gpx_warroom_* to copy: build the back end first")
	}
	if err := os.MkdirAll(filepath.Join("dist", "datasource"), 0o755); err != nil {
		return err
	}
	for _, src := range bins {
		if strings.HasSuffix(src, ".tmp") {
			continue
		}
		if err := linkOrCopyExecutable(src, filepath.Join("dist", "datasource", filepath.Base(src))); err != nil {
			return err
		}
	}
	return nil
}

func linkOrCopyExecutable(src, dst string) error {
	tmp := dst + ".tmp"
	_ = os.Remove(tmp)
	if os.Link(src, tmp) == nil {
		err := os.Rename(tmp, dst)
		// rename(2) does nothing when dst is already this file, leaving tmp behind.
		_ = os.Remove(tmp)
		return err
	}
	return copyExecutable(src, dst)
}

func copyExecutable(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
