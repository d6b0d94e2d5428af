#!/usr/bin/env bash
# `bitext check` against translate-toolkit's `pofilter` on the same
# bitext: a corpus of real aligned pairs scaled up, and the same pairs
# exported to PO files (msgid the original, msgstr the translation).
# Prints each tool's throughput and the ratio.
#
#   bash benches/check_compare.sh [MEGABYTES_FOR_BITEXT] [MEGABYTES_FOR_POFILTER]
#
# pofilter is slow (about half a megabyte a second), so it gets a smaller
# corpus; throughputs are compared. It is installed from PyPI into a
# virtual environment in the temporary folder if it is not on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
big=${1:-100}
small=${2:-4}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cargo build --release --quiet --bin bitext --example scale_corpus
bitext=$PWD/target/release/bitext
./target/release/examples/scale_corpus "$dir/big" "$big" >/dev/null
./target/release/examples/scale_corpus "$dir/small" "$small" >/dev/null

pofilter=$(command -v pofilter || true)
if [ -z "$pofilter" ]; then
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet translate-toolkit
    pofilter=$dir/venv/bin/pofilter
fi

# The small corpus as PO files, one per document.
python3 - "$dir/small/translations" "$dir/po" <<'EOF'
import os, sys, tomllib
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
def quote(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t') + '"'
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), 'rb') as f:
        doc = tomllib.load(f)
    with open(os.path.join(out, name[:-5] + '.po'), 'w', encoding='utf-8') as po:
        po.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n')
        for p in doc.get('paragraph', []):
            if 'source' in p and 'target' in p:
                po.write(f"msgctxt {quote(p['id'])}\nmsgid {quote(p['source'])}\nmsgstr {quote(p['target'])}\n\n")
EOF

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s}'; }
seconds() { # COMMAND… : wall time in seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    python3 -c "print($end - $start)"
}

bitext_big=$(seconds "$bitext" -C "$dir/big" check --format json)
bitext_small=$(seconds "$bitext" -C "$dir/small" check --format json)
pofilter_small=$(seconds "$pofilter" --progress=none -i "$dir/po" -o "$dir/po-out")

python3 - "$(bytes_of "$dir/big/translations")" "$bitext_big" \
    "$(bytes_of "$dir/small/translations")" "$bitext_small" \
    "$(bytes_of "$dir/po")" "$pofilter_small" <<'EOF'
import sys
big, t_big, small, t_small, po, t_po = map(float, sys.argv[1:])
rate = lambda b, t: b / 1e6 / t
print(f"bitext check:  {big / 1e6:.0f} MB in {t_big:.2f} s = {rate(big, t_big):.1f} MB/s; {small / 1e6:.1f} MB in {t_small:.2f} s = {rate(small, t_small):.1f} MB/s")
print(f"pofilter:      {po / 1e6:.1f} MB of PO in {t_po:.1f} s = {rate(po, t_po):.2f} MB/s")
print(f"ratio: bitext check is {rate(big, t_big) / rate(po, t_po):.0f}x as fast as pofilter (bar 150x)")
EOF
