"""HTML and WARC input give the same Article as plain text; HTML extraction vs trafilatura."""

from __future__ import annotations

import html as htmlmod
import importlib.util
import io
import json
from pathlib import Path

from khobor.clean import clean
from khobor.clean.html import html_to_rawdoc
from khobor.clean.normalize import normalize
from khobor.clean.warc import read_warc
from khobor.model import RawDoc

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "clean"


def story() -> dict:
    rows = [json.loads(x) for x in (FIXTURES / "synthetic.jsonl").read_text(encoding="utf-8").splitlines()]
    return next(r for r in rows if r["layout"] == "intl_desk")


def page(row: dict) -> str:
    """A portal page: menu, header, the article in <article>, a sidebar of headlines, footer."""
    lines = row["lines"]
    title = next(t for g, t in lines if g == "T")
    paragraphs = "".join(f"<p>{htmlmod.escape(t)}</p>" for g, t in lines if g == "B")
    sidebar = "".join(f"<li><a href='/n/{i}'>{htmlmod.escape(t)}</a></li>" for i, (g, t) in enumerate(lines) if g == "X")
    return (
        "<html lang='bn'><head><meta charset='utf-8'><title>" + htmlmod.escape(title) + " | নমুনা বার্তা</title>"
        "<meta property='og:title' content='" + htmlmod.escape(title) + "'>"
        "<meta property='og:site_name' content='নমুনা বার্তা'>"
        "<meta property='article:published_time' content='2025-07-12T18:31:00+06:00'></head><body>"
        "<nav><a href='/'>হোম</a> <a href='/bd'>জাতীয়</a> <a href='/w'>আন্তর্জাতিক</a></nav>"
        "<article><h1>" + htmlmod.escape(title) + "</h1>" + paragraphs + "</article>"
        "<aside><h3>সর্বাধিক পঠিত</h3><ul>" + sidebar + "</ul></aside>"
        "<footer>© সর্বস্বত্ব সংরক্ষিত, নমুনা বার্তা</footer></body></html>"
    )


def test_html_page_gives_the_plain_text_article():
    row = story()
    art = clean(html_to_rawdoc(page(row), source="https://example.org/a/1", fields={"url": "https://example.org/a/1"}))
    gold_body = [normalize(t) for g, t in row["lines"] if g == "B"]
    assert art.body.split("\n\n") == gold_body
    plain = clean(RawDoc(source="x", text="\n".join(t for _, t in row["lines"])))
    assert art.body == plain.body and art.title == plain.title
    assert art.published_at == "2025-07-12T00:00:00+06:00" and art.published_how == "html"
    assert art.outlet == "নমুনা বার্তা" and art.url == "https://example.org/a/1"
    assert "এএফপি" in art.agencies


def test_read_warc_yields_html_responses(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    body = page(story()).encode("utf-8")
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, ctype in [("https://example.org/a/1", "text/html; charset=utf-8"), ("https://example.org/x.json", "application/json")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    docs = list(read_warc(path))
    assert [(d.source, d.content_type) for d in docs] == [("https://example.org/a/1", "text/html")]
    assert docs[0].fetched_at and "এএফপি" in clean(docs[0]).agencies


def test_extraction_benchmark_not_below_trafilatura(shared_dir):
    data = shared_dir / "data" / "article-extraction-benchmark"
    if not data.is_dir():
        import pytest

        pytest.skip("article-extraction-benchmark not present")
    spec = importlib.util.spec_from_file_location("bench_html_extraction", ROOT / "bench" / "bench_html_extraction.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = bench.run(data)
    print("\n" + "\n".join(f"{k}: P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f}" for k, v in results.items()))
    assert results["khobor"]["f1"] >= results["trafilatura"]["f1"]
    assert results["khobor"]["f1"] >= results["trafilatura(no comments)"]["f1"] - 0.01
    assert results["khobor"]["f1"] >= 0.95


def test_clean_command_prints_articles(tmp_path):
    from click.testing import CliRunner

    from khobor.clean.cli import clean_command

    row = story()
    (tmp_path / "a.html").write_text(page(row), encoding="utf-8")
    (tmp_path / "a.txt").write_text("\n".join(t for _, t in row["lines"]), encoding="utf-8")
    for name in ("a.html", "a.txt"):
        result = CliRunner().invoke(clean_command, [str(tmp_path / name), "--outlet", "নমুনা বার্তা"])
        assert result.exit_code == 0, result.output
        art = json.loads(result.output)
        assert art["outlet"] == "নমুনা বার্তা" and art["body"] and art["title"]
