#!/usr/bin/env bash
# Shows a .docx as LibreOffice lays it out: converts it to PDF with LibreOffice (headless)
# and each page to a PNG with pdftoppm, then prints the paths, one a line (the PDF first).
# A look at the pages is how to see that a file konsreg wrote opens, and opens right,
# without Word.
#
#   scripts/vis-materiale.sh DOCX [UTMAPPE]
#
# UTMAPPE (made if missing) defaults to a new temporary folder. OPPLOSNING sets the PNG
# resolution in dpi (default 60: a whole A4 page on a screen). Installs nothing: it says
# which Debian package is missing instead (libreoffice-writer, poppler-utils).
set -euo pipefail

bruk() {
    echo "bruk: $0 DOCX [UTMAPPE]" >&2
    exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || bruk
docx=$1
# LibreOffice and poppler take no `--`: a path that starts with "-" is made "./-…".
[[ $docx == -* ]] && docx=./$docx
if [[ ! -f "$docx" ]]; then
    echo "finner ikke filen: $docx" >&2
    exit 1
fi

mangler=()
lo=""
for navn in libreoffice soffice; do
    if command -v "$navn" >/dev/null 2>&1; then
        lo=$navn
        break
    fi
done
[[ -n "$lo" ]] || mangler+=("libreoffice-writer")
for navn in pdftoppm pdfinfo; do
    if ! command -v "$navn" >/dev/null 2>&1; then
        mangler+=("poppler-utils")
        break
    fi
done
if [[ ${#mangler[@]} -gt 0 ]]; then
    echo "mangler: installer Debian-pakken ${mangler[*]} (sudo apt-get install ${mangler[*]})" >&2
    exit 1
fi

utmappe=${2:-$(mktemp -d "${TMPDIR:-/tmp}/vis-materiale.XXXXXX")}
[[ $utmappe == -* ]] && utmappe=./$utmappe
mkdir -p -- "$utmappe"

# LibreOffice keeps a profile and refuses to run twice on one; a profile of its own lets
# this run beside an open LibreOffice, and leaves the user's settings alone.
profil=$(mktemp -d "${TMPDIR:-/tmp}/vis-materiale-profil.XXXXXX")
trap 'rm -rf -- "$profil"' EXIT

navn=$(basename -- "$docx")
stamme=${navn%.*}
pdf="$utmappe/$stamme.pdf"
rm -f -- "$pdf"
if ! "$lo" --headless --norestore "-env:UserInstallation=file://$profil" \
    --convert-to pdf --outdir "$utmappe" "$docx" >"$profil/lo.log" 2>&1 || [[ ! -s "$pdf" ]]; then
    echo "LibreOffice kunne ikke gjøre om $docx til PDF:" >&2
    tail -n 20 -- "$profil/lo.log" >&2
    exit 1
fi

oppl=${OPPLOSNING:-60}
pdftoppm -png -r "$oppl" "$pdf" "$utmappe/$stamme"

# pdftoppm numbers the pages with as many digits as the last page has (-01 … -12).
sider=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
bredde=${#sider}
echo "$pdf"
for ((side = 1; side <= sider; side++)); do
    png=$(printf '%s/%s-%0*d.png' "$utmappe" "$stamme" "$bredde" "$side")
    [[ -f "$png" ]] && echo "$png"
done
