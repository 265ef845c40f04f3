# citegraph: `make up` installs and runs the main job; `make test` installs and runs the tests.
.PHONY: setup setup-test up test bench stop

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --test

up: setup
	.venv/bin/citegraph up

test: setup-test
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python bench/run_all.py

stop:
	.venv/bin/citegraph db stop
