package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/backstage"
	"github.com/continuitykit/continuity/importers/ingest"
	"github.com/continuitykit/continuity/importers/otel"
	"github.com/continuitykit/continuity/importers/pagerduty"
	"github.com/continuitykit/continuity/importers/servicenow"
	"github.com/spf13/cobra"
)

// importFlags are the flags every import verb shares.
type importFlags struct {
	out, keep, report, name string
}

func (f *importFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write the model to this file (default: standard output)")
	cmd.Flags().StringVar(&f.keep, "keep", "", "hand-kept model file joined onto the import by id (objectives, BIA, recovery, scenarios)")
	cmd.Flags().StringVar(&f.report, "report", "", "write the unmapped report to this file (.json for JSON; default: standard error)")
	cmd.Flags().StringVar(&f.name, "name", "", "the model's name (default: the source)")
}

func (a *app) importCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use: "import SOURCE ...",
		Example: `  bcp import servicenow --ci cmdb_ci.json --rel cmdb_rel_ci.json -o imported.yaml
  bcp import backstage catalog-info.yaml -o imported.yaml`,
		Short: "Build a model from a CMDB, a service catalog, on-call dependencies or traces, with a report of what was not mapped",
		Long: `import reads the dependency data that other systems keep and writes a model
file that bcp validates. Every record that could not be mapped is named in
the unmapped report, with why; relations that close a cycle are cut and
reported with the cycle. Re-importing the same export gives the same bytes.

Keep continuity facts (objectives, BIA, recovery, fallbacks, scenarios) in
a separate file and give it with --keep: it is joined onto the import by
component id, so a re-import never loses them.`,
		SuggestionsMinimumDistance: 2,
		// Without RunE cobra prints the help and exits 0 for an unknown
		// source, so that a script's typo would pass for a success.
		RunE: func(cmd *cobra.Command, args []string) error {
			var valid []string
			for _, c := range cmd.Commands() {
				if c.IsAvailableCommand() {
					valid = append(valid, c.Name())
				}
			}
			if len(args) == 0 {
				return fmt.Errorf("import needs a source: %s", strings.Join(valid, ", "))
			}
			hint := ""
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				hint = fmt.Sprintf(" (did you mean %q?)", s[0])
			}
			return fmt.Errorf("unknown import source %q%s; valid: %s", args[0], hint, strings.Join(valid, ", "))
		},
	}
	cmd.AddCommand(a.importServiceNowCmd(), a.importFilesCmd("backstage", "catalog-info.yaml files (several entities per file)"),
		a.importFilesCmd("pagerduty", "service dependency and service list responses of the REST API (JSON)"),
		a.importFilesCmd("otel", "Prometheus text scrapes of the servicegraph connector's traces_service_graph_request_total"))
	return cmd
}

