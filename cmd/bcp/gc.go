package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// jsonLoadGCPercent is the garbage collector's target while a command
// loads JSON model files (Go's GOGC, which wins when set). JSON components
// are decoded straight into the model, so a load allocates little garbage:
// about nine times the file, nearly all of it kept. The first collection
// comes when the file has been read, with the file as the live heap, so
// 1000% lets the heap reach eleven times the file before the next: a load
// runs without collections that would mark the growing model only to free
// almost nothing (a million components: 1.5 s of CPU) and ends at the same
// peak. YAML is parsed into a node tree that is garbage once decoded,
// and keeps Go's default.
const jsonLoadGCPercent = 1000

// loadGC sets the collector's target for loading files and returns what
// restores the one before, for the analysis that follows.
func loadGC(files []string) (restore func()) {
	if os.Getenv("GOGC") != "" || len(files) == 0 {
		return func() {}
	}
	for _, f := range files {
		if !strings.EqualFold(filepath.Ext(f), ".json") {
			return func() {}
		}
	}
	old := debug.SetGCPercent(jsonLoadGCPercent)
	return func() { debug.SetGCPercent(old) }
}
