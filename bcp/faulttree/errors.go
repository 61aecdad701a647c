package faulttree

import (
	"errors"
	"fmt"

	"github.com/continuitykit/continuity/internal/bdd"
)

// Errors for answers past a documented limit. They arrive wrapped in a
// *LimitError; match them with errors.Is.
var (
	// ErrTooManyPairs: SinglePointsOfFailure would hold more (component,
	// SPOF) pairs than SPOFOptions.MaxPairs.
	ErrTooManyPairs = errors.New("too many single points of failure")
	// ErrTooManyCutSets: CutSets would return more sets than
	// CutSetOptions.MaxSets.
	ErrTooManyCutSets = errors.New("too many cut sets")
	// ErrBDDTooLarge: a decision diagram needs more live nodes than its
	// limit, even after garbage collection.
	ErrBDDTooLarge = bdd.ErrTooLarge
)

// LimitError reports an answer that would pass a limit: which limit, its
// value, and the component being analysed when it was reached.
type LimitError struct {
	Err   error
	Limit int
	Of    string
}

// Error says what was exceeded and how to get an answer anyway.
func (e *LimitError) Error() string {
	switch e.Err {
	case ErrTooManyPairs:
		return fmt.Sprintf("%v: more than %d (component, SPOF) pairs by %q; analyse fewer components (--of) or raise the limit", e.Err, e.Limit, e.Of)
	case ErrTooManyCutSets:
		return fmt.Sprintf("%v: %q has more than %d; lower the order or raise the limit", e.Err, e.Of, e.Limit)
	}
	return fmt.Sprintf("%v: more than %d live nodes for %q", e.Err, e.Limit, e.Of)
}

// Unwrap returns the kind of limit, for errors.Is.
func (e *LimitError) Unwrap() error { return e.Err }

func isTooLarge(err error) bool { return errors.Is(err, bdd.ErrTooLarge) }
