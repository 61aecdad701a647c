package bcp

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSortByKey checks both of sortByKey's ways (a few indices compared,
// thousands radix-sorted, over one to three passes) against a comparison
// sort, on seeded permutations.
func TestSortByKey(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n, picked int
	}{
		{"one component", 1, 1},
		{"few", 1000, 10},
		{"one pass", 2000, 1500},
		{"two passes", 100_000, 3000},
		{"few of many", 5_000_000, 200},
		{"three passes", 5_000_000, 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.picked)))
			key := make([]int32, tc.n)
			for i := range key {
				key[i] = int32(i)
			}
			rng.Shuffle(len(key), func(i, j int) { key[i], key[j] = key[j], key[i] })
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
