"""Renderers: they take data and return text or rich renderables, and never query.

felt (field names, columns, one value as text) → maskin (csv, tsv, json, jsonl),
tabell (rich and Markdown tables), formater (the registry: one writer per format),
vedlegg (the appendices' layout and formats), meldinger (warnings and results in words).
"""
