# citegraph: `make up` installs and runs the main job; `make test` installs and runs the tests;
# `make lint` runs ruff and mypy.
.PHONY: setup setup-test up test lint stop

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --test

up: setup
	.venv/bin/citegraph up

test: setup-test
	.venv/bin/python -m pytest

lint: setup-test
	.venv/bin/ruff check .
	.venv/bin/mypy

stop:
	.venv/bin/citegraph db stop
