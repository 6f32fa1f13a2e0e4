// Package restore plans and runs restores of files or whole hosts.
package restore

import (
	"errors"
	"path"
	"strings"
)

// Request selects what to restore from one snapshot.
type Request struct {
	SnapshotID string
	Paths      []string // empty means the whole snapshot
	TargetDir  string
}

// ErrUnsafePath is returned for paths that would escape the target directory.
var ErrUnsafePath = errors.New("restore path escapes target directory")

// Plan validates a request and returns the cleaned list of paths to restore.
func Plan(r Request) ([]string, error) {
	if len(r.Paths) == 0 {
		return []string{"/"}, nil
	}
	out := make([]string, 0, len(r.Paths))
	for _, p := range r.Paths {
		c := path.Clean(p)
		if path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") {
			return nil, ErrUnsafePath
		}
		out = append(out, "/"+c)
	}
	return out, nil
}
