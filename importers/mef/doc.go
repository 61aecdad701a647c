// Package mef exchanges fault trees with tools that use the Open-PSA Model
// Exchange Format (MEF), such as SCRAM. Write exports the failure logic of a
// component of a bcp model as a fault tree whose top event is that
// component being down, so that bcp's cut sets and exact availability can be
// checked against, and compared in speed with, established fault-tree
// tools. Read imports a MEF fault tree as a bcp document, so that existing
// fault trees get bcp's analyses (the bcp CLI reads .xml files this way).
//
// The mapping is that of the failure semantics (README.md): a component is an OR gate over its own
// failure (a basic event with probability 1-availability) and its
// requirements; anyOf is an AND gate; atLeast k of n is an atleast gate
// with min = n-k+1. Parts that cannot fail (availability 1, virtual, or
// only such parts below) are left out, since MEF gates need arguments.
package mef