func (a *app) importServiceNowCmd() *cobra.Command {
	var f importFlags
	var cis, rels, types, kinds, relations, columns []string
	var opts servicenow.Options
	cmd := &cobra.Command{
		Use: "servicenow --ci CI.json --rel REL.json [-o model.yaml]",
		Example: `  bcp import servicenow --ci testdata/servicenow/cmdb_ci.json --rel testdata/servicenow/cmdb_rel_ci.json -o imported.yaml
  bcp import servicenow --ci ci.json --rel rel.json --keep continuity.yaml -o model.yaml && bcp spof model.yaml`,
		Short: "Import cmdb_ci and cmdb_rel_ci exports (Table API JSON or CSV list exports)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(cis) == 0 {
				return errors.New("servicenow needs --ci FILE: a cmdb_ci export")
			}
			if err := parseServiceNowOptions(&opts, kinds, relations, columns); err != nil {
				return err
			}
			im := servicenow.New(opts)
			steps := []struct {
				files     []string
				json, csv func(string, io.Reader) error
			}{{cis, im.ReadCIs, im.ReadCIsCSV}, {types, im.ReadRelTypes, nil}, {rels, im.ReadRelations, im.ReadRelationsCSV}}
			for _, s := range steps {
				for _, file := range s.files {
					read := s.json
					if strings.EqualFold(filepath.Ext(file), ".csv") && s.csv != nil {
						read = s.csv
					}
					if err := readFile(file, read); err != nil {
						return err
					}
				}
			}
			doc, rep := im.Result(firstNonEmpty(f.name, "ServiceNow CMDB"))
			return a.finishImport(&f, "servicenow", append(append(cis, types...), rels...), doc, rep)
		},
	}
	f.register(cmd)
	cmd.Flags().StringArrayVar(&cis, "ci", nil, "cmdb_ci (or class) export: Table API JSON, or CSV (.csv) (repeatable)")
	cmd.Flags().StringArrayVar(&rels, "rel", nil, "cmdb_rel_ci export: Table API JSON, or CSV (.csv) (repeatable)")
	cmd.Flags().StringArrayVar(&types, "types", nil, "cmdb_rel_type export, for relationship exports without display values")
	cmd.Flags().StringArrayVar(&kinds, "kind", nil, "map a CI class to a kind: CLASS=KIND (repeatable)")
	cmd.Flags().StringArrayVar(&relations, "relation", nil, `map a relationship type: "NAME=dependsOn|members|ignore[,reverse]" (repeatable)`)
	cmd.Flags().StringArrayVar(&columns, "column", nil, "CSV header of a field when it is neither the field name nor ServiceNow's label: FIELD=HEADER, e.g. name=\"CI name\" (repeatable)")
	cmd.Flags().BoolVar(&opts.IDsFromSysID, "sys-id-ids", false, "use sys_ids as component ids instead of slugs of CI names")
	cmd.Flags().BoolVar(&opts.KeepRetired, "keep-retired", false, "import retired CIs too")
	return cmd
}

func parseServiceNowOptions(opts *servicenow.Options, kinds, relations, columns []string) error {
	opts.Kinds, opts.Relations = map[string]bcp.Kind{}, map[string]servicenow.Relation{}
	for _, k := range kinds {
		class, kind, ok := strings.Cut(k, "=")
		if !ok {
			return fmt.Errorf("--kind %q: write CLASS=KIND, e.g. cmdb_ci_printer=infrastructure", k)
		}
		opts.Kinds[class] = bcp.Kind(kind)
	}
	roles := map[string]servicenow.Role{"dependson": servicenow.DependsOn, "members": servicenow.Members, "ignore": servicenow.Ignore}
	for _, r := range relations {
		i := strings.LastIndex(r, "=")
		if i < 0 {
			return fmt.Errorf("--relation %q: write NAME=dependsOn|members|ignore[,reverse]", r)
		}
		role, reverse := strings.CutSuffix(strings.ToLower(r[i+1:]), ",reverse")
		ro, ok := roles[role]
		if !ok {
			return fmt.Errorf("--relation %q: the role %q is not dependsOn, members or ignore", r, r[i+1:])
		}
		opts.Relations[r[:i]] = servicenow.Relation{Role: ro, Reverse: reverse}
	}
	cols := map[string]*string{"sys_id": &opts.Columns.SysID, "name": &opts.Columns.Name, "sys_class_name": &opts.Columns.Class,
		"owned_by": &opts.Columns.OwnedBy, "support_group": &opts.Columns.SupportGroup, "busines_criticality": &opts.Columns.Criticality,
		"operational_status": &opts.Columns.Status, "location": &opts.Columns.Location, "parent": &opts.Columns.Parent,
		"child": &opts.Columns.Child, "type": &opts.Columns.Type}
	for _, c := range columns {
		field, header, ok := strings.Cut(c, "=")
		dst, known := cols[field]
		if !ok || !known {
			return fmt.Errorf("--column %q: write FIELD=HEADER with FIELD one of sys_id name sys_class_name owned_by support_group busines_criticality operational_status location parent child type", c)
		}
		*dst = header
	}
	return nil
}

