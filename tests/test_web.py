"""The web chat: rendering units, then the real app through gradio_client and a real browser."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.app.web import _stream_steps, answer_message, sources_html
from assistant.bench.speed import running_app
from assistant.schema import Answer, Citation

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
@contextlib.contextmanager
def browser_page(width: int, height: int) -> Iterator[Any]:
    """A page in Debian's headless Chromium (the test skips where it or Playwright is missing)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it as root)")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


INJECTION = "<script>alert('x')</script>[点我](http://evil.example) 菏泽有多少个服务站？"


def citation(**changes):
    base = dict(number=1, doc_id="d", title="标题<b>", region="山东省 菏泽市", date="", quote="建立了246个服务站",
                start=10, end=19, score=1.0, chunk_id="d#0", chunk_text="目前,<script>已</script>建立了246个服务站。",
                chunk_start=-5)
    base.update(changes)
    return Citation(**base)


def test_answer_message_escapes_and_links_citations():
    answer = Answer(question="q", text="<b>246个</b>[1]", answered=True, citations=(citation(),))
    message = answer_message(answer)
    assert "<b>" not in message and "&lt;b&gt;" in message
    assert "[[1]](#src-1)" in message
    refused = answer_message(Answer(question="q", text="没有[链接](http://x)", answered=False))
    assert refused.startswith("⚠️ **未找到答案**") and "](http" not in refused


def test_sources_highlight_the_cited_span_and_escape_everything():
    c = citation(chunk_text="目前,<script>已</script>建立了246个服务站。", chunk_start=0, start=21, end=31)
    assert c.chunk_text[21:31] == "建立了246个服务站"
    page = sources_html(Answer(question="q", text="x[1]", answered=True, citations=(c,)))
    assert "<mark>建立了246个服务站</mark>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "标题&lt;b&gt;" in page and "id='src-1'" in page


def test_streaming_prefixes_end_with_the_whole_text():
    text = "第一句，第二句[[1]](#src-1)。第三句"
    steps = list(_stream_steps(text))
    assert steps[-1] == text
    assert all(text.startswith(s) for s in steps)
    assert all(s.count("[[") == s.count("](#") for s in steps)


@pytest.fixture(scope="module")
def app_url(real_bot):
    with running_app(["--index", str(real_bot.settings.index_dir)], timeout=300) as url:
        yield url


