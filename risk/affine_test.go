package risk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAffineInT(t *testing.T) {
	for src, want := range map[string]bool{
		`attributes.revenuePerHour * hours(t)`:         true,
		`attributes.revenuePerHour * hours(t) * 0.25`:  true,
		`5000 + attributes.customers * 150 * hours(t)`: true,
		`hours(t - duration("2h")) * 10 - 3`:           true,
		`-(hours(t) / 2)`:                              true,
		`1000`:                                         true,
		`hours(t) * hours(t)`:                          false,
		`hours(t) > 4 ? 1000 : 0`:                      false,
		`max(hours(t), 4) * 100`:                       false,
		`100 / hours(t)`:                               false,
		`hours(t) ** 2`:                                false,
		`attributes.t * 2`:                             true, // a property named t, not the time
		`syntax error (`:                               false,
	} {
		assert.Equal(t, want, affineInT(src), src)
	}
}
