package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/neardup/neardup/pipeline"
)

// help is what a command's help shows besides its usage text: its flags in groups, the ones
// that matter first and those for developers last, and examples.
type help struct {
	groups   []flagGroup // flags in none of them are listed under "Other flags", before developer groups
	examples []string    // command lines, each with a comment after '#'
	// notHere says why a flag other commands have does not apply to this one, for its error.
	notHere map[string]string
}

// flagGroup is a titled list of flags; dev groups come last.
type flagGroup struct {
	title string
	names []string
	dev   bool
}

// The flags of pipeline.Options, by what they are for.
var (
	matchFlags    = []string{"threshold", "containment", "min-reuse-words", "min-passage", "max-gap", "rewrite", "no-reuse"}
	readFlags     = []string{"strict", "max-doc-bytes", "follow-symlinks", "id-field", "text-field", "source-field", "title-field", "published-field", "url-field", "author-field"}
	tuningFlags   = []string{"shingle", "num-perm", "window", "boilerplate", "stock-docs", "max-postings", "workers", "tmpdir"}
	indexedParams = []string{"threshold", "shingle", "num-perm", "window", "no-reuse", "html-text", "rewrite"} // the analysis (index.Params): fixed when an index is created
	developerFlag = flagGroup{title: "For developers", names: []string{"cpuprofile", "memprofile"}, dev: true}
)

// notInCheck are the flags of scan that check does not take, and why.
var notInCheck = func() map[string]string {
	m := map[string]string{
		"stock-docs": "does not apply: stock phrases are not told against an index",
		"tmpdir":     "does not apply: check spools nothing",
	}
	for _, n := range indexedParams {
		m[n] = "is fixed when the index is created (neardup index stats --index PATH shows it): leave it out"
	}
	// check --rewrite says whether to look for rewritten passages; an index made with them (the
	// default) holds sentence keys besides, which find more of them (check's default then)
	delete(m, "rewrite")
	return m
}()

// helps are the commands' help, by flag set name.
var helps = map[string]help{
	"scan": {
		groups: []flagGroup{
			{title: "Report", names: []string{"format", "o", "v", "quiet", "width", "html-max-pairs", "timestamp"}},
			{title: "What is related", names: matchFlags},
			{title: "Input", names: slices.Insert(slices.Clone(readFlags), 3, "html-text")},
			{title: "Persistent index", names: []string{"index", "add", "wait", "skip-existing", "no-compact"}},
			{title: "Tuning", names: tuningFlags},
			developerFlag,
		},
		examples: []string{
			"neardup scan testdata/sample                                # a folder of articles, text report",
			"neardup scan day.jsonl.gz --format jsonl -o clusters.jsonl  # a night's batch, the JSON Lines contract",
			"zcat day.jsonl.gz | neardup scan --no-reuse -v -            # near-duplicates only, from stdin, with stage times",
		},
	},
	"check": {
		groups: []flagGroup{
			{title: "Check", names: []string{"index", "format", "o", "passages", "fail-over", "count-credited", "stdin-format"}},
			{title: "What is related (the analysis itself is the index's)", names: []string{"containment", "min-reuse-words", "min-passage", "max-gap", "boilerplate", "max-postings", "rewrite"}},
			{title: "Input", names: append(slices.Clone(readFlags), "workers")},
		},
		examples: []string{
			"neardup check --index news.ndx draft.md                     # which indexed articles a draft copies from, and where",
			"neardup check --index news.ndx --fail-over 0.3 drafts/      # exit status 3 if a draft has over 30% uncredited from one article",
			"neardup check --index news.ndx --fail-over 0.3 --count-credited draft.md   # quotes and credited copy count too",
			"pbpaste | neardup check --index news.ndx -                  # a draft as plain text on stdin",
			"neardup check --index news.ndx --format jsonl --stdin-format jsonl - < d.jsonl   # drafts as JSON Lines records",
			"neardup check --index news.ndx --format html -o check.html draft.md   # the draft beside each source, passages highlighted",
		},
		notHere: notInCheck,
	},
	"eval": {
		groups: []flagGroup{
			{title: "Labels", names: []string{"truth", "pairs", "docs", "stories"}},
			{title: "Scoring", names: []string{"relation", "same-cluster", "json"}},
		},
		examples: []string{
			"neardup eval --truth pan13/truth.jsonl --pairs pan13/pairs.tsv pan13.pairs   # PAN-13's pairs and passages",
			"neardup eval --stories news-20000.stories.tsv news-20000.jsonl              # clusters as stories, B-cubed",
		},
	},
	"index add": {
		groups: []flagGroup{
			{title: "Index", names: []string{"index", "skip-existing", "wait", "no-compact", "quiet"}},
			{title: "Analysis (fixed when the index is created)", names: indexedParams},
			{title: "Input", names: append(slices.Clone(readFlags), "workers")},
		},
		examples: []string{
			"neardup index add --index news.ndx day.jsonl.gz               # add a night's articles: all or nothing",
			"neardup index add --index news.ndx --skip-existing archive/   # keep articles indexed before",
			"neardup index add --index news.ndx --no-compact --wait -      # from stdin, after the writer before, compact later",
		},
	},
	"index remove": {examples: []string{
		"neardup index remove --index news.ndx wire-0412 wire-0413   # remove two articles",
		"neardup index remove --index news.ndx --wait retracted-7     # after the writer running now",
	}},
	"index stats": {examples: []string{
		"neardup index stats --index news.ndx   # articles, size, analysis, postings, recent commits",
		"neardup index stats --index news.ndx | grep analysis",
	}},
	"index verify": {examples: []string{
		"neardup index verify --index news.ndx          # checksums, postings, counts",
		"neardup index verify --index news.ndx --deep   # and every text analysed again (slower)",
	}},
	"index compact": {examples: []string{
		"neardup index compact --index news.ndx          # reclaim the space of removed and replaced articles",
		"neardup index compact --index news.ndx --wait   # after the writer running now",
	}},
}

