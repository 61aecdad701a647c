package bcp

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSortByKey checks both of sortByKey's ways (a few indices compared,
// thousands radix-sorted, over one to three passes) against a comparison
// sort, on indices drawn with a seed.
func TestSortByKey(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n, picked int
	}{
		{"one component", 1, 1},
		{"few", 1000, 10},
		{"one pass", 2000, 1500},
		{"two passes", 100_000, 3000},
		{"few of many", 4_200_000, 200},
		{"three passes", 4_200_000, 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.picked)))
			// i × 7919 mod n is a permutation (7919 is a prime that divides
			// no n here), cheaper than shuffling millions under -race.
			key := make([]int32, tc.n)
			for i := range key {
				key[i] = int32(uint64(i) * 7919 % uint64(tc.n))
			}
			xs := make([]int32, tc.picked)
			for k := range xs {
				xs[k] = int32(rng.IntN(tc.n))
			}
			want := slices.Clone(xs)
			slices.SortStableFunc(want, func(a, b int32) int { return int(key[a]) - int(key[b]) })
			sortByKey(xs, key)
			assert.Equal(t, want, xs)
		})
	}
}
