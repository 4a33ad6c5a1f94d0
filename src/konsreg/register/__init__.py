"""The register: the only place that reads and writes records, by aggregate.

Every function takes the session explicitly and keyword-only, so the caller decides the
transaction (the CLI opens one per command: a failed command leaves nothing behind).
Functions return plain data (the models' public shapes, frozen dataclasses); warnings
come back as data too (regler/advarsler.py), for the CLI to word.

- saker.py, avtaler.py: one case / one agreement (ny, hent, liste, endre, avslutt, forny)
- nummerering.py: the one allocator of saksnumre and agreement ids
- historikk.py: every change, what it was and what it became, when and by whom
- departementer.py: ministries and agreement categories
- utvalg.py: selections (the appendices' rows, agreements in force, expired ones)
- importer/: the staged import pipeline, and the import of appendix tables
- eksport.py: every record, streamed
- eksempel.py: the 2026 material's register content
- sok.py: full-text search through each engine's index (the query's rules in regler/sok.py)
"""
