"""konsreg: saksregisteret for konsultasjonsordningen mellom staten og KS."""

__version__ = "0.1.0"
