"""Imports: the staged pipeline for record files (pipeline.py, with one small description
per kind of record in saker.py and avtaler.py), and the import of appendix tables as
they stand in a meeting material (vedlegg.py)."""
