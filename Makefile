# Guide NR — the two commands of the README are `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check schema install clean help

help: ## Liste les commandes
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

serve: install ## Construit le guide et le sert sur http://127.0.0.1:8000 (rechargement à chaque modification)
	$(BIN)/mkdocs serve

build: install ## Construit le site publié dans site/ (mode strict)
	$(BIN)/mkdocs build --strict

check: install ## Vérifie toutes les fiches sans construire le site
	$(BIN)/guide check

test: install ## Lance toute la suite de tests (installe ce qu'il faut)
	$(BIN)/python -m pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

clean: ## Supprime le site construit et l'environnement Python
	rm -rf site $(VENV)
