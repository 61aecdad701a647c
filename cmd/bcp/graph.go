package main

import (
	"bytes"
	"fmt"

	"github.com/continuitykit/continuity/report"
	"github.com/spf13/cobra"
)

func (a *app) graphCmd() *cobra.Command {
	var opts report.GraphOptions
	var format string
	var of, scenario []string
	cmd := &cobra.Command{
		Use: "graph FILE... [--of ID --depth N] [--scenario S] [--format dot|mermaid]",
		Example: `  bcp graph examples/contact-centre/model.yaml --format mermaid > deps.mmd
  bcp graph examples/contact-centre/model.yaml --of customer-service --depth 2 --scenario site-loss --format dot | dot -Tsvg > cs.svg`,
		Short: "Draw the dependency graph (or one component's slice) with SPOFs, redundancy and a scenario's damage marked",
		Args:  needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			opts.Of, opts.Scenario = last(of), last(scenario)
			if opts.Depth < 0 {
				return fmt.Errorf("--depth %d: give 0 (no limit) or more", opts.Depth)
			}
			if cmd.Flags().Changed("depth") && opts.Of == "" {
				return fmt.Errorf("--depth %d needs --of ID: the depth counts requirement steps from that component", opts.Depth)
			}
			render := map[string]func(*bytes.Buffer) error{}
			m, err := a.load(files)
			if err != nil {
				return err
			}
			render["dot"] = func(b *bytes.Buffer) error { return report.DOT(b, m, opts) }
			render["mermaid"] = func(b *bytes.Buffer) error { return report.Mermaid(b, m, opts) }
			fn, ok := render[format]
			if !ok {
				return fmt.Errorf("--format %q: valid are dot and mermaid", format)
			}
			var buf bytes.Buffer
			if err := fn(&buf); err != nil {
				return err
			}
			_, err = a.stdout.Write(buf.Bytes())
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "mermaid", "dot (Graphviz) or mermaid (GitHub and GitLab Markdown)")
	cmd.Flags().StringArrayVar(&of, "of", nil, "show only this component and what it needs")
	cmd.Flags().IntVar(&opts.Depth, "depth", 0, "with --of: how many requirement steps to show (0: all)")
	cmd.Flags().StringArrayVar(&scenario, "scenario", nil, "mark what this scenario takes down")
	cmd.Flags().BoolVar(&opts.Reduce, "reduce", false, "leave out arrows that a longer path implies (large diagrams)")
	cmd.Flags().StringVar(&opts.ClusterBy, "cluster", "", "group components by site, owner, kind or none (default: site if known, else owner)")
	return onceFlags(cmd, "of", "scenario")
}

// last is the value of a flag given at most once (onceFlags), or "".
func last(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}
