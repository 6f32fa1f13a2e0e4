// Package retention decides which restore points a retention policy removes.
package retention

import (
	"sort"
	"time"
)

// Point is one restore point of a backup job.
type Point struct {
	ID         string
	TakenAt    time.Time
	Restorable bool
}

// Policy keeps the newest KeepLast points plus anything newer than MaxAge.
type Policy struct {
	KeepLast int
	MaxAge   time.Duration
}

// Prune returns the ids to delete. The newest restorable point is never
// deleted, whatever the policy says.
func Prune(points []Point, p Policy, now time.Time) []string {
	sorted := append([]Point(nil), points...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].TakenAt.After(sorted[j].TakenAt) })
	newestRestorable := ""
	for _, pt := range sorted {
		if pt.Restorable {
			newestRestorable = pt.ID
			break
		}
	}
	var del []string
	for i, pt := range sorted {
		if pt.ID == newestRestorable || i < p.KeepLast || now.Sub(pt.TakenAt) <= p.MaxAge {
			continue
		}
		del = append(del, pt.ID)
	}
	return del
}
