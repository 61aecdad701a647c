// Package bdd holds the decision diagrams behind the fault-tree analyses:
// reduced ordered binary decision diagrams with complement edges, a unique
// table, a lossy computed table and garbage collection (Manager), for exact
// probabilities; and zero-suppressed diagrams (ZManager) for families of
// minimal cut sets, computed from a BDD by Rauzy's minimal-solutions
// algorithm with an order cutoff.
//
// It is internal: its API serves package faulttree and may change freely.
package bdd
