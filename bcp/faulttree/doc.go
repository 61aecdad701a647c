// Package faulttree answers the fault-tree questions of a continuity model,
// read as MODEL.md defines it: a component is an OR gate over its own
// failure (unless it is virtual) and its requirements, anyOf is an AND
// gate, atLeast K of N a vote gate. Every component that is not virtual is
// a basic event, whether or not it has dependencies.
//
//   - SinglePointsOfFailure: for each service, every component whose
//     failure alone takes it down, each explained by a step from the
//     nearest point already explained, and a ranking by blast radius.
//     Linear in the graph plus the size of the answer, which is capped
//     (SPOFOptions.MaxPairs).
//   - CutSets: minimal cut sets up to an order, the minimal solutions of
//     the component's binary decision diagram truncated at the order.
//   - Availability: the exact probability that a component is up, module
//     by module (Dutuit & Rauzy), by arithmetic where a module's inputs are
//     independent and by a binary decision diagram where they are not. A
//     module's logic is first simplified as SCRAM's preprocessor does
//     (pdag.go, pdagrewrite.go): identical gates merged, failure
//     propagation of shared nodes, new modules from a gate's modular
//     arguments, gate coalescing, merging of common arguments, absorption
//     and distributivity, with the variable order taken before the last
//     four.
//
// Answers past a documented limit are a *LimitError wrapping
// ErrTooManyPairs, ErrTooManyCutSets or ErrBDDTooLarge; never a silently
// cut answer. The analyses read the immutable *bcp.Model and are safe for
// concurrent use.
package faulttree
