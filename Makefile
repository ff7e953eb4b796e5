# Two commands on a fresh machine with Python 3.11 and pip:
#   make demo   renders the bundled references.bib (APA 7th list, MLA "cite this article")
#   make test   runs the test suite
# Both create (or reuse) the virtual environment .venv and install the project into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean bench-check bench-render bench-all bench-pandoc bench-hostile fuzz breadth sweep

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@echo "== APA 7th reference list (references.bib)"
	@$(BIN)/rabp-refs render references.bib --style apa
	@echo
	@echo "== Cite this article (MLA, the article's own format)"
	@$(BIN)/rabp-refs cite nall2018 --style medical-news-today-mla

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Issue 19's breadth run: the breadth corpus through the 60 styles of tests/breadth/styles.txt
# and the 82 others of tests/breadth/styles-more.txt against citeproc-js's goldens (the table
# and the differences by theme), then the ratchet test over all of them (the default test
# run takes a sample).
breadth: $(STAMP)
	-$(BIN)/python scripts/style_breadth.py
	-$(BIN)/python scripts/style_breadth.py --styles tests/breadth/styles-more.txt \
		--known tests/breadth/known-differences-more.json
	RABP_BREADTH=all $(BIN)/python -m pytest -q tests/test_style_breadth.py

# Issue 19's sweep: the breadth corpus through every official style (2,865), counting
# exceptions and RB904 containments; long (a quarter of an hour or more). The default test
# run takes a fixed sample (tests/test_style_sweep.py).
sweep: $(STAMP)
	$(BIN)/python scripts/style_sweep.py

# Every benchmark of issue 6 in one run (parse+map vs pandoc, check, render vs plain
# citeproc-py, growth against N log N); long: about ten minutes at the default sizes.
bench-all: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_all.py

# Not part of the test run: rendering against pandoc --citeproc (2.17 and 3.x), whole processes,
# wall and CPU time side by side, on the shared generator's records and on ours (minutes).
bench-pandoc: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_pandoc.py

# Not part of the test run: generates 1,000 / 10,000 / 50,000 entries and times `check`
# against bibtexparser in the same run (a few minutes).
bench-check: $(STAMP)
	$(BIN)/python bench/bench_check.py

# Not part of the test run: renders 100 and 1,000 generated entries with plain citeproc-py and
# with our engine, in the same run (a few minutes).
bench-render: $(STAMP)
	$(BIN)/python bench/bench_render.py

# Not part of the test run: each small crafted input of issue 18 (exponential, cubic or
# quadratic before) at four doubling sizes, with the growth from one size to the next (a minute).
bench-hostile: $(STAMP)
	$(BIN)/python bench/bench_hostile.py

# Not part of the test run: coverage-guided fuzzing of every entry point (fuzz/fuzz.py), RUNS
# inputs each; a crash stops it and leaves the input in fuzz/crashes/.
RUNS    ?= 1000000
TARGETS ?= bibtex csl-json ris style locale cli
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	@for t in $(TARGETS); do \
	  echo "== fuzz $$t: $(RUNS) inputs"; \
	  $(BIN)/python fuzz/fuzz.py $$t -runs=$(RUNS) -max_len=4096 -timeout=60 \
	    -rss_limit_mb=4096 -print_final_stats=1 || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist src/*.egg-info
