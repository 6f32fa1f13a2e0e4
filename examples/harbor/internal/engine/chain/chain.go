// Package chain verifies that an incremental snapshot can be traced back to
// a full snapshot through unbroken, checksummed parent links.
package chain

import (
	"errors"
	"fmt"
)

// Snapshot is the catalog view of one snapshot in a backup job.
type Snapshot struct {
	ID       string
	ParentID string // empty for a full snapshot
	Checksum string // digest of the snapshot manifest
	Verified bool   // manifest digest matched on the last scrub
}

// ErrBrokenChain reports a missing or unverified link.
var ErrBrokenChain = errors.New("broken snapshot chain")

// Verify walks from id to the full snapshot it depends on and returns the
// chain, newest first.
func Verify(catalog map[string]Snapshot, id string) ([]Snapshot, error) {
	var out []Snapshot
	seen := map[string]bool{}
	for id != "" {
		if seen[id] {
			return nil, fmt.Errorf("%w: cycle at %s", ErrBrokenChain, id)
		}
		seen[id] = true
		s, ok := catalog[id]
		if !ok {
			return nil, fmt.Errorf("%w: missing %s", ErrBrokenChain, id)
		}
		if !s.Verified {
			return nil, fmt.Errorf("%w: unverified %s", ErrBrokenChain, id)
		}
		out = append(out, s)
		id = s.ParentID
	}
	return out, nil
}
