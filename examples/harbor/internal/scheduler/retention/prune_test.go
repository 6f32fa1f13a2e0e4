package retention

import (
	"testing"
	"time"
)

func TestPruneKeepsNewestRestorable(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	points := []Point{
		{ID: "new-broken", TakenAt: now.Add(-1 * time.Hour), Restorable: false},
		{ID: "old-good", TakenAt: now.Add(-90 * 24 * time.Hour), Restorable: true},
	}
	for _, id := range Prune(points, Policy{KeepLast: 1}, now) {
		if id == "old-good" {
			t.Fatal("pruned the only restorable point")
		}
	}
}
