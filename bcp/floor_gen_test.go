package bcp

import "testing"

// floorModel builds the 100k benchmark model without importing bcpgen
// (which imports this package): a layered random DAG of the same size.
func floorModel(b *testing.B) *Model {
	b.Helper()
	const n = 100_000
	doc := &Document{Components: make([]Component, n)}
	seed := uint64(1)
	next := func() uint64 {
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return seed
	}
	for i := range doc.Components {
		c := Component{ID: "c" + itoa(i), Kind: KindApplication}
		if i > 100 {
			for d := 0; d < 4; d++ {
				j := i - 1 - int(next()%100)
				if d == 3 {
					k := i - 1 - int(next()%100)
					if k != j {
						c.DependsOn = append(c.DependsOn, Dependency{Kind: AnyOf, Members: []string{"c" + itoa(j), "c" + itoa(k)}})
					}
					continue
				}
				dup := false
				for _, e := range c.DependsOn {
					dup = dup || e.ID == "c"+itoa(j)
				}
				if !dup {
					c.DependsOn = append(c.DependsOn, Dependency{ID: "c" + itoa(j)})
				}
			}
		}
		doc.Components[i] = c
	}
	m, err := Compile(doc)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var buf [20]byte
	p := len(buf)
	for i > 0 {
		p--
		buf[p] = byte('0' + i%10)
		i /= 10
	}
	return string(buf[p:])
}
