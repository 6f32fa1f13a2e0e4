// Package s3 stores chunk packs in an S3-compatible bucket.
package s3

import "fmt"

// Target describes one S3-compatible bucket.
type Target struct {
	Endpoint string
	Bucket   string
	Prefix   string
}

// Key returns the object key of a chunk pack.
func (t Target) Key(packID string) string {
	if t.Prefix == "" {
		return fmt.Sprintf("packs/%s/%s", packID[:2], packID)
	}
	return fmt.Sprintf("%s/packs/%s/%s", t.Prefix, packID[:2], packID)
}
