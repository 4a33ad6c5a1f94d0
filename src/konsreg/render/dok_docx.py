"""A `Dokument` as a Word file (.docx), written with python-docx.

The file is meant to be edited further in Word or LibreOffice, so it uses what those
programs know rather than look-alikes: the built-in "Heading 1–3" styles (the navigation
pane and the contents find them), a real TOC field whose first result already lists the
headings (the file reads right before anyone updates its fields, and Word offers to
update them when it opens), "List Bullet"/"List Number", real hyperlinks, page breaks,
and "Table Grid" tables whose header row repeats on every page. The page is A4 with
2.5 cm margins, and the language Norwegian bokmål (nb-NO) both in the styles' defaults
and in the file's properties, so the spelling checker reads the text as Norwegian.

Stored text goes through `dokument.dokumenttekst` first: a control character is shown as
an escape (`\\x1b`) instead of making python-docx refuse to write the file. A link's
address is `Tekstbit.lenke`, checked again with `dokument.trygg_lenke`.

python-docx is imported when a file is written, never when this module is imported, and
only the command that writes a .docx imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

from konsreg.render.dokument import (
    Avsnitt,
    Biter,
    Blokk,
    Dokument,
    Figur,
    Innhold,
    Liste,
    Overskrift,
    Sideskift,
    Tabell,
    dokumenttekst,
    trygg_lenke,
    utskriftsblokker,
)
from konsreg.render.vedlegg import Vedlegg

SIDEBREDDE_CM = 21.0
SIDEHOYDE_CM = 29.7
MARG_CM = 2.5
TEKSTBREDDE_CM = SIDEBREDDE_CM - 2 * MARG_CM
SKYGGE = "D9E2F3"  # the header and category rows, as in the appendix's HTML
TABELL_PT = 10
SKRIFT = "Calibri"
TOC_FELT = ' TOC \\o "1-3" \\h \\z \\u '


def _rekkefolge(navn: str) -> tuple[str, ...]:
    return tuple(navn.split())


# The order WordprocessingML requires of the children we add to (ECMA-376 part 1: rPr,
# trPr, tblPr, tcPr, settings): Word refuses a file whose elements stand in another order, so
# each is inserted in its place.
_RPR = _rekkefolge(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
_TRPR = _rekkefolge(
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
)
_TBLPR = _rekkefolge(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
)
_TCPR = _rekkefolge(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark headers cellIns cellDel cellMerge tcPrChange"
)
_ETTER_UPDATEFIELDS = _rekkefolge(
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema "
    "themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures "
    "forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary shapeDefaults "
    "doNotEmbedSmartTags decimalSymbol listSeparator"
)

# Cells that are a date or a year (`02.12.2022`, `2022 (første gang)`): such a column is
# made as wide as its longest value, so a date never breaks over two lines.
_KORT_VERDI = re.compile(r"\d{2}\.\d{2}\.\d{4}|\d{4}( \(første gang\))?|")


def skriv_docx(dok: Dokument, ut: BinaryIO) -> None:
    """Write `dok` as a .docx file to `ut` (a binary file or buffer)."""
    import docx

    word = _Word(docx.Document(), dok)
    word.skriv()
    word.d.save(ut)


def _lokalt(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def _sett_inn(forelder: Any, barn: Any, rekkefolge: Sequence[str]) -> Any:
    """Put `barn` into `forelder` where the schema's order wants it, replacing an element
    of the same name."""
    navn = _lokalt(barn)
    plass = rekkefolge.index(navn)
    for eldre in list(forelder):
        if _lokalt(eldre) == navn:
            forelder.remove(eldre)
    for i, eldre in enumerate(forelder):
        lokalt = _lokalt(eldre)
        if lokalt in rekkefolge and rekkefolge.index(lokalt) > plass:
            forelder.insert(i, barn)
            return barn
    forelder.append(barn)
    return barn


def tekst(verdi: str) -> str:
    """Stored text as a Word run may hold it: no control characters, line breaks spaces."""
    return dokumenttekst(verdi.replace("\r\n", "\n").replace("\n", " "))


class _Word:
    """One document being written: python-docx's objects and what the blocks share (the
    next bookmark's number, whether the next paragraph starts a page)."""

    def __init__(self, d: Any, dok: Dokument) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt, RGBColor

        self.d = d
        self.dok = dok
        self.blokker = utskriftsblokker(dok)
        self.E = OxmlElement
        self.qn = qn
        self.Cm, self.Pt, self.RGBColor = Cm, Pt, RGBColor
        self.SENTRERT = WD_ALIGN_PARAGRAPH.CENTER
        self.STILTYPE = WD_STYLE_TYPE
        self.HYPERLENKE = RELATIONSHIP_TYPE.HYPERLINK
        self.ny_side = False
        self.bokmerker: dict[int, str] = {}  # heading's position → its bookmark
        self.toc: dict[int, Any] = {}  # level → the style "toc N"
        self.neste_id = 1

    # -- the file ------------------------------------------------------------------------

    def skriv(self) -> None:
        self._side()
        self._sprak()
        self._egenskaper()
        self._stiler()
        self._innstillinger()
        for i, blokk in enumerate(self.blokker):
            if isinstance(blokk, Overskrift):
                self.bokmerker[i] = f"_Toc{i + 1:06d}"
        for i, blokk in enumerate(self.blokker):
            self._blokk(i, blokk, forste=i == 0)

    def _side(self) -> None:
        from docx.enum.section import WD_ORIENT

        for s in self.d.sections:
            s.orientation = WD_ORIENT.PORTRAIT
            s.page_width, s.page_height = self.Cm(SIDEBREDDE_CM), self.Cm(SIDEHOYDE_CM)
            s.left_margin = s.right_margin = self.Cm(MARG_CM)
            s.top_margin = s.bottom_margin = self.Cm(MARG_CM)

    def _lang(self, rpr: Any) -> None:
        lang = self.E("w:lang")
        lang.set(self.qn("w:val"), self.dok.sprak)
        lang.set(self.qn("w:eastAsia"), self.dok.sprak)
        lang.set(self.qn("w:bidi"), "ar-SA")
        _sett_inn(rpr, lang, _RPR)

    def _sprak(self) -> None:
        """The language (and the font) in styles.xml's defaults, and the language on
        Normal too: every style inherits them."""
        stiler = self.d.styles.element
        standard = stiler.find(self.qn("w:docDefaults"))
        if standard is None:
            standard = self.E("w:docDefaults")
            stiler.insert(0, standard)
        rpr_standard = standard.find(self.qn("w:rPrDefault"))
        if rpr_standard is None:
            rpr_standard = self.E("w:rPrDefault")
            standard.insert(0, rpr_standard)
        rpr = rpr_standard.find(self.qn("w:rPr"))
        if rpr is None:
            rpr = self.E("w:rPr")
            rpr_standard.append(rpr)
        self._lang(rpr)
        self._lang(self.d.styles["Normal"].element.get_or_add_rPr())
        # Body text in Calibri, as the HTML (the template's body font is Cambria); Word
        # has it, LibreOffice shows Carlito, which has the same widths.
        skrift = self.E("w:rFonts")
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            skrift.set(self.qn(f"w:{attr}"), SKRIFT)
        _sett_inn(rpr, skrift, _RPR)

    def _egenskaper(self) -> None:
        kp = self.d.core_properties
        kp.title = tekst(self.dok.tittel)
        kp.author = kp.last_modified_by = tekst(self.dok.forfatter)
        kp.language = self.dok.sprak
        kp.subject = kp.keywords = kp.comments = ""
        kp.revision = 1
        # The template's own dates are from 2013; the file is made now.
        kp.created = kp.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)

    def _stiler(self) -> None:
        stiler = self.d.styles
        navn = {s.name for s in stiler}
        if "Hyperlink" not in navn:
            lenke = stiler.add_style("Hyperlink", self.STILTYPE.CHARACTER)
            lenke.font.color.rgb = self.RGBColor(0x05, 0x63, 0xC1)
            lenke.font.underline = True
            lenke.element.get_or_add_uiPriority().val = 99
            lenke.unhide_when_used = True
        finnes = {s.element.name_val: s for s in stiler}
        for niva in (1, 2, 3):
            if f"toc {niva}" in finnes:
                self.toc[niva] = finnes[f"toc {niva}"]
                continue
            # Word's own name is "toc N" (id TOCN): a style by that name is the one the
            # TOC field fills, so updating the field keeps these paragraphs' look.
            toc = stiler.add_style(f"TOC {niva}", self.STILTYPE.PARAGRAPH)
            toc.element.name_val = f"toc {niva}"
            self.toc[niva] = toc
            toc.base_style = stiler["Normal"]
            toc.next_paragraph_style = stiler["Normal"]
            toc.paragraph_format.left_indent = self.Cm(0.5 * (niva - 1))
            toc.paragraph_format.space_after = self.Pt(3)
            toc.element.get_or_add_uiPriority().val = 39
            toc.unhide_when_used = True
        if "Merknad" not in navn:
            merknad = stiler.add_style("Merknad", self.STILTYPE.PARAGRAPH)
            merknad.base_style = stiler["Normal"]
            merknad.font.size = self.Pt(9)
            merknad.paragraph_format.space_after = self.Pt(3)
        for niva in (1, 2, 3):
            # Black headings, as the material prints them (the template's are blue).
            stiler[f"Heading {niva}"].font.color.rgb = self.RGBColor(0, 0, 0)

    def _innstillinger(self) -> None:
        """`updateFields`: Word offers to update the contents when the file opens."""
        innst = self.d.settings.element
        oppdater = self.E("w:updateFields")
        oppdater.set(self.qn("w:val"), "true")
        for i, eldre in enumerate(innst):
            if _lokalt(eldre) in _ETTER_UPDATEFIELDS:
                innst.insert(i, oppdater)
                break
        else:
            innst.append(oppdater)
        for tema in innst.findall(self.qn("w:themeFontLang")):
            tema.set(self.qn("w:val"), self.dok.sprak)

    # -- blocks --------------------------------------------------------------------------

    def _avsnitt(self, stil: Any = None) -> Any:
        """A new paragraph, starting a page if a page break came before it."""
        p = self.d.add_paragraph(style=stil)
        if self.ny_side:
            p.paragraph_format.page_break_before = True
            self.ny_side = False
        return p

    def _blokk(self, i: int, blokk: Blokk, *, forste: bool) -> None:
        if isinstance(blokk, Overskrift):
            p = self._avsnitt(f"Heading {_niva(blokk)}")
            self._bokmerke(p, self.bokmerker[i], tekst(blokk.tekst))
        elif isinstance(blokk, Avsnitt):
            self._vanlig_avsnitt(blokk, forste=forste)
        elif isinstance(blokk, Liste):
            self._liste(blokk)
        elif isinstance(blokk, Innhold):
            self._innhold(blokk)
        elif isinstance(blokk, Sideskift):
            self.ny_side = True
        elif isinstance(blokk, Tabell):
            if self.ny_side:
                self.d.add_page_break()  # a table cannot start a page by itself
                self.ny_side = False
            self._tabell(blokk.vedlegg)
        elif isinstance(blokk, Figur):
            pass  # a figure is for the HTML page (see dokument.Figur)
        else:
            raise TypeError(f"ukjent blokk: {type(blokk).__name__}")

    def _vanlig_avsnitt(self, a: Avsnitt, *, forste: bool) -> None:
        stil = {"innhold_tittel": "TOC Heading", "merknad": "Merknad"}.get(a.stil or "")
        p = self._avsnitt(stil)
        fet = False
        if a.stil in _FORSIDE_STIL:
            p.alignment = self.SENTRERT
            p.paragraph_format.space_after = self.Pt(12)
            if forste:
                p.paragraph_format.space_before = self.Cm(5)  # the front page's top third
            fet = a.stil == "forside_tittel"
        storrelse = {"forside": 14, "forside_tittel": 18}.get(a.stil or "")
        self._biter(p, a.biter, fet=fet, storrelse=storrelse)

    def _biter(
        self,
        p: Any,
        biter: Biter,
        *,
        fet: bool = False,
        kursiv: bool = False,
        storrelse: int | None = None,
    ) -> None:
        for b in biter:
            run = p.add_run(tekst(b.tekst))
            run.bold = (b.fet or fet) or None
            run.italic = (b.kursiv or kursiv) or None
            if storrelse:
                run.font.size = self.Pt(storrelse)
            if (lenke := trygg_lenke(b.lenke)) is not None:
                run.style = self.d.styles["Hyperlink"]
                rid = self.d.part.relate_to(lenke, self.HYPERLENKE, is_external=True)
                h = self.E("w:hyperlink")
                h.set(self.qn("r:id"), rid)
                h.set(self.qn("w:history"), "1")
                p._p.append(h)
                h.append(run._r)  # moves the run into the link

    def _liste(self, liste: Liste) -> None:
        stil = "List Number" if liste.nummerert else "List Bullet"
        num_id = self._ny_nummerering(liste.start) if liste.nummerert else None
        for punkt in liste.punkter:
            p = self._avsnitt(stil)
            if num_id is not None:
                numpr = p._p.get_or_add_pPr().get_or_add_numPr()
                numpr.get_or_add_ilvl().val = 0
                numpr.get_or_add_numId().val = num_id
            self._biter(p, punkt, kursiv=liste.kursiv)

    def _ny_nummerering(self, start: int) -> int:
        """A numbering of its own for one numbered list, starting at `start`: with the
        style's numbering alone, the second list in the file would go on from the first."""
        stil_num = self.d.styles["List Number"].element.pPr.numPr.numId.val
        nummerering = self.d.part.numbering_part.element
        abstrakt = nummerering.num_having_numId(stil_num).abstractNumId.val
        num = nummerering.add_num(abstrakt)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    def _bokmerke(self, p: Any, navn: str, innhold: str) -> None:
        start = self.E("w:bookmarkStart")
        start.set(self.qn("w:id"), str(self.neste_id))
        start.set(self.qn("w:name"), navn)
        slutt = self.E("w:bookmarkEnd")
        slutt.set(self.qn("w:id"), str(self.neste_id))
        self.neste_id += 1
        p._p.append(start)
        p.add_run(innhold)
        p._p.append(slutt)

    def _felttegn(self, p_eller_h: Any, type_: str) -> None:
        r = self.E("w:r")
        tegn = self.E("w:fldChar")
        tegn.set(self.qn("w:fldCharType"), type_)
        r.append(tegn)
        p_eller_h.append(r)

    def _innhold(self, innhold: Innhold) -> None:
        """The contents' title, then a TOC field whose result is the headings as Word
        itself would list them (without page numbers, which only Word can count)."""
        tittel = self._avsnitt("TOC Heading")
        tittel.add_run(tekst(innhold.tittel))
        linjer = [
            (i, b) for i, b in enumerate(self.blokker) if isinstance(b, Overskrift) and b.i_innhold
        ]
        forste = self._avsnitt(self.toc[_niva(linjer[0][1]) if linjer else 1])
        self._felttegn(forste._p, "begin")
        r = self.E("w:r")
        instr = self.E("w:instrText")
        instr.set(self.qn("xml:space"), "preserve")
        instr.text = TOC_FELT
        r.append(instr)
        forste._p.append(r)
        self._felttegn(forste._p, "separate")
        if not linjer:
            forste.add_run("Oppdater feltet for å vise innholdet.")
            self._felttegn(forste._p, "end")
            return
        p = forste
        for n, (i, o) in enumerate(linjer):
            if n:
                p = self._avsnitt(self.toc[_niva(o)])
            h = self.E("w:hyperlink")
            h.set(self.qn("w:anchor"), self.bokmerker[i])
            h.set(self.qn("w:history"), "1")
            run = p.add_run(tekst(o.tekst))
            p._p.append(h)
            h.append(run._r)
        self._felttegn(p._p, "end")

    # -- tables --------------------------------------------------------------------------

    def _tabell(self, v: Vedlegg) -> None:
        kolonner = len(v.overskrift)
        bredder = kolonnebredder(v)
        korte = kort_kolonne(v)
        t = self.d.add_table(rows=0, cols=kolonner)
        t.style = self.d.styles["Table Grid"]
        t.autofit = False
        # A little air above and below the text in every cell (Table Grid has none).
        marg = self.E("w:tblCellMar")
        for side in ("top", "bottom"):
            m = self.E(f"w:{side}")
            m.set(self.qn("w:w"), "40")
            m.set(self.qn("w:type"), "dxa")
            marg.append(m)
        _sett_inn(t._tbl.tblPr, marg, _TBLPR)
        for k, bredde in enumerate(bredder):
            t.columns[k].width = self.Cm(bredde)
        rad = t.add_row()
        self._rad_egenskap(rad, "tblHeader")  # repeats at the top of every page
        for k, navn in enumerate(v.overskrift):
            self._celle(rad.cells[k], navn, bredder[k], fet=True, skygge=True)
        for tabellrad in v.rader:
            rad = t.add_row()
            if tabellrad.gruppe:
                # A category row: one cell across the table, bold and shaded.
                celle = (
                    rad.cells[0].merge(rad.cells[kolonner - 1]) if kolonner > 1 else rad.cells[0]
                )
                navn = tabellrad.celler[0] if tabellrad.celler else ""
                self._celle(celle, navn, sum(bredder), fet=True, skygge=True)
                continue
            for k in range(kolonner):
                verdi = tabellrad.celler[k] if k < len(tabellrad.celler) else ""
                self._celle(rad.cells[k], verdi, bredder[k], ikke_bryt=korte[k])
        for r in t.rows:
            self._rad_egenskap(r, "cantSplit")  # a row is never split over two pages
        for fotnote in v.fotnoter:
            p = self._avsnitt("Merknad")
            p.add_run(tekst(fotnote))
        # Word joins two tables with nothing between them into one.
        if not v.fotnoter:
            self._avsnitt("Merknad")

    def _rad_egenskap(self, rad: Any, navn: str) -> None:
        trpr = rad._tr.get_or_add_trPr()
        _sett_inn(trpr, self.E(f"w:{navn}"), _TRPR)

    def _celle(
        self,
        celle: Any,
        verdi: str,
        bredde: float,
        *,
        fet: bool = False,
        skygge: bool = False,
        ikke_bryt: bool = False,
    ) -> None:
        celle.width = self.Cm(bredde)
        p = celle.paragraphs[0]
        linjer = dokumenttekst(verdi.replace("\r\n", "\n"), linjeskift=True).split("\n")
        for n, linje in enumerate(linjer):
            run = p.add_run(linje)
            run.font.size = self.Pt(TABELL_PT)
            run.bold = fet or None
            if n + 1 < len(linjer):
                run.add_break()
        tcpr = celle._tc.get_or_add_tcPr()
        if skygge:
            shd = self.E("w:shd")
            shd.set(self.qn("w:val"), "clear")
            shd.set(self.qn("w:color"), "auto")
            shd.set(self.qn("w:fill"), SKYGGE)
            _sett_inn(tcpr, shd, _TCPR)
        if ikke_bryt:
            _sett_inn(tcpr, self.E("w:noWrap"), _TCPR)


