"""The command line: the only layer that knows Typer, prints or exits."""