// importExamples are the help examples of the file-reading import verbs.
var importExamples = map[string]string{
	"backstage": "  bcp import backstage catalog/*.yaml -o imported.yaml\n  bcp import backstage catalog-info.yaml --keep continuity.yaml -o model.yaml",
	"pagerduty": "  bcp import pagerduty dependencies.json services.json -o imported.yaml",
	"otel":      "  curl -s http://127.0.0.1:8889/metrics > graph.prom   # the servicegraph connector's scrape\n  bcp import otel graph.prom -o imported.yaml",
}

// importFilesCmd is the verb of a source whose importer reads files of one
// kind: backstage, pagerduty, otel.
func (a *app) importFilesCmd(source, what string) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:     source + " FILE... [-o model.yaml]",
		Short:   "Import " + what,
		Example: importExamples[source],
		Args:    needFiles,
		RunE: func(cmd *cobra.Command, files []string) error {
			var read func(string, io.Reader) error
			var result func(string) (*bcp.Document, *ingest.Report)
			switch source {
			case "backstage":
				im := backstage.New(backstage.Options{})
				read, result = im.Read, im.Result
			case "pagerduty":
				im := pagerduty.New()
				read, result = im.Read, im.Result
			default:
				im := otel.New(otel.Options{})
				read, result = im.Read, im.Result
			}
			for _, file := range files {
				if err := readFile(file, read); err != nil {
					return err
				}
			}
			doc, rep := result(firstNonEmpty(f.name, source))
			return a.finishImport(&f, source, files, doc, rep)
		},
	}
	f.register(cmd)
	return cmd
}

func readFile(path string, read func(string, io.Reader) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	return read(path, file)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// finishImport joins the kept file, writes the model and the report, and
// checks that the model compiles: exit 1 with its problems if not.
func (a *app) finishImport(f *importFlags, source string, inputs []string, doc *bcp.Document, rep *ingest.Report) error {
	// An input with no record of the source's kind is the wrong file, not
	// an empty organisation: say so instead of writing an empty model.
	if len(doc.Components) == 0 && len(rep.Skipped) == 0 {
		return fmt.Errorf("no %s records found in %s; is it an export of %s? (see bcp import %s --help)", source, strings.Join(inputs, ", "), source, source)
	}
	header := fmt.Sprintf("Generated by bcp import %s from %s.\nDo not edit: a re-import rewrites this file. Keep continuity facts in a file given with --keep.", source, strings.Join(inputs, ", "))
	if f.keep != "" {
		kept, err := bcp.ParseFiles(f.keep)
		if err != nil {
			return a.printProblems(err)
		}
		doc = ingest.Overlay(doc, kept, rep)
		rep.Sort()
		header += "\nJoined with " + f.keep + "."
	}
	if err := a.writeModel(f.out, doc, header); err != nil {
		return err
	}
	if err := a.writeReport(f.report, rep); err != nil {
		return err
	}
	// The document written is the one compiled: a model bcp validate accepts.
	if _, err := bcp.Compile(doc); err != nil {
		return a.printProblems(err)
	}
	return nil
}

// writeModel streams the model to the file, or to standard output.
func (a *app) writeModel(path string, doc *bcp.Document, header string) error {
	if path == "" {
		return ingest.WriteYAML(a.stdout, doc, header)
	}
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := ingest.WriteYAML(file, doc, header); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

func (a *app) writeReport(path string, rep *ingest.Report) error {
	var buf bytes.Buffer
	if strings.EqualFold(filepath.Ext(path), ".json") {
		if rep.Skipped == nil {
			rep.Skipped = []ingest.Skip{}
		}
		if rep.Cuts == nil {
			rep.Cuts = []ingest.Cut{}
		}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if err := rep.WriteText(&buf); err != nil {
		return err
	}
	if path == "" {
		_, err := a.stderr.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// printProblems prints a model's problems as file:line:col: message and
// turns them into exit code 1.
func (a *app) printProblems(err error) error {
	var ps bcp.Problems
	if !errors.As(err, &ps) {
		return err
	}
	for _, p := range ps {
		fmt.Fprintln(a.stderr, p.Error())
	}
	fmt.Fprintf(a.stderr, "%d problem(s)\n", len(ps))
	return exitError{exitFindings}
}
