"""Readers for imports: they turn bytes into rows and never write SQL. `kilde` opens and
decodes the input within its limits, `kolonner` maps headings to fields, `poster` reads
record files (csv, tsv, json, jsonl), `vedlegg` reads appendix tables pasted from a
meeting material."""
