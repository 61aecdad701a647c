package otel

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/importers/ingest"
)

// DefaultMetric is the series the servicegraph connector exports.
const DefaultMetric = "traces_service_graph_request_total"

// Options configure an import; the zero value reads DefaultMetric.
type Options struct {
	// Metric is the series name, for collectors that prefix it.
	Metric string
	// VirtualClient is the client name of uninstrumented callers; "" means
	// "user", the connector's default.
	VirtualClient string
}

type edge struct {
	client, server string
}

// Importer reads scrapes and builds the model; create it with New.
type Importer struct {
	opts    Options
	b       ingest.Builder
	kinds   map[string]bcp.Kind
	clients map[string]bool
	first   map[string]ingest.Ref
	edges   map[edge]ingest.Ref
}

// New returns an Importer with the given options.
func New(opts Options) *Importer {
	if opts.Metric == "" {
		opts.Metric = DefaultMetric
	}
	if opts.VirtualClient == "" {
		opts.VirtualClient = "user"
	}
	return &Importer{opts: opts, kinds: map[string]bcp.Kind{}, clients: map[string]bool{}, first: map[string]ingest.Ref{},
		edges: map[edge]ingest.Ref{}, b: ingest.Builder{Report: ingest.Report{Source: "otel"}}}
}

// Read reads one Prometheus text-format scrape. Lines of other metrics and
// comments are passed over.
func (im *Importer) Read(file string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(text, im.opts.Metric) {
			continue
		}
		rest := text[len(im.opts.Metric):]
		if rest != "" && rest[0] != '{' && rest[0] != ' ' && rest[0] != '\t' {
			continue // another metric whose name starts the same
		}
		ref := ingest.Ref{File: file, Line: line}
		labels, err := parseSample(rest)
		if err != nil {
			im.b.Report.Skip(ref, "not a valid sample: %v", err)
			continue
		}
		im.sample(labels, ref)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func (im *Importer) sample(labels map[string]string, ref ingest.Ref) {
	client, server, conn := labels["client"], labels["server"], labels["connection_type"]
	ref.Key = client + " → " + server
	switch {
	case client == "" || server == "":
		im.b.Report.Skip(ref, "the series has no client or no server label")
		return
	case slug(client) == "" || slug(server) == "":
		im.b.Report.Skip(ref, "the client or server name has no letter or digit to make an id of")
		return
	case client == im.opts.VirtualClient && conn == "virtual_node":
		im.b.Report.Skip(ref, "requests from uninstrumented callers (client %q) name no dependency", client)
		return
	}
	im.clients[client] = true
	im.see(client, bcp.KindApplication, ref)
	switch conn {
	case "database":
		im.see(server, bcp.KindData, ref)
	case "messaging_system":
		im.see(server, bcp.KindInfrastructure, ref)
	default:
		im.see(server, bcp.KindApplication, ref)
	}
	if _, dup := im.edges[edge{client, server}]; !dup {
		im.edges[edge{client, server}] = ref
	}
}

func (im *Importer) see(name string, kind bcp.Kind, ref ingest.Ref) {
	if _, ok := im.kinds[name]; !ok {
		im.kinds[name], im.first[name] = kind, ref
	}
}

// Result returns the model and the report of everything not mapped.
func (im *Importer) Result(name string) (*bcp.Document, *ingest.Report) {
	names := make([]string, 0, len(im.kinds))
	for n := range im.kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	ids := map[string]string{}
	for _, n := range names {
		kind := im.kinds[n]
		if im.clients[n] {
			kind = bcp.KindApplication
		}
		id := slug(n)
		ids[n] = id
		c := ingest.Component{ID: id, Kind: kind, Ref: im.first[n]}
		if id != n {
			c.Name = n
		}
		im.b.Add(c)
	}
	es := make([]edge, 0, len(im.edges))
	for e := range im.edges {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		a, b := im.edges[es[i]], im.edges[es[j]]
		return a.File < b.File || a.File == b.File && a.Line < b.Line
	})
	for _, e := range es {
		im.b.Depend(ids[e.client], ids[e.server], im.edges[e])
	}
	return im.b.Document(name), &im.b.Report
}

// slug makes a service name a valid component id (see ingest.Slug).
func slug(s string) string { return ingest.Slug(s, "._:/-") }
