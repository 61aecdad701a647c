// Command bcp analyses business continuity models: it validates them, runs
// their rules, simulates scenarios, and finds single points of failure, cut
// sets and availability. It only parses flags, calls package bcp and prints;
// see README.md.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
