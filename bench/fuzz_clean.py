"""Fuzz the cleaner with atheris: bytes -> decode -> clean (plain text and HTML), metadata and times.

    python bench/fuzz_clean.py [-runs=N] [-max_total_time=SECONDS] [atheris/libFuzzer options]
    make fuzz                  # a short run (60 s)

Anything but one of khobor's own errors (KhoborError) is a crash: libFuzzer
stops, prints the exception and writes the input that caused it to
crash-<hash> in the current folder. Needs the `atheris` package (in the dev
extra on Linux x86_64).
"""

from __future__ import annotations

import sys

try:
    import atheris
except ImportError:  # pragma: no cover - an optional tool
    sys.exit("atheris is not installed: pip install atheris (Linux x86_64 wheels), then run this again")

with atheris.instrument_imports(include=["khobor"]):
    from khobor.analyze.times import find_times
    from khobor.clean import clean
    from khobor.errors import KhoborError
    from khobor.ingest.decode import decode_counting
    from khobor.lang.bn.dates import find_dates
    from khobor.model import RawDoc


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    html = provider.ConsumeBool()
    title = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 80))
    date = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 40))
    raw = provider.ConsumeBytes(provider.remaining_bytes())
    try:
        text, _ = decode_counting(raw, "fuzz.txt")
    except KhoborError:
        text = raw.decode("utf-8", "replace")
    try:
        article = clean(RawDoc(source="fuzz", text=text, fields={"title": title, "date": date},
                               content_type="text/html" if html else "text/plain"))
        find_times(article.body)
        find_dates(text, reference=date or None)
    except KhoborError:
        pass


def main() -> None:
    args = sys.argv
    if not any(a.startswith(("-runs=", "-max_total_time=")) for a in args[1:]):
        args = [*args, "-max_total_time=60"]
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
