# Two commands on a fresh machine with Python 3.11 and pip:
#   make demo   renders the bundled references.bib (APA 7th list, MLA "cite this article")
#   make test   runs the test suite
# Both create (or reuse) the virtual environment .venv and install the project into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean

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

clean:
	rm -rf $(VENV) build dist src/*.egg-info