// newFlagSet makes a command's flag set: errors go to stderr; help (-h, --help) shows usage,
// then the flags as helps[name] groups them, with two dashes, then examples.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		printFlags(fs.Output(), fs, helps[name].groups)
		if ex := helps[name].examples; len(ex) > 0 {
			fmt.Fprintln(fs.Output(), "\nExamples:")
			for _, e := range ex {
				fmt.Fprintln(fs.Output(), "  "+e)
			}
		}
	}
	return fs
}

// registerOptions binds onto fs the flags of pipeline.Options that a command uses (all of them
// with no names): only flags that apply are listed in its help.
func registerOptions(fs *flag.FlagSet, opts *pipeline.Options, names ...string) {
	all := flag.NewFlagSet("", flag.ContinueOnError)
	opts.RegisterFlags(all)
	all.VisitAll(func(f *flag.Flag) {
		if len(names) == 0 || slices.Contains(names, f.Name) {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
}

// errHelp is splitArgs's answer to -h, -help or --help.
var errHelp = errors.New("help requested")

// parseFlags parses args, flags anywhere among them (neardup scan seeds --format csv), "--"
// ending them. When the command must stop (help asked for, or a bad flag, already reported) it
// returns the exit status and false.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	flags, positional, err := splitArgs(fs, args)
	if errors.Is(err, errHelp) {
		fs.Usage()
		return exitOK, false
	}
	hint := func() { fmt.Fprintf(fs.Output(), "neardup help %s lists the flags\n", fs.Name()) }
	if err != nil {
		printError(fs.Output(), fs.Name(), err)
		hint()
		return exitUsage, false
	}
	full := fs.Usage
	fs.Usage = hint // after the flag package's own message: a hint, not the whole help
	defer func() { fs.Usage = full }()
	if err := fs.Parse(append(append(flags, "--"), positional...)); err != nil {
		return exitUsage, false
	}
	return exitOK, true
}

// splitArgs separates flags (with their values) from the other arguments, wherever they are. A
// flag that is not a boolean takes the next argument as its value unless written --name=value;
// "-" alone is an argument (stdin); "--" ends the flags.
func splitArgs(fs *flag.FlagSet, args []string) (flags, positional []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(positional, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if name == "h" || name == "help" {
			return nil, nil, errHelp
		}
		f := fs.Lookup(name)
		if why, ok := helps[fs.Name()].notHere[name]; f == nil && ok {
			return nil, nil, fmt.Errorf("%s %s", flagName(a), why)
		}
		if f == nil {
			return nil, nil, fmt.Errorf("unknown flag %s", flagName(a))
		}
		flags = append(flags, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); hasValue || ok && b.IsBoolFlag() {
			continue
		}
		if i+1 == len(args) {
			return nil, nil, fmt.Errorf("flag %s needs a value", flagName(a))
		}
		i++
		flags = append(flags, args[i])
	}
	return flags, positional, nil
}

// flagName is how an unknown flag is named back: as written, up to an '='.
func flagName(arg string) string {
	name, _, _ := strings.Cut(arg, "=")
	return name
}

// printFlags lists the flags of fs, with two dashes, grouped: each group in order, then the flags
// of no group ("Other flags"), then the developer groups.
func printFlags(w io.Writer, fs *flag.FlagSet, groups []flagGroup) {
	listed := map[string]bool{}
	print := func(title string, names []string) {
		var fl []*flag.Flag
		for _, n := range names {
			if f := fs.Lookup(n); f != nil && !listed[n] {
				listed[n] = true
				fl = append(fl, f)
			}
		}
		if len(fl) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, f := range fl {
			printFlag(w, f)
		}
	}
	for _, g := range groups {
		if !g.dev {
			print(g.title, g.names)
		}
	}
	var rest []string
	fs.VisitAll(func(f *flag.Flag) {
		if !listed[f.Name] && !slices.ContainsFunc(groups, func(g flagGroup) bool { return g.dev && slices.Contains(g.names, f.Name) }) {
			rest = append(rest, f.Name)
		}
	})
	title := "Other flags"
	if len(groups) == 0 {
		title = "Flags"
	}
	print(title, rest)
	for _, g := range groups {
		if g.dev {
			print(g.title, g.names)
		}
	}
}

// printFlag writes one flag: "--name VALUE" on a line, then its usage and default, wrapped.
func printFlag(w io.Writer, f *flag.Flag) {
	arg, usage := flag.UnquoteUsage(f)
	line := "  --" + f.Name
	if len(f.Name) == 1 {
		line = "  -" + f.Name // -o, -v, as the README writes them
	}
	if arg != "" {
		line += " " + strings.ToUpper(arg)
	}
	// the default, unless it is the zero value or depends on the machine (workers: the cores)
	if def := f.DefValue; def != "" && def != "0" && def != "false" && f.Name != "workers" {
		if g, ok := f.Value.(flag.Getter); ok {
			if _, isString := g.Get().(string); isString {
				def = fmt.Sprintf("%q", def)
			}
		}
		usage += " (default " + def + ")"
	}
	fmt.Fprintln(w, line)
	for _, l := range wrap(usage, 100-8) {
		fmt.Fprintln(w, "        "+l)
	}
}

// wrap breaks s into lines of at most width runes, between words.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
