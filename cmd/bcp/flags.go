package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// distinctFlags makes the repeatable id flags of cmd (--scenario, --of)
// refuse an id given twice. Answering it twice would list one scenario or
// component twice and change the JSON's shape (one object or a list) with
// a slip of the hand or of a script, so every verb refuses it alike.
func distinctFlags(cmd *cobra.Command, names ...string) *cobra.Command {
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		for _, name := range names {
			ids, err := c.Flags().GetStringArray(name)
			if err != nil {
				return err
			}
			seen := make(map[string]bool, len(ids))
			for _, id := range ids {
				if seen[id] {
					return fmt.Errorf("--%s %s is given twice; name each once", name, id)
				}
				seen[id] = true
			}
		}
		return run(c, args)
	}
	return cmd
}

// onceFlags makes flags of cmd that take one value refuse being given
// more than once, where pflag would silently keep the last one.
func onceFlags(cmd *cobra.Command, names ...string) *cobra.Command {
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		for _, name := range names {
			vs, err := c.Flags().GetStringArray(name)
			if err != nil {
				return err
			}
			if len(vs) > 1 {
				return fmt.Errorf("--%s is given %d times (%q); %s takes one", name, len(vs), vs, c.Name())
			}
		}
		return run(c, args)
	}
	return cmd
}

// needFiles is the argument check of every command that reads files:
// cobra's own says "requires at least 1 arg(s)".
func needFiles(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s needs one or more files: %s", cmd.Name(), cmd.UseLine())
	}
	return nil
}
