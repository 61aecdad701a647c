package mef_test

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/bcpgen"
	"github.com/continuitykit/continuity/bcp/faulttree"
	"github.com/continuitykit/continuity/importers/mef"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoundTrip exports random models' fault trees and reads them back: the
// exact probability and the minimal cut sets must survive.
func TestRoundTrip(t *testing.T) {
	for seed := uint64(0); seed < 60; seed++ {
		doc := bcpgen.Small(seed, 6+int(seed%10))
		// Every component that can fail gets a probability, so that bcp's
		// candidates and the exported basic events are the same set.
		for i := range doc.Components {
			if c := &doc.Components[i]; c.OwnAvailability() == 1 && !c.Virtual {
				c.Availability = 0.97
			}
		}
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		for _, of := range m.ComponentsOfKind(bcp.KindService) {
			var buf bytes.Buffer
			require.NoError(t, mef.Write(&buf, m, of))
			back, err := mef.Read("t.xml", buf.Bytes())
			require.NoError(t, err, buf.String())
			mb, err := bcp.Compile(back)
			require.NoError(t, err, buf.String())
			want, err := faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{of}})
			require.NoError(t, err)
			got, err := faulttree.Availability(mb, faulttree.AvailabilityOptions{Of: []string{"top"}})
			require.NoError(t, err)
			require.InDelta(t, want.Services[0].Unavailability, got.Services[0].Unavailability, 1e-12, "seed %d %s", seed, of)

			wantCS, err := faulttree.CutSets(m, of, faulttree.CutSetOptions{Order: 2})
			require.NoError(t, err)
			gotCS, err := faulttree.CutSets(mb, "top", faulttree.CutSetOptions{Order: 2})
			require.NoError(t, err)
			var mapped [][]string
			for _, set := range gotCS.CutSets {
				var ids []string
				for _, e := range set {
					i, _ := strconv.Atoi(strings.TrimPrefix(e, "e"))
					ids = append(ids, m.ID(i))
				}
				// The exported top event includes the analysed component's
				// own failure, which its cut sets leave out.
				if len(ids) == 1 && ids[0] == of {
					continue
				}
				mapped = append(mapped, ids)
			}
			for _, s := range mapped {
				for i := range s {
					for j := i + 1; j < len(s); j++ {
						if s[j] < s[i] {
							s[i], s[j] = s[j], s[i]
						}
					}
				}
			}
			faulttree.SortCutSets(mapped)
			if len(mapped) == 0 {
				mapped = [][]string{}
			}
			require.Equal(t, wantCS.CutSets, mapped, "seed %d %s", seed, of)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"not xml", "<opsa-mef><define-gate", "t.xml:1:1: XML syntax"},
		{"root", "<model/>", "root element must be <opsa-mef>"},
		{"not gate", "<opsa-mef>\n<define-fault-tree name=\"f\">\n  <define-gate name=\"g\"><not><basic-event name=\"a\"/></not></define-gate>\n</define-fault-tree></opsa-mef>", "t.xml:3:25: gate \"g\" uses <not>: only coherent logic"},
		{"exponential", "<opsa-mef><model-data>\n<define-basic-event name=\"a\"><exponential><float value=\"1e-4\"/><system-mission-time/></exponential></define-basic-event></model-data></opsa-mef>", "t.xml:2:1: basic event \"a\": only constant probabilities"},
		{"argument twice", "<opsa-mef><define-fault-tree name=\"f\">\n<define-gate name=\"g\"><and><basic-event name=\"a\"/>\n<basic-event name=\"a\"/></and></define-gate></define-fault-tree></opsa-mef>", "t.xml:3:1: gate \"g\" lists \"a\" twice in its <and>; give each argument once"},
		{"bad min", "<opsa-mef><define-fault-tree name=\"f\"><define-gate name=\"g\"><atleast min=\"3\"><basic-event name=\"a\"/><basic-event name=\"b\"/></atleast></define-gate></define-fault-tree></opsa-mef>", "needs min between 1 and 2"},
	}
	for _, tt := range tests {
		_, err := mef.Read("t.xml", []byte(tt.src))
		var ps bcp.Problems
		require.True(t, errors.As(err, &ps), "%s: %v", tt.name, err)
		assert.Contains(t, ps.Error(), tt.want, tt.name)
	}
	// A reference to an event never defined is found by Compile.
	doc, err := mef.Read("t.xml", []byte(`<opsa-mef><define-fault-tree name="f"><define-gate name="g"><or><basic-event name="a"/><basic-event name="b"/></or></define-gate></define-fault-tree><model-data><define-basic-event name="a"><float value="0.1"/></define-basic-event></model-data></opsa-mef>`))
	require.NoError(t, err)
	_, err = bcp.Compile(doc)
	assert.ErrorContains(t, err, `refers to unknown component "b"`)
}

// A TRUE house event and a basic event of probability 1 are always down
// (AlwaysDown), not "availability not declared": with either in an AND
// with b (p = 0.1), the top event fails exactly as often as b.
func TestAlwaysDownEvents(t *testing.T) {
	for _, always := range []string{
		`<house-event name="h"/>`,
		`<basic-event name="h"/>`,
	} {
		src := `<opsa-mef><define-fault-tree name="f">
<define-gate name="top"><and>` + always + `<basic-event name="b"/></and></define-gate>
</define-fault-tree><model-data>
<define-house-event name="h"><constant value="true"/></define-house-event>
<define-basic-event name="b"><float value="0.1"/></define-basic-event>
</model-data></opsa-mef>`
		if strings.HasPrefix(always, "<basic") {
			src = strings.Replace(src, `<define-house-event name="h"><constant value="true"/></define-house-event>`, `<define-basic-event name="h"><float value="1"/></define-basic-event>`, 1)
		}
		doc, err := mef.Read("t.xml", []byte(src))
		require.NoError(t, err)
		h := doc.Components[slices.IndexFunc(doc.Components, func(c bcp.Component) bool { return c.ID == "h" })]
		assert.True(t, h.AlwaysDown, always)
		assert.Equal(t, 0.0, h.OwnAvailability(), always)
		m, err := bcp.Compile(doc)
		require.NoError(t, err)
		rep, err := faulttree.Availability(m, faulttree.AvailabilityOptions{Of: []string{"top"}})
		require.NoError(t, err)
		// b is read as availability 1 - 0.1, so its failure is 0.1 to the
		// last bit or two; an h never failing would give 0.
		assert.InDelta(t, 0.1, rep.Services[0].Unavailability, 1e-15, always)

		var buf bytes.Buffer
		require.NoError(t, mef.Write(&buf, m, "top"))
		assert.Contains(t, buf.String(), `<label>h</label><float value="1"/>`, "written back as p = 1")
	}
}

// A fault tree's model is named after its tree, not the path it was read
// from ("testdata/mef/pumps"); a file without one after its base name.
func TestReadNamesTheModel(t *testing.T) {
	doc, err := mef.Read("dir/t.xml", []byte(`<opsa-mef><define-fault-tree name="pumps"><define-gate name="g"><or><basic-event name="a"/><basic-event name="b"/></or></define-gate></define-fault-tree></opsa-mef>`))
	require.NoError(t, err)
	assert.Equal(t, "pumps", doc.Name)
	doc, err = mef.Read("dir/t.xml", []byte(`<opsa-mef><model-data><define-basic-event name="a"><float value="0.1"/></define-basic-event></model-data></opsa-mef>`))
	require.NoError(t, err)
	assert.Equal(t, "t", doc.Name)
}
