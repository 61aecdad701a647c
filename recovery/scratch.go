package recovery

import (
	"math"
	"sync"
	"time"
)

// scratches keeps planners' model-sized working arrays between plans. An
// incident on a large model touches a small cone: allocating arrays the
// size of the model for every plan made each answer cost the model (and
// the garbage collector scan it again and again). The pool holds only
// scratch memory, emptied where a plan wrote; it changes no answer.
var scratches sync.Pool

// scratch is a planner's per-component state. Between plans stepOf is -1,
// finite 0, local -1, and cone, linked and noSteps false everywhere; up is valid
// only where upStamp is the current stamp or the plan's fixed stamp, and
// stamps only grow, so old entries are stale without clearing them.
type scratch struct {
	stepOf  []int32         // step of each component, -1 if none
	finite  []time.Duration // end of finite disruptions (0: none)
	cone    []bool          // brought down by a target, directly or not
	linked  []uint8         // linkSteps' visit state
	noSteps []bool          // no step under the component (linkSteps)
	// deadline and dlDone: deadlines' memo, read only in the cone.
	deadline []time.Duration
	dlDone   []bool
	// local numbers the cone densely for chooseStrategies (-1: not in it).
	local   []int32
	up      []time.Duration
	upStamp []int32
	stamp   int32
	// touched lists the components whose entries must be emptied: the
	// cone (which holds the targets) and what linkSteps visited.
	touched []int32
}

// getScratch returns working arrays for a model of n components, empty.
func getScratch(n int) *scratch {
	if s, ok := scratches.Get().(*scratch); ok && len(s.stepOf) == n {
		if s.stamp > math.MaxInt32/2 {
			// Stamps would overflow within a few plans: start over.
			clear(s.upStamp)
			s.stamp = 0
		}
		return s
	}
	s := &scratch{stepOf: make([]int32, n), finite: make([]time.Duration, n), cone: make([]bool, n), linked: make([]uint8, n),
		noSteps: make([]bool, n), deadline: make([]time.Duration, n), dlDone: make([]bool, n),
		up: make([]time.Duration, n), upStamp: make([]int32, n), local: make([]int32, n)}
	for i := range s.stepOf {
		s.stepOf[i], s.local[i] = -1, -1
	}
	return s
}

// putScratch empties what a plan wrote and keeps the arrays for the next.
func putScratch(s *scratch) {
	for _, x := range s.touched {
		s.stepOf[x], s.finite[x], s.local[x] = -1, 0, -1
		s.cone[x], s.linked[x], s.noSteps[x], s.dlDone[x] = false, 0, false, false
	}
	s.touched = s.touched[:0]
	scratches.Put(s)
}
