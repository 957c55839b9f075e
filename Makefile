# Two commands do all the set-up on a fresh machine:
#   make run    install into .venv, build index/ from seeds/ if there is none, serve on 127.0.0.1:8000
#   make test   install into .venv (with test tools and Chromium), run the whole test suite
VENV   := .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast bench browser

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet --editable '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/termsearch serve

# Browser tests drive Debian's Chromium through Playwright (no browser download is possible).
# Noto CJK so that screenshots show Chinese, not boxes.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; } || { \
	  echo "installing chromium and CJK fonts from Debian for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	  || { echo "could not install chromium (need root and Debian's apt)"; exit 1; }; }

# Everything, as CI runs it: slow robustness tests and browser tests included.
test: $(STAMP) browser
	$(VENV)/bin/pytest

# For development: about 5 minutes on two cores, without the slow and browser tests.
test-fast: $(STAMP)
	$(VENV)/bin/pytest -m "not slow and not browser"

# The benchmark (bench/README.md): installs the bench extra (tantivy, matplotlib, psutil) first.
# Pass options through BENCH_ARGS, e.g. make bench BENCH_ARGS="--corpus all --load-seconds 30".
bench: $(STAMP)
	$(PYTHON) -m pip install --quiet --editable '.[bench]'
	$(PYTHON) bench/run.py $(BENCH_ARGS)
