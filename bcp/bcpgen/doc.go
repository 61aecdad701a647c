// Package bcpgen generates continuity models deterministically from a seed:
// large layered organisations for benchmarks, and small dense ones for
// property tests against brute force. The same Config and Seed always give
// the same document.
package bcpgen
