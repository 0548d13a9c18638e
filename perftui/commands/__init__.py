"""One module per CLI command; each exposes ``register(subparsers)``.

A command's ``run(args) -> int`` returns the exit code: 0 ok, 1 findings or errors,
2 bad usage or unreadable input.
"""
