# neardup: make demo runs the main job on the bundled sample; make test runs the tests.
GO       ?= go
N        ?= 200000
FUZZTIME ?= 20000x
# make test's fuzz pass: a fixed count per target, short (the long one is make test-race's)
FUZZTIME_SHORT ?= 1000x
OUT      ?= out
BENCH    ?= .
BASE     ?= HEAD

# fuzz targets as package:Target
FUZZ := ./shingle:FuzzTokenize ./shingle:FuzzSum64 ./shingle:FuzzWinnow4 \
	./input:FuzzParseJSON ./input:FuzzScanObject ./input:FuzzUnquote ./input:FuzzHTMLText ./input:FuzzMainText ./input:FuzzPublishedDate \
	./input:FuzzWARC ./input:FuzzDecodeDeclared ./input:FuzzCSVInput ./input:FuzzFeed ./input:FuzzWalkJSONL \
	./pipeline:FuzzAlign ./pipeline:FuzzDecodeSentences ./pipeline:FuzzDateline ./pipeline:FuzzAnalyzedRecord ./pipeline:FuzzMinwise ./pipeline:FuzzKeyMins ./index:FuzzOpen ./index:FuzzDecode ./index:FuzzFirstPosting \
	./report:FuzzAppendString ./credit:FuzzRead ./credit:FuzzMentionsAgency ./credit:FuzzPrefilters

.PHONY: all build test test-race fuzz bench bench-go lint demo corpus news news-big nights clean e2e eval bench-scan bench-compare bench-index beam beam-test beam-parity bench-serve cost-bounds

all: lint test build

build:
	@echo "building bin/neardup (the first build compiles neardup and its dependencies: a minute or two; later ones take seconds)"
	$(GO) build -o bin/neardup ./cmd/neardup

demo: build
	@echo "scanning testdata/sample: the text report on stdout, the summary on stderr"
	./bin/neardup scan testdata/sample

# every package's tests (fuzz seeds included), then a short fuzz pass: a couple of minutes on a
# cold 2-core machine (most of it compiling), a line per package as it passes
test:
	@echo "go test ./...: one line per package as it passes (a cold build cache compiles for a minute or so first)"
	$(GO) test ./...
	$(GO) test -tags purego ./pipeline ./shingle ./internal/postings
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_SHORT)

# the Beam job (beam/, a module of its own, so that neither make test nor bin/neardup builds
# Apache Beam's module tree): vet, then its tests on prism, embedded in the test process
# (connected components against union-find; reports byte-identical to neardup scan's). The
# first build compiles about 300 modules: several minutes on 2 cores; later ones take seconds.
beam-test:
	cd beam && $(GO) vet ./... && $(GO) test -short ./...

# the Beam job against neardup scan on Reuters-21578 and the synthetic corpus of 20,000 articles
# (../shared: developers and CI), by default, byte for byte: about three minutes and 9 GB (prism
# holds every element in the test's process); NEARDUP_PARITY_ALL=1 adds --rewrite=false
beam-parity:
	@log=$$(mktemp); cd beam && $(GO) test -run 'TestSameAsScanLarge' -timeout 60m -v ./job >$$log 2>&1; rc=$$?; \
	grep -v '^time=' $$log | grep -E '^(=== RUN|--- |    |ok|FAIL|PASS|panic)' | cut -c1-400; rm -f $$log; exit $$rc

# bin/neardup-beam
beam:
	cd beam && $(GO) build -o ../bin/neardup-beam ./cmd/neardup-beam

# the slower passes: the race detector over every package (pipeline and corpus take about a minute
# each under it), then the longer fuzz pass; .ci/run runs it after make test
test-race:
	@echo "go test -race ./...: one line per package as it passes"
	$(GO) test -race -timeout 20m ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)

# a fuzz pass: a fixed count of inputs (FUZZTIME) per target
fuzz:
	@set -e; for t in $(FUZZ); do pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) $$pkg; done

lint:
	@out=$$(gofmt -l . | grep -v '^out/' || true); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags purego ./...

# Go benchmarks per stage (MB/s, docs/s, allocs), then the end-to-end scans (about 10 minutes)
bench: bench-go bench-scan

bench-go:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem ./...

# quality figures on every data set present in ../shared/data; fails below testdata/eval-floors
eval: build
	GO=$(GO) OUT=$(OUT) scripts/eval.sh

# end-to-end scans: wall time, peak RSS, MB/s into $(OUT)/bench/scan.tsv and scaling.svg
bench-scan: build
	GO=$(GO) OUT=$(OUT) scripts/bench-scan.sh

# issue 13's cost bounds, in alternated rounds: the recurring-paragraph corpus (--no-reuse,
# --rewrite=false, default) and the 200k synthetic corpus (default, --rewrite=false, and the
# binary BASE_BIN=path when given); scripts/c20k-score.py scores a report of the first
cost-bounds: build
	NEARDUP=$(CURDIR)/bin/neardup BASE='$(BASE_BIN)' C20K=$(OUT)/bench/c20k.jsonl SYN=$(OUT)/corpus/synthetic-200000.jsonl.gz scripts/cost-bounds.sh

