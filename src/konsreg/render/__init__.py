"""Renderers: they take data and return text or rich renderables, and never query.

felt (field names, columns, one value as text) → maskin (csv, tsv, json, jsonl),
tabell (rich and Markdown tables), formater (the registry: one writer per format),
vedlegg (the appendices' layout and formats), meldinger (warnings and results in words).

Documents (the meeting's material): dokument (the blocks a document is built of) →
dok_md, dok_html, dok_docx (its Markdown, HTML page and Word file); markdown (an item's
stored Markdown read into blocks). markdown_it and docx are imported only when used.
"""
