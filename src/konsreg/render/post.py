"""One record with its history (`sak vis`, `avtale vis`), in every format."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from konsreg.regler.begreper import Format
from konsreg.render import maskin
from konsreg.render.felt import HISTORIKK_FELT, HISTORIKK_KOLONNER, json_verdi, menneske, som_dict
from konsreg.render.tabell import markdown, markdown_tabell, rich_felter, rich_tabell


def tabeller(post: Any, historikk: Sequence[Any], felt: Sequence[str], tittel: str) -> list[Any]:
    """The record as a two-column table, then its history: rich renderables."""
    rad = som_dict(post, felt)
    hist = [som_dict(h, HISTORIKK_FELT) for h in historikk]
    return [
        rich_felter(rad, felt, tittel=tittel),
        rich_tabell(hist, HISTORIKK_KOLONNER, tittel="Historikk"),
    ]


def tekst(
    post: Any, historikk: Sequence[Any], felt: Sequence[str], fmt: Format, tittel: str
) -> str:
    """The record and its history as markdown or JSON; csv/tsv give the record alone."""
    rad = som_dict(post, felt)
    hist = [som_dict(h, HISTORIKK_FELT) for h in historikk]
    if fmt == Format.markdown:
        return (
            f"## {tittel}\n\n"
            + markdown_tabell(["Felt", "Verdi"], [[f, menneske(f, rad.get(f))] for f in felt])
            + "\n### Historikk\n\n"
            + markdown(hist, HISTORIKK_KOLONNER)
        )
    if fmt in (Format.json, Format.jsonl):
        data = {f: json_verdi(rad.get(f)) for f in felt}
        data["historikk"] = [{f: json_verdi(h.get(f)) for f in HISTORIKK_FELT} for h in hist]
        return json.dumps(data, ensure_ascii=False, indent=2 if fmt == Format.json else None) + "\n"
    ut = io.StringIO()
    maskin.skriv_eksport([tuple(rad[f] for f in felt)], felt, fmt.value, ut)
    return ut.getvalue()
