"""``python -m api.cli``: the same as the ``citegraph`` command."""

from api.cli import main

main()
