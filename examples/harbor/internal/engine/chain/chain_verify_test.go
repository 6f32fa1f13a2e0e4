package chain

import (
	"errors"
	"testing"
)

func catalog() map[string]Snapshot {
	return map[string]Snapshot{
		"full": {ID: "full", Checksum: "a1", Verified: true},
		"inc1": {ID: "inc1", ParentID: "full", Checksum: "b2", Verified: true},
		"inc2": {ID: "inc2", ParentID: "inc1", Checksum: "c3", Verified: true},
	}
}

func TestVerifyWalksToFullSnapshot(t *testing.T) {
	got, err := Verify(catalog(), "inc2")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[2].ID != "full" {
		t.Fatalf("unexpected chain %+v", got)
	}
}

func TestVerifyRejectsMissingParent(t *testing.T) {
	c := catalog()
	delete(c, "inc1")
	if _, err := Verify(c, "inc2"); !errors.Is(err, ErrBrokenChain) {
		t.Fatalf("want ErrBrokenChain, got %v", err)
	}
}

func TestVerifyRejectsUnverifiedLink(t *testing.T) {
	c := catalog()
	s := c["inc1"]
	s.Verified = false
	c["inc1"] = s
	if _, err := Verify(c, "inc2"); !errors.Is(err, ErrBrokenChain) {
		t.Fatalf("want ErrBrokenChain, got %v", err)
	}
}
