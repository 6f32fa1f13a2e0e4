package restore

import "testing"

func TestPlanWholeSnapshot(t *testing.T) {
	got, err := Plan(Request{SnapshotID: "s1"})
	if err != nil || len(got) != 1 || got[0] != "/" {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestPlanCleansPaths(t *testing.T) {
	got, err := Plan(Request{SnapshotID: "s1", Paths: []string{"home/ana/./notes.txt"}})
	if err != nil || got[0] != "/home/ana/notes.txt" {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestPlanRejectsEscapingPaths(t *testing.T) {
	for _, p := range []string{"../etc/passwd", "/etc/passwd", "a/../../b"} {
		if _, err := Plan(Request{SnapshotID: "s1", Paths: []string{p}}); err != ErrUnsafePath {
			t.Fatalf("%q: got %v", p, err)
		}
	}
}
