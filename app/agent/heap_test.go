package agent

import "testing"

// The heap stays as small as the idle targets want for a desktop's few
// dozen components (the default catalog watches 28) and grows with the
// load beyond: Go's default growth, a limit well above the live heap.
func TestHeapFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		components int
		percent    int
		limit      int64
	}{
		{0, 30, 16 * mib},
		{28, 30, 16 * mib},
		{32, 30, 16 * mib},
		{100, 64, 16*mib + 68*64<<10},
		{163, 95, 16*mib + 131*64<<10}, // the whole catalog
		{200, 100, 16*mib + 168*64<<10},
		{1000, 100, 16*mib + 968*64<<10},
		{1500, 100, 16*mib + 1468*64<<10},
	} {
		percent, limit := heapFor(tc.components)
		if percent != tc.percent || limit != tc.limit {
			t.Errorf("heapFor(%d) = %d%%, %.1f MiB; want %d%%, %.1f MiB", tc.components, percent, float64(limit)/mib, tc.percent, float64(tc.limit)/mib)
		}
	}
}
