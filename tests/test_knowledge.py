"""The knowledge-base tab: its actions without the UI, then in a real browser (upload, ask, remove)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.app.knowledge import add_files, add_text, article_html, article_rows, remove_article
from assistant.bench.speed import running_app
from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.retrieval.embed import HashEmbedder

from .conftest import SEEDS
from .test_extract import docx_file, html_page, pdf_file
from .test_web import ARTIFACTS, browser_page

#: one article per format, each with a fact no other article has
ARTICLES = {
    "docx_notice.docx": (docx_file, "宁化县返乡创业服务中心揭牌", ("2024年以来，宁化县落实创业担保贷款888万元，扶持返乡创业者120人。",),
                         "宁化县落实了多少创业担保贷款？", "888万元"),
    "html_notice.html": (html_page, "建瓯市建成返乡创业园", ("建瓯市已建成返乡创业园7个，入园企业213家。",),
                         "建瓯市建成了几个返乡创业园？", "7个"),
    "pdf_notice.pdf": (pdf_file, "永定区举办返乡创业大赛", ("永定区举办返乡创业大赛，共有56个项目参赛。",),
                       "永定区的返乡创业大赛有多少个项目参赛？", "56个"),
}


def a_source(tmp_path: Path, count: int = 2) -> Path:
    source = tmp_path / "articles"
    source.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:count]:
        shutil.copy(path, source / path.name)
    return source


def test_actions_list_show_add_paste_and_remove(tmp_path):
    settings = Settings(source=a_source(tmp_path), index_dir=tmp_path / "idx", model="hash")
    bot = Assistant.build(settings=settings, embedder=HashEmbedder())
    assert [r[0] for r in article_rows(bot)] == ["000_f6b64228be448277", "001_a6fa54038ad127e6"]
    page = article_html(bot, "000_f6b64228be448277")
    assert "昭通" in page and "清洗" in page and "<script" not in page

    message, new = add_text(bot, "丁县<script>通知</script>", "丁县今年新增返乡创业担保贷款999万元，惠及创业者80人。")
    assert new is not None and message.startswith("已添加") and len(article_rows(new)) == 3
    pasted = next(r[0] for r in article_rows(new) if r[0] not in ("000_f6b64228be448277", "001_a6fa54038ad127e6"))
    assert "&lt;script&gt;" in article_html(new, pasted)  # shown escaped
    assert add_text(new, "", "  ")[1] is None and "正文" in add_text(new, "", "  ")[0]
    again, same = add_text(new, "丁县<script>通知</script>", "丁县今年新增返乡创业担保贷款999万元，惠及创业者80人。")
    assert same is not None and "内容没有变化" in again and len(article_rows(same)) == 3
    assert add_files(new, [])[1] is None

    message, after = remove_article(new, pasted)
    assert after is not None and message.startswith("已删除") and len(article_rows(after)) == 2
    assert remove_article(after, None)[1] is None


def _wait_status(page, text: str) -> str:
    page.wait_for_function(
        "t => { const s = document.querySelector('#kb-status'); return s && (s.innerText.includes(t) || "
        "s.innerText.includes('⚠️')) }", arg=text, timeout=240_000)
    return page.locator("#kb-status").inner_text()


def _ask(page, question: str, expect: str) -> str:
    page.get_by_role("tab", name="对话").click()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.wait_for_function(
        "t => document.querySelector('#chat').innerText.includes(t)", arg=expect, timeout=120_000)
    return page.locator("#chat").inner_text()


@pytest.mark.slow
@pytest.mark.browser
def test_browser_upload_ask_and_remove(tmp_path):
    source = a_source(tmp_path)
    uploads = []
    for name, (make, title, body, _, _) in ARTICLES.items():
        uploads.append(tmp_path / name)
        uploads[-1].write_bytes(make(title, body))
    startup: list[str] = []
    with browser_page(1280, 1000) as page, \
            running_app(["--source", str(source), "--index", str(tmp_path / "idx")], timeout=300,
                        output=startup) as url:
        page.goto(url)
        # a first start says what it does in plain words, with no warning or traceback-like line
        said = "".join(startup)
        assert "building the index" in said and "indexing 2 articles" in said and "open http://" in said
        assert not re.search(r"warn|traceback|error|exception|deprecat", said, re.I), said
        page.get_by_role("tab", name="知识库").click()
        page.wait_for_function("document.querySelector('#articles').innerText.includes('000_f6b64228be448277')",
                               timeout=60_000)
        page.locator("#upload input[type=file]").set_input_files([str(u) for u in uploads])
        page.wait_for_function(  # every file uploaded and listed
            "names => names.every(n => document.querySelector('#upload').innerText.includes(n))",
            arg=[u.stem for u in uploads], timeout=60_000)
        page.locator("#add").click()
        status = _wait_status(page, "已添加")
        assert "已添加" in status, status
        table = page.locator("#articles").inner_text()
        assert all(Path(name).stem in table for name in ARTICLES)
        page.screenshot(path=str(ARTIFACTS / "knowledge.png"), full_page=True)

        for _, (_, title, _, question, expect) in ARTICLES.items():
            chat = _ask(page, question, expect)
            assert expect in chat
            page.wait_for_function(  # cited to the new article: its title heads the highlighted source
                "t => document.querySelector('#sources').innerText.includes(t)", arg=title, timeout=30_000)
            assert expect in page.locator("#sources mark").first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "knowledge-chat.png"), full_page=True)

        page.get_by_role("tab", name="知识库").click()
        page.locator("#pick input").click()
        page.get_by_role("option", name="docx_notice").click()
        page.locator("#article").get_by_text("888万元").first.wait_for(timeout=30_000)
        page.locator("#remove").click()
        status = _wait_status(page, "已删除")
        assert "已删除 docx_notice" in status, status
        chat = _ask(page, ARTICLES["docx_notice.docx"][3], "未找到答案")
        assert chat.count("未找到答案") >= 1
        page.screenshot(path=str(ARTIFACTS / "knowledge-removed.png"), full_page=True)
    assert (source / ".removed").exists() and (source / "html_notice.txt").exists()