# benchstat comparison of the Go benchmarks: make bench-compare BASE=<git rev>
bench-compare:
	GO=$(GO) OUT=$(OUT) BENCH='$(BENCH)' scripts/bench-compare.sh $(BASE)

# the index measurement: the synthetic corpus added in 10 batches, then 200 checks
bench-index: $(OUT)/corpus/synthetic-$(N).jsonl.gz
	NEARDUP_BENCH_CORPUS=$(CURDIR)/$< $(GO) test ./index -run '^$$' -bench Corpus -benchtime 1x -timeout 2h

# serve's latency: an index of the bench kit's corpus (../shared/bench/README.md makes c100k.jsonl
# with --n 100000), 200 drafts sampled from it and lightly edited; each checked in process (p50,
# p99), then 2,000 requests over loopback from 8 clients and from 1, then 8 again while index add
# commits SERVE_ADD; answers in $(OUT)/bench/serve/answers.jsonl to compare before and after
SERVE_CORPUS ?= $(OUT)/bench/c100k.jsonl
SERVE_INDEX  ?= $(SERVE_CORPUS:.jsonl=.ndx)
SERVE_ADD    ?= $(OUT)/bench/serve/add.jsonl
bench-serve: $(SERVE_INDEX) $(SERVE_ADD)
	@mkdir -p $(OUT)/bench/serve
	NEARDUP_BENCH_INDEX=$(abspath $(SERVE_INDEX)) NEARDUP_BENCH_CORPUS=$(abspath $(SERVE_CORPUS)) \
	NEARDUP_BENCH_ADD=$(abspath $(SERVE_ADD)) NEARDUP_BENCH_OUT=$(abspath $(OUT))/bench/serve \
		$(GO) test ./cmd/neardup -run '^$$' -bench 'BenchmarkServe' -benchtime 1x -timeout 1h -v

$(SERVE_INDEX): $(SERVE_CORPUS) | build
	./bin/neardup index add --index $@ $<

# a batch of 1,000 articles that index add commits during the last load run (the corpus's first
# 1,000, as new ids)
$(SERVE_ADD): $(SERVE_CORPUS)
	@mkdir -p $(dir $@)
	head -n 1000 $< | sed 's/"id": *"/"id": "re-/' > $@

$(SERVE_CORPUS):
	@echo "no $@: make it as ../shared/bench/README.md says (gen_corpus.py --n 100000), or set SERVE_CORPUS"; exit 1

# the HTML report and serve's page in a real browser: headless Chromium, installed if missing
# (needs root), and axe-core (npm) under $(OUT)/e2e for the page's accessibility
AXE_VERSION ?= 4.14.1
e2e:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@test -f $(OUT)/e2e/node_modules/axe-core/axe.min.js || { mkdir -p $(OUT)/e2e && cd $(OUT)/e2e && npm install --no-audit --no-fund --silent axe-core@$(AXE_VERSION); }
	NEARDUP_AXE=$(abspath $(OUT))/e2e/node_modules/axe-core/axe.min.js $(GO) test -tags e2e -run TestBrowser -v ./report/ ./cmd/neardup/

# the synthetic corpus: N articles and the truth file of their planted pairs
corpus: $(OUT)/corpus/synthetic-$(N).jsonl.gz

$(OUT)/corpus/synthetic-%.jsonl.gz:
	@mkdir -p $(OUT)/corpus
	$(GO) run ./cmd/corpus -n $* -o $@ -truth $(OUT)/corpus/synthetic-$*.truth.tsv

# the news-shaped corpus: N articles with big stories covered by many outlets, recurring paragraphs,
# digests, same names in new prose, reruns and template series; the truth files of its planted pairs
# and of every article's story (make eval makes news-20000 so, with these shapes)
news: $(OUT)/corpus/news-$(N).jsonl.gz

$(OUT)/corpus/news-%.jsonl.gz:
	@mkdir -p $(OUT)/corpus
	$(GO) run ./cmd/corpus -n $* -stories 0.15 -recurring 0.1 -digests 0.01 -same-names 0.02 -reruns 0.01 -templates 0.01 \
		-o $@ -truth $(OUT)/corpus/news-$*.truth.tsv -stories-truth $(OUT)/corpus/news-$*.stories.tsv

# the same shapes with stories of 5 to 300 outlets (of 400): a big day's biggest stories
news-big: $(OUT)/corpus/newsbig-$(N).jsonl.gz

$(OUT)/corpus/newsbig-%.jsonl.gz:
	@mkdir -p $(OUT)/corpus
	$(GO) run ./cmd/corpus -n $* -sources 400 -story-outlets 5,300 -stories 0.3 -recurring 0.1 -digests 0.01 \
		-same-names 0.02 -reruns 0.01 -templates 0.01 \
		-o $@ -truth $(OUT)/corpus/newsbig-$*.truth.tsv -stories-truth $(OUT)/corpus/newsbig-$*.stories.tsv

# the nightly job by nights: news-$(N) split by date, the first night added by scan --index --add,
# the second scanned against it, timed and scored (story pairs of the night, and across nights)
nights: build $(OUT)/corpus/news-$(N).jsonl.gz
	NEARDUP=$(CURDIR)/bin/neardup OUT=$(OUT) N=$(N) scripts/nights.sh

clean:
	rm -rf bin $(OUT)
