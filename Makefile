# citegraph: `make up` installs and runs the main job; `make test` installs and runs the tests.
.PHONY: setup setup-test up test stop

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --test

up: setup
	.venv/bin/citegraph up

test: setup-test
	.venv/bin/python -m pytest

stop:
	.venv/bin/citegraph db stop
