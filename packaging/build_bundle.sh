#!/usr/bin/env bash
# Build the one-folder bundle dist/reader/ with PyInstaller, then start it to prove it works:
# `reader --version`, a headless `reader align --json` on the seeds, and the window offscreen until its
# first paint. Run from anywhere; needs Python and pip (PyInstaller is installed if missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python -m pip install --quiet --disable-pip-version-check -e . "pyinstaller>=6.10"
python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/reader.spec
bundle="$root/dist/reader/reader"
work="$(mktemp -d)"
cd "$work"  # away from the checkout: the bundle must not lean on it
"$bundle" --version
"$bundle" align --json "$root"/seeds/*.txt > alignment.json
python -c "import json,sys; d=json.load(open('alignment.json')); assert d['schema']=='reader.alignment/2' and len(d['sources'])==5; print('align --json:', len(d['groups']), 'groups')"
# The bundle aligns as the installed package does (its word list and stemmer are there).
python -m reader align --json "$root"/seeds/*.txt > installed.json
python -c "import json; a, b = (json.load(open(n))['groups'] for n in ('alignment.json', 'installed.json')); assert a == b, 'the bundle aligns otherwise'; print('align --json: the same groups as the installed package')"
# The meaning scorer's places table is there: two reports of one kind of event in two countries are two.
printf 'Burundi police fire tear gas at protesters.\n' > burundi.txt
printf 'Police fire tear gas at protesters in Bangkok.\n' > bangkok.txt
"$bundle" align --json burundi.txt bangkok.txt > places.json
python -c "import json; g = json.load(open('places.json'))['groups']; assert all(len(x['members']) == 1 for x in g), 'the bundle knows no places'; print('places: two countries, two events')"
# A saved web page: its article is found by trafilatura, whose data files the bundle must carry.
printf '<html><head><title>T</title></head><body><nav>Home</nav><article><h1>Musk testifies</h1><p>%s</p></article></body></html>' \
  "$(printf 'The witness said the lab used the models of the other company to check its own. %.0s' 1 2 3 4 5)" > page.html
"$bundle" align --json page.html "$root"/seeds/000_*.txt > page.json
python -c "import json; d=json.load(open('page.json')); t=d['sources'][0]; assert t['title']=='Musk testifies', t; print('page:', t['title'])"
# PDF and Word files are read in a child process, which in the bundle is the bundle itself
# (reader --read-document): a PDF and a .docx are read, a PDF that would take PDFium down is refused in a line.
python - "$root" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from tests.documents import make_docx, make_pdf, self_drawing_pdf, text_page
line = "The witness said the lab used the models of the other company to check its own."
open("release.pdf", "wb").write(make_pdf([text_page(1, 1, [line])]))
open("draft.docx", "wb").write(make_docx([("p", line)]))
open("loop.pdf", "wb").write(self_drawing_pdf())
PY
status=0
"$bundle" align --json release.pdf draft.docx loop.pdf > documents.json 2> documents.err || status=$?
test "$status" = 1 || { echo "align of the documents exited $status"; cat documents.err; exit 1; }
python -c "import json; s = json.load(open('documents.json'))['sources']; assert [x['format'] for x in s] == ['pdf', 'docx'], s; print('documents: a PDF and a .docx read in the child process')"
grep -q 'loop.pdf: needs more than 1.5 GB of memory to read' documents.err || { cat documents.err; exit 1; }
echo "documents: $(cat documents.err)"
READER_DB="$work/library.sqlite3" "$bundle" export "$root"/seeds/*.txt -o report.html
test -s report.html && echo "export: report.html"
QT_QPA_PLATFORM=offscreen READER_QUIT_AFTER=library XDG_CONFIG_HOME="$work" READER_DB="$work/library.sqlite3" "$bundle" --sample
echo "window: painted the sample story offscreen and quit"
echo "bundle: $root/dist/reader ($(du -sh "$root/dist/reader" | cut -f1))"
