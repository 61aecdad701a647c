package faulttree

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/continuitykit/continuity/internal/bdd"
	"github.com/stretchr/testify/require"
)

// TestSortedSets checks both ways sortedSets orders a family against
// sorting the strings: sets packed into one number each (few events),
// and compared as rank lists (over 1,024 events and sets of 6 do not fit
// in 64 bits). Ids are shuffled so that rank order is not level order.
func TestSortedSets(t *testing.T) {
	for _, tc := range []struct{ levels, order, sets int }{{40, 3, 300}, {4000, 6, 600}} {
		r := rand.New(rand.NewPCG(uint64(tc.levels), 3))
		names := r.Perm(tc.levels)
		ids := func(l int32) string { return fmt.Sprintf("e%d", names[l]) }
		z := bdd.NewZ(1 << 20)
		fam := bdd.Empty
		for range tc.sets {
			set := bdd.Base
			for _, l := range r.Perm(tc.levels)[:1+r.IntN(tc.order)] {
				s, err := z.Singleton(int32(l))
				require.NoError(t, err)
				set, err = z.Product(set, s, tc.order)
				require.NoError(t, err)
			}
			var err error
			fam, err = z.Union(fam, set)
			require.NoError(t, err)
		}
		var want [][]string
		z.Sets(fam, func(ls []int32) bool {
			s := make([]string, len(ls))
			for i, l := range ls {
				s[i] = ids(l)
			}
			sort.Strings(s)
			want = append(want, s)
			return true
		})
		SortCutSets(want)
		got := sortedSets(z, fam, z.Count(fam), tc.order, tc.levels, ids)
		require.Equal(t, want, got, "%d levels", tc.levels)
		require.True(t, slices.ContainsFunc(got, func(s []string) bool { return len(s) > 1 }))
	}
}
