package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pbxModel: the PBX server depends on power but also fails by itself, and
// so do the redundant ISPs. --leaves hid pbx from the SPOFs and {isp-a,
// isp-b} from the cut sets, because all three have dependencies.
const pbxModel = `
version: 1
components:
  - {id: telephony, kind: service, dependsOn: [pbx, gateway]}
  - {id: pbx, kind: infrastructure, dependsOn: [power]}
  - {id: gateway, kind: network, virtual: true, dependsOn: [{anyOf: [isp-a, isp-b]}]}
  - {id: power, kind: site}
  - {id: isp-a, kind: supplier, dependsOn: [power-a]}
  - {id: isp-b, kind: supplier, dependsOn: [power-b]}
  - {id: power-a, kind: site}
  - {id: power-b, kind: site}
`

// TestNoOptionHidesABasicEvent: every component that is not virtual is a
// basic event (MODEL.md), dependencies or not; --leaves, which hid them,
// is refused with an explanation.
func TestNoOptionHidesABasicEvent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pbx.yaml")
	require.NoError(t, os.WriteFile(path, []byte(pbxModel), 0o644))

	out, errOut, code := runCLI("spof", path, "--json")
	require.Equal(t, 0, code, errOut)
	var spof struct {
		Services []struct {
			ID   string   `json:"id"`
			SPOF []string `json:"spof"`
		} `json:"services"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &spof))
	assert.Equal(t, []string{"pbx", "power"}, spof.Services[0].SPOF)

	out, errOut, code = runCLI("cutsets", path, "--of", "telephony", "--json")
	require.Equal(t, 0, code, errOut)
	assert.JSONEq(t, `{"of":"telephony","order":2,"cutsets":[["pbx"],["power"],
		["isp-a","isp-b"],["isp-a","power-b"],["isp-b","power-a"],["power-a","power-b"]]}`, out)

	for _, verb := range [][]string{{"spof", path}, {"cutsets", path, "--of", "telephony"}} {
		_, errOut, code = runCLI(append(verb, "--leaves")...)
		assert.Equal(t, 2, code, verb)
		assert.Contains(t, errOut, "--leaves was removed", verb)
	}
}
