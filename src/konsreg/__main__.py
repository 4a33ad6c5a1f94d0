"""`python -m konsreg` runs the command line."""

from konsreg.cli.app import main

main()
