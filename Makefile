# Guide NR — the two commands of the README are `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test test-fast test-rapide test-fork lint check bench sonde-zensical install tools constraints clean help

help: ## Liste les commandes
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

serve: install ## Construit le guide et le sert sur http://127.0.0.1:8000 (rechargement à chaque modification)
	$(BIN)/mkdocs serve

build: install ## Construit le site publié dans site/ (mode strict : validation, pages, site, PDF, mesures, index, contrôle)
	$(BIN)/guide build --strict

check: install ## Vérifie toutes les fiches sans construire le site
	$(BIN)/guide check

test: install tools lint ## Lance toute la suite de tests (installe ce qu'il faut, Chromium compris)
	$(BIN)/python -m pytest

test-fast: install ## Tests rapides du moteur, sans construction ni navigateur (boucle d'édition, une quinzaine de secondes)
	$(BIN)/python -m pytest -m "not lent" -q

test-rapide: test-fast ## Synonyme de test-fast

FORK_TEST := .fork-test
ORGANISATION ?= exemples/organisation-fictive
test-fork: install tools ## Toute la suite dans la disposition d'un fork : le dernier commit, avec ORGANISATION (par défaut l'exemple) comme organisation/
	@test -d "$(ORGANISATION)" || { echo "Dossier d'organisation introuvable : $(ORGANISATION)"; exit 2; }
	rm -rf $(FORK_TEST) && git clone -q . $(FORK_TEST) && cp -r $(ORGANISATION) $(FORK_TEST)/organisation
	ln -s $(CURDIR)/node_modules $(FORK_TEST)/node_modules
	cd $(FORK_TEST) && PYTHONPATH=$(CURDIR)/$(FORK_TEST)/macros $(CURDIR)/$(BIN)/python -m pytest -q

lint: install ## Ruff (style, imports, erreurs courantes) et mypy (types du moteur)
	$(BIN)/ruff check macros tests
	$(BIN)/mypy

tools: node_modules/.installed ## Outils de test : Chromium, Java, poppler-utils, nginx (Debian), axe-core et vnu.jar (npm)
	@command -v chromium >/dev/null || { echo "Installation de Chromium (paquet Debian)…"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null || { echo "Installation de Java (paquet Debian)…"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v pdftoppm >/dev/null || { echo "Installation de poppler-utils (paquet Debian)…"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils >/dev/null; }
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "Installation de nginx (paquet Debian, test de la recette d’hébergement)…"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx-light >/dev/null; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

bench: install ## Banc d'essai : construit 60, 600 et 3 000 fiches synthétiques (tableau Markdown)
	$(BIN)/python tests/benchmark.py

ZENSICAL_VERSION := 0.0.73
sonde-zensical: install ## Sonde non bloquante : le guide construit par Zensical, comparé à guide build
	@test -x .venv-zensical/bin/zensical || { $(PYTHON) -m venv .venv-zensical && .venv-zensical/bin/pip install --quiet "zensical==$(ZENSICAL_VERSION)" && .venv-zensical/bin/pip install --quiet -c constraints.txt -e .; }
	-$(BIN)/python tests/zensical_canary.py .venv-zensical/bin/zensical

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@ldconfig -p | grep -q libpango-1.0 || { echo "Installation de Pango pour le PDF (paquet Debian)…"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

constraints: ## Met à jour constraints.txt (versions exactes) d'après l'environnement installé, après une mise à niveau voulue
	$(BIN)/python -m pip install --quiet --upgrade -e '.[test]'
	{ echo "# Exact versions the suite was measured with (make constraints refreshes this file after an upgrade)."; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt

clean: ## Supprime le site construit, l'environnement Python et les outils npm
	rm -rf site $(VENV) .venv-zensical node_modules