@pytest.mark.slow
def test_app_answers_through_gradio_client(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    figure = client.predict("菏泽在全国建立了多少个返乡创业服务站？", [], api_name="/ask")
    assert figure["answered"] and "246" in figure["text"]
    assert figure["citations"][0]["quote"] in figure["citations"][0]["chunk_text"]
    traditional = client.predict("樂山的返鄉創業品牌叫什麼？", [], api_name="/ask")
    assert traditional["answered"] and "歸雁興嘉" in traditional["text"] and traditional["script"] == "traditional"
    refused = client.predict("深圳市对返乡创业人员的一次性补贴标准是多少？", [], api_name="/ask")
    assert refused["answered"] is False and refused["citations"] == []
    follow_up = client.predict("市级的呢？", ["昭通建成了几个省级创业孵化示范基地？"], api_name="/ask")
    assert follow_up["answered"] and "2个" in follow_up["text"]
    injected = client.predict(INJECTION, [], api_name="/ask")
    assert "<script>" not in injected["text"]
    # bad input over raw HTTP (JSON may carry lone surrogates as escapes): a plain reply, never an error
    for question, history in [("菏泽有多少服务站？", 42), ("菏泽有多少服务站？", "昭通"), (42, []),
                              ("菏泽\ud800有多少服务站？", ["\udfff" * 3, "昭通" * 100_000])]:
        reply = call_api(app_url, "ask", [question, history])
        assert reply["answered"] in (True, False) and reply["text"] and reply["reason"] != "error"


def call_api(url: str, name: str, data: list) -> dict:
    """POST to a Gradio API route and read the result from its event stream, with plain urllib."""
    import json
    import urllib.request

    body = json.dumps({"data": data}).encode("ascii")  # ensure_ascii: surrogates travel as \ud800 escapes
    request = urllib.request.Request(f"{url}gradio_api/call/{name}", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        event = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{name}/{event}", timeout=120) as response:
        lines = response.read().decode("utf-8", "replace").splitlines()
    kinds = [line.removeprefix("event: ") for line in lines if line.startswith("event: ")]
    assert kinds[-1] == "complete", lines[-4:]
    return json.loads(next(line for line in reversed(lines) if line.startswith("data: "))[6:])[0]


@pytest.mark.slow
@pytest.mark.browser
def test_browser_shows_answer_citation_and_highlighted_source(app_url):
    with browser_page(1280, 900) as page:
        page.goto(app_url)
        page.locator("#question textarea").fill("菏泽在全国建立了多少个返乡创业服务站？")
        page.locator("#send").click()
        mark = page.locator("#sources mark").first
        mark.wait_for(timeout=60_000)
        assert "246" in mark.inner_text()
        assert "246" in page.locator("#chat").inner_text()
        marker = page.locator("#chat a[href='#src-1']").first
        assert marker.is_visible() and marker.inner_text() == "[1]"
        page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

        page.locator("#question textarea").fill(INJECTION)
        page.locator("#send").click()
        page.get_by_text("未找到答案").first.wait_for(timeout=60_000)
        assert page.locator("#chat script").count() == 0
        assert page.locator("#chat a[href^='http://evil']").count() == 0
        assert "<script>alert" in page.locator("#chat").inner_text()  # shown as text, inert
        page.locator("#clear").click()
        page.wait_for_function("!document.querySelector('#chat').innerText.includes('菏泽在全国')", timeout=10_000)
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.browser
def test_browser_chat_polish(app_url):
    """Examples run when clicked, [n] scrolls to its source and flashes it, an English question gets an
    English reply without the refusal label, an empty send adds nothing, and on a narrow screen the
    sources follow the answer (the examples come after them)."""
    with browser_page(1280, 700) as page:
        page.goto(app_url)
        page.locator("#examples").get_by_text("菏泽在全国建立了多少个返乡创业服务站？").click()
        page.locator("#sources mark").first.wait_for(timeout=60_000)  # it was asked, not only typed in
        assert "246" in page.locator("#chat").inner_text()

        page.locator("#sources").scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("#chat a[href='#src-1']").first.click()
        page.wait_for_function("document.querySelector('#src-1').classList.contains('flash')", timeout=5_000)
        box = page.locator("#src-1").bounding_box()
        assert box is not None and 0 <= box["y"] <= 700  # scrolled into view

        bubbles = page.locator("#chat .message").count()
        page.locator("#question textarea").fill("   ")
        page.locator("#send").click()
        page.wait_for_timeout(1_500)
        assert page.locator("#chat .message").count() == bubbles  # an empty send adds no bubble

        page.locator("#question textarea").fill("How much loan did Muchuan give to returnees?")
        page.locator("#send").click()
        page.get_by_text("I answer questions in Chinese").first.wait_for(timeout=30_000)
        assert "未找到答案" not in page.locator("#chat").inner_text().split("How much loan")[-1]

        # the filter beside the box: a region narrows the articles asked over; a bad date says why
        page.locator("#region input").fill("乐山市")
        page.locator("#region input").press("Enter")
        page.locator("#question textarea").fill("菏泽在全国建立了多少个返乡创业服务站？")
        page.locator("#send").click()
        page.wait_for_function("document.querySelector('#chat').innerText.split('服务站？').length > 2 && "
                               "!document.querySelector('#chat').innerText.trim().endsWith('…')", timeout=60_000)
        page.wait_for_timeout(1_000)
        last = page.locator("#chat").inner_text().split("服务站？")[-1]
        assert "246" not in last and "未找到答案" in last
        page.locator("#since").locator("input, textarea").first.fill("去年")
        page.locator("#question textarea").fill("乐山的返乡创业品牌叫什么？")
        page.locator("#send").click()
        page.get_by_text("日期请写成").first.wait_for(timeout=30_000)
        page.locator("#since").locator("input, textarea").first.fill("")

        page.set_viewport_size({"width": 420, "height": 900})
        page.wait_for_timeout(500)
        chat, sources, examples = (page.locator(s).bounding_box() for s in ("#chat", "#sources", "#examples"))
        assert chat and sources and examples
        assert chat["y"] < sources["y"] < examples["y"]
        page.screenshot(path=str(ARTIFACTS / "chat-narrow.png"), full_page=True)
