"""Suggested-metadata benchmark: how often ``ocr.suggest`` reads each field right on documents generated in the
Decree 30 layouts (ocr/tests/layouts.py: công văn, thông báo, quyết định, giấy mời, tờ trình, báo cáo, kế hoạch),
as clean text (the header's and the signature's columns flattened in each of the four orders), as synthetic noisy
text (diacritics dropped or changed, lines broken, stray spaces, 0 for O, blank lines lost) and as 300 dpi page
images read through the real intake chain (ocr.chain.run: clamd, ocrmypdf, tesseract ``vie``).

    .venv/bin/python ops/bench/suggest.py [--count 700] [--ocr 14] [--seed 30] [--keep-text DIR]

Clean text is scored as written; noisy and OCR'd text once folded (no diacritics, case or punctuation: what the
noise or the OCR garbled is not the parser's to restore), and the OCR'd text also as written. Needs clamd and
tesseract (./ops/up or ./ops/test start them); no database. Prints figures; they are recorded in
docs/benchmarks.md and docs/intake.md. Not a test."""

import argparse
import collections
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def tally(documents, texts, exact: bool) -> dict[str, float]:
    from ocr.suggest import suggest
    from ocr.tests import layouts

    right = collections.Counter()
    for document, text in zip(documents, texts, strict=True):
        right.update(name for name, ok in layouts.score(document.truth, suggest(text), exact).items() if ok)
    return {name: 100 * right[name] / max(len(documents), 1) for name in layouts.SCORED}


def ocr_texts(documents) -> tuple[list[str], float]:
    from ocr import chain
    from ocr.tests import layouts

    limits = chain.Limits(max_bytes=50 * 1024 * 1024, page_timeout=120)
    texts, started = [], time.monotonic()
    for document in documents:
        result = chain.run(layouts.page_image(document), "scan.png", limits)
        if result.state != chain.READY:
            raise SystemExit(f"the chain did not pass a page: {result.state} {result.reason_code}")
        texts.append(result.text)
    return texts, (time.monotonic() - started) / max(len(documents), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=700, help="generated documents (text)")
    parser.add_argument("--ocr", type=int, default=14, help="generated documents rendered and OCR'd")
    parser.add_argument("--seed", type=int, default=30)
    parser.add_argument("--keep-text", metavar="DIR", help="write each OCR'd page's text there, to look at the misses")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "province.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from ocr.tests import layouts

    documents = layouts.generate(args.count, seed=args.seed)
    columns = {f"clean {mode}": tally(documents, [d.text(mode) for d in documents], True) for mode in layouts.MODES}
    rng = random.Random(args.seed)
    columns["noisy"] = tally(documents, [layouts.noisy(d, rng) for d in documents], False)
    scanned = layouts.generate(args.ocr, seed=args.seed + 1)
    if scanned:
        texts, per_page = ocr_texts(scanned)
        if args.keep_text:
            Path(args.keep_text).mkdir(parents=True, exist_ok=True)
            for number, text in enumerate(texts):
                Path(args.keep_text, f"{number:03d}.txt").write_text(text, encoding="utf-8")
        columns["OCR folded"] = tally(scanned, texts, False)
        columns["OCR exact"] = tally(scanned, texts, True)
    print(f"{args.count} generated documents (seed {args.seed}); {args.ocr} rendered at 300 dpi and OCR'd")
    print(f"{'field':<20}" + "".join(f"{name:>18}" for name in columns))
    for field in layouts.SCORED:
        print(f"{field:<20}" + "".join(f"{column[field]:>17.1f}%" for column in columns.values()))
    if scanned:
        print(f"OCR: {per_page:.1f} s per page through the chain")


if __name__ == "__main__":
    main()
