"""How long the photo pipeline takes and how much memory it peaks at.

For photos of typical phone sizes (12, 48 MP and a 100 MP limit case) prints
the time to check, turn, strip and re-encode, the time to write the renditions,
and the peak memory of a fresh process doing just that (the test photo is
made beforehand, in another process). Files go to a throw-away MEDIA_ROOT.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="image-bench-")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from news.media.images import image_process, image_store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure  # noqa: E402

SIZES = {"12 MP (4000×3000)": (4000, 3000), "48 MP (8000×6000)": (8000, 6000), "100 MP (11547×8660)": (11547, 8660)}


def phone_jpeg(size):
    image = Image.new("RGB", size, (90, 140, 60))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 97):  # some detail, so JPEG has work to do
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(200, 180, 40), width=3)
    out = BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def measure(path):
    data = Path(path).read_bytes()
    start = time.perf_counter()
    image_process(SimpleUploadedFile("p.jpg", data))
    processed = time.perf_counter() - start
    start = time.perf_counter()
    image_store(upload=SimpleUploadedFile("p.jpg", data))
    stored = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(data) / 1e6:>9.1f}{processed:>11.2f}{stored:>20.2f}{peak:>13.0f}")


def main():
    print(f"{'photo':<22}{'file MB':>9}{'process s':>11}{'store+renditions s':>20}{'peak RSS MB':>13}", flush=True)
    for label, size in SIZES.items():
        path = Path(os.environ["MEDIA_ROOT"]) / "source.jpg"
        path.write_bytes(phone_jpeg(size))
        result = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True)
        print(f"{label:<22}{result.stdout.strip() or result.stderr.strip()[-200:]}", flush=True)
        numbers = result.stdout.split()
        if len(numbers) == 4:
            megabytes, processed, stored, peak = numbers
            figure(
                f"photo {label}: check and re-encode",
                processed,
                "s",
                f"{megabytes} MB file; stored with renditions in {stored} s; peak {peak} MB",
            )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        measure(sys.argv[2])
    else:
        main()
