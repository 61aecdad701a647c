package bcpgen

import (
	"fmt"
	"time"

	"github.com/continuitykit/continuity/bcp"
)

// AddOperations gives a generated model what an incident answer reads:
// teams (each with a contact) that recover every component with a
// restore strategy of 30 minutes to 4 hours, and an externalIds entry in
// ServiceNow (a 32-hex sys_id made from the index) for every component.
// It is deterministic: the same document and team count give the same
// result.
func AddOperations(doc *bcp.Document, teams int) {
	for k := 0; k < teams; k++ {
		doc.Teams = append(doc.Teams, bcp.Team{ID: fmt.Sprintf("team-%d", k), Name: fmt.Sprintf("Team %d", k), Contact: fmt.Sprintf("+31 20 555 %04d", k), Capacity: 2})
	}
	for i := range doc.Components {
		c := &doc.Components[i]
		if teams > 0 {
			c.Recovery = &bcp.Recovery{Team: fmt.Sprintf("team-%d", i%teams), Strategies: []bcp.Strategy{{Type: "restore", Time: time.Duration(1+i%8) * 30 * time.Minute}}}
		}
		c.ExternalIDs = map[string]string{"servicenow": ServiceNowID(i)}
	}
}

// ServiceNowID is the sys_id AddOperations gives component i.
func ServiceNowID(i int) string { return fmt.Sprintf("%032x", uint64(i)*0x9e3779b97f4a7c15) }