_FORSIDE_STIL = frozenset({"forside", "forside_tittel"})


def _niva(o: Overskrift) -> int:
    return min(max(o.niva, 1), 3)


def kort_kolonne(v: Vedlegg) -> list[bool]:
    """For each column: whether every value in it is a date or a year (or empty)."""
    rader = [r.celler for r in v.rader if not r.gruppe]
    return [
        k > 0 and all(_KORT_VERDI.fullmatch(r[k] if k < len(r) else "") for r in rader)
        for k in range(len(v.overskrift))
    ]


def kolonnebredder(v: Vedlegg) -> list[float]:
    """Column widths in cm that fill the text width: a date or year column as wide as
    its longest value (or its header's longest word), the rest shared by the text
    columns after how much text they hold."""
    korte = kort_kolonne(v)
    rader = [r.celler for r in v.rader if not r.gruppe]

    def lengde(k: int) -> int:
        return max((len(r[k]) for r in rader if k < len(r)), default=0)

    # About 0.19 cm a character at 10 pt, and 0.4 cm for the cell's margins.
    bredder: list[float] = [0.0] * len(v.overskrift)
    for k, navn in enumerate(v.overskrift):
        if korte[k]:
            ord_ = max((len(o) for o in navn.split()), default=0)
            bredder[k] = round(max(lengde(k), ord_ + 1) * 0.19 + 0.5, 2)
    lange = [k for k in range(len(bredder)) if not korte[k]]
    rest = max(TEKSTBREDDE_CM - sum(bredder), 3.0 * len(lange))
    vekter = {k: min(max(lengde(k), len(v.overskrift[k]), 8), 60) for k in lange}
    for k in lange:
        bredder[k] = round(rest * vekter[k] / sum(vekter.values()), 2)
    return bredder
