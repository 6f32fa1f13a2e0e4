package sftp

import "testing"

func TestResumeFromAcknowledgedOffset(t *testing.T) {
	u := Upload{PackID: "p1", Size: 100, AckOffset: 40}
	if got := u.ResumeOffset(); got != 40 {
		t.Fatalf("got %d", got)
	}
}

func TestResumeRestartsOnBogusOffset(t *testing.T) {
	u := Upload{PackID: "p1", Size: 100, AckOffset: 140}
	if got := u.ResumeOffset(); got != 0 {
		t.Fatalf("got %d", got)
	}
}
