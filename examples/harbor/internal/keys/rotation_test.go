package keys

import "testing"

func TestRotationKeepsEarlierGenerations(t *testing.T) {
	var k Keyring
	first := k.Rotate([]byte("gen-1"))
	k.Rotate([]byte("gen-2"))
	if _, err := k.KeyFor(first); err != nil {
		t.Fatalf("generation %d lost after rotation: %v", first, err)
	}
}
