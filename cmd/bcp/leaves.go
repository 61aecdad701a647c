package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// errLeaves answers the removed --leaves option.
var errLeaves = errors.New("--leaves was removed: it left out every component with dependencies, " +
	"hiding true single points of failure (a server that fails by itself) and cut sets such as {isp-a, isp-b}; " +
	"every component that is not virtual is a basic event. Mark pure groupings virtual: true instead")

// refuseLeaves registers --leaves, hidden, so that a script still passing
// it gets errLeaves rather than a silently different answer or cobra's
// bare "unknown flag".
func refuseLeaves(cmd *cobra.Command) {
	leaves := cmd.Flags().Bool("leaves", false, "removed")
	_ = cmd.Flags().MarkHidden("leaves")
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if *leaves {
			return errLeaves
		}
		return run(c, args)
	}
}
