#!/usr/bin/env bash
# Regenerates static/fonts/NotoSansMongolian-subset.woff2 (the 蒙古文版's font)
# and its licence from Debian's fonts-noto-core. The subset keeps the whole
# Mongolian block with every OpenType layout feature (GSUB/GPOS), so that
# letters still join, take their positional forms and follow FVS/MVS/NNBSP.
#   Needs: apt-get install fonts-noto-core; pip install -r requirements-font.txt
#   Usage: scripts/mongolian-font.sh [python]   (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
source_font=/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf
out=static/fonts/NotoSansMongolian-subset.woff2
if [ ! -f "$source_font" ]; then
  echo "缺少 $source_font:请以 root 运行 apt-get install fonts-noto-core" >&2
  exit 1
fi
# U+1800-18AF Mongolian (letters, punctuation, digits, FVS1-4 U+180B-180D/180F, MVS U+180E),
# U+202F narrow no-break space (suffixes), U+200C/200D ZWNJ/ZWJ, U+25CC the dotted circle
# shaping shows for a stray mark. Chinese, Latin and European digits come from the
# page's other fonts: the subset stays small.
"$python" -m fontTools.subset "$source_font" \
  --unicodes="U+1800-18AF,U+202F,U+200C-200D,U+25CC" \
  --layout-features='*' \
  --flavor=woff2 \
  --output-file="$out"
cp /usr/share/doc/fonts-noto-core/copyright static/fonts/NotoSansMongolian-LICENSE.txt
echo "$(stat -c %s "$source_font") bytes -> $(stat -c %s "$out") bytes: $out"
