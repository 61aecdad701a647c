package bdd

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// family builds a ZBDD from sets of levels.
func family(t *testing.T, z *ZManager, sets ...[]int32) ZRef {
	t.Helper()
	f := Empty
	for _, s := range sets {
		g := Base
		for i := len(s) - 1; i >= 0; i-- {
			var err error
			g, err = z.mk(s[i], Empty, g)
			require.NoError(t, err)
		}
		var err error
		f, err = z.Union(f, g)
		require.NoError(t, err)
	}
	return f
}

func setsOf(z *ZManager, f ZRef) [][]int32 {
	out := [][]int32{}
	z.Sets(f, func(s []int32) bool {
		out = append(out, append([]int32(nil), s...))
		return true
	})
	sortSets(out)
	return out
}

func TestZBDDFamilyOperations(t *testing.T) {
	z := NewZ(1000)
	ab := family(t, z, []int32{0, 1}, []int32{2})
	cd := family(t, z, []int32{3}, []int32{4, 5})
	tests := []struct {
		name string
		got  func() (ZRef, error)
		want [][]int32
	}{
		{"union", func() (ZRef, error) { return z.Union(ab, cd) }, [][]int32{{2}, {3}, {0, 1}, {4, 5}}},
		{"union with itself", func() (ZRef, error) { return z.Union(ab, ab) }, [][]int32{{2}, {0, 1}}},
		{"product", func() (ZRef, error) { return z.Product(ab, cd, 4) },
			[][]int32{{2, 3}, {0, 1, 3}, {2, 4, 5}, {0, 1, 4, 5}}},
		{"product truncated at 3", func() (ZRef, error) { return z.Product(ab, cd, 3) },
			[][]int32{{2, 3}, {0, 1, 3}, {2, 4, 5}}},
		{"product truncated at 1", func() (ZRef, error) { return z.Product(ab, cd, 1) }, [][]int32{}},
		// {x6} ∪ {x7, x8} with x6 := ab, x7 := cd: {2}, {0,1}, {3,8}.
		{"substitute", func() (ZRef, error) {
			return z.Substitute(family(t, z, []int32{6}, []int32{7, 8}), map[int32]ZRef{6: ab, 7: cd}, 2)
		}, [][]int32{{2}, {0, 1}, {3, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.got()
			require.NoError(t, err)
			require.Equal(t, tt.want, setsOf(z, f))
		})
	}
}
