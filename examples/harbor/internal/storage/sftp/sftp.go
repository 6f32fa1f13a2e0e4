// Package sftp stores chunk packs on an SFTP server.
package sftp

// Upload tracks one chunk-pack upload so an interrupted transfer can resume.
type Upload struct {
	PackID    string
	Size      int64
	AckOffset int64 // bytes the server has confirmed
}

// ResumeOffset returns where the next write must start. Unacknowledged bytes
// are always resent.
func (u Upload) ResumeOffset() int64 {
	if u.AckOffset < 0 || u.AckOffset > u.Size {
		return 0
	}
	return u.AckOffset
}
