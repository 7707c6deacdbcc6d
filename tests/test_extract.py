"""Articles from web pages, Word documents and PDFs: each format made in the test, added, asked about."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import IngestError
from assistant.ingest.extract import extract, sniff
from assistant.pipeline import Assistant
from assistant.retrieval.embed import HashEmbedder
from assistant.update import add, remove

from .conftest import SEEDS

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
TITLE = "测试县返乡创业服务中心揭牌"
BODY = ["2024年以来，测试县落实创业担保贷款888万元，扶持返乡创业者120人。",
        "测试县还建成返乡创业孵化基地3个，入驻企业45家。"]
QUESTION = "测试县落实了多少创业担保贷款？"


def html_page(title: str = TITLE, body: tuple[str, ...] = tuple(BODY)) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in body)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - 测试新闻网</title></head>
<body><nav><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/about">关于我们</a></nav>
<div class="ad">广告：点击领取优惠券，限时抢购</div>
<article><h1>{title}</h1>{paragraphs}</article>
<footer>版权所有 © 测试新闻网 ICP备12345678号 联系我们</footer></body></html>""".encode()


def docx_file(title: str = TITLE, body: tuple[str, ...] = tuple(BODY)) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for line in body:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_file(title: str = TITLE, body: tuple[str, ...] = tuple(BODY), text: bool = True) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("fonts-wqy-microhei is not installed")
    pdf = fpdf.FPDF()
    pdf.add_page()
    if text:
        pdf.add_font("wqy", fname=str(FONT), collection_font_number=0)
        pdf.set_font("wqy", size=12)
        pdf.multi_cell(0, 8, "\n".join([title, *body]))
    else:  # a "scan": a drawing, no text layer
        pdf.rect(20, 20, 120, 80, style="F")
    return bytes(pdf.output())


@pytest.mark.parametrize(("make", "kind"), [(html_page, "html"), (docx_file, "docx"), (pdf_file, "pdf")])
def test_each_format_gives_the_article_text_only(make, kind):
    data = make()
    assert sniff(data) == kind
    extracted = extract(data, f"a.{kind}")
    assert extracted.kind == kind and TITLE in extracted.text
    assert all(line in extracted.text.replace("\n", "") for line in BODY)
    for furniture in ("首页", "广告", "优惠券", "版权所有", "ICP备"):
        assert furniture not in extracted.text


def test_kinds_are_told_by_content_and_bad_files_say_why(tmp_path):
    assert sniff(docx_file()) == "docx"  # whatever the name
    assert extract(html_page(), "notice.txt").kind == "html"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(IngestError, match="ZIP archive, not a Word"):
        extract(archive.getvalue(), "a.docx")
    with pytest.raises(IngestError, match="old Word"):
        extract(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "a.doc")
    with pytest.raises(IngestError, match="without a text layer"):
        extract(pdf_file(text=False), "scan.pdf")
    with pytest.raises(IngestError, match="no article"):
        extract(b"<html><body><nav><a href='/'>home</a></nav><script>x()</script></body></html>", "empty.html")
    with pytest.raises(IngestError, match="empty"):
        extract(b"   ", "blank.txt")
    with pytest.raises(IngestError, match="binary|not text"):
        extract(bytes(range(256)) * 8, "noise.bin")


@pytest.mark.parametrize(("make", "name"), [(html_page, "notice.html"), (docx_file, "notice.docx"),
                                            (pdf_file, "notice.pdf")])
def test_an_added_document_answers_and_its_removal_refuses(tmp_path, make, name):
    source = tmp_path / "articles"
    source.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, source / path.name)
    settings = Settings(source=source, index_dir=tmp_path / "idx", model="hash")
    before = Assistant.build(settings=settings, embedder=HashEmbedder()).ask(QUESTION)
    assert not before.answered
    upload = tmp_path / name
    upload.write_bytes(make())

    bot = add([upload], settings, embedder=HashEmbedder()).assistant

    assert (source / "notice.txt").exists() and (source / ".originals" / name).read_bytes() == upload.read_bytes()
    answer = bot.ask(QUESTION)
    assert answer.answered and "888万元" in answer.text and answer.citations[0].doc_id == "notice"
    assert bot.index.documents["notice"].meta.title == TITLE
    change = remove(["notice"], settings, embedder=HashEmbedder())
    assert not change.assistant.ask(QUESTION).answered
    assert change.kept_in is not None and (change.kept_in / name).exists()  # the original goes with it
