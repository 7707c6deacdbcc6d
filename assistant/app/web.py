"""The Gradio chat: answers with clickable citations and a sources panel with the cited spans highlighted.

Nothing heavy happens at import time. :func:`create_app` builds the UI around an
:class:`~assistant.pipeline.Assistant` factory; :func:`main` loads (or builds) the
index once, then serves. All article and user text is escaped before display.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from .. import messages
from ..answer.followup import MAX_TURNS
from ..config import Settings
from ..errors import AssistantError, ScopeEmptyError
from ..pipeline import Assistant
from ..schema import Answer, Scope
from ..text import in_script
from .render import citation_heading, escape_markdown

log = logging.getLogger(__name__)

TITLE = "返乡创业政策问答"
INTRO = (
    "问返乡创业的政策、平台和数字。每句回答都引用文章原文，点 [n] 查看出处；"
    "文章里没有的，会直接告诉你没有。支持简体和繁体。"
)
PLACEHOLDER = "例如：菏泽在全国建立了多少个返乡创业服务站？"
EXAMPLES = [
    "菏泽在全国建立了多少个返乡创业服务站？",  # figure
    "昭通推出了什么措施来促进创业就业？",  # policy
    "张掖市人社局组建了甘肃省首个什么服务团？",  # platform
    "昭通建成了几个省级创业孵化示范基地？",  # a follow-up example follows it
    "市级的呢？",
    "樂山的返鄉創業品牌叫什麼？",
]
SOURCES_EMPTY = "<div class='src-empty'>回答引用的原文会显示在这里。</div>"
DISPLAY_LIMIT = 300
MAX_KEPT_TURNS = MAX_TURNS  # questions the chat keeps for follow-ups: the answer stage reads no more
MAX_FILE_SIZE = "20mb"  # uploads (the knowledge base): the same bound as assistant.ingest.extract.MAX_BYTES
REFRESH_SECONDS = 2.0  # how often a request checks whether a build switched the index
CSS = """
#sources .src { border-left: 4px solid #2f6fdf; padding: 6px 10px; margin: 8px 0; background: #f7f9fc; }
#sources .src-head { font-weight: 600; margin-bottom: 4px; }
#sources .src-body { line-height: 1.7; white-space: pre-wrap; }
#sources mark { background: #ffe58a; padding: 0 1px; }
#sources .src-related { border-left-color: #999; background: #fafafa; }
#sources .refused { color: #8a5300; font-weight: 600; }
#sources .src.flash { animation: flash 1.6s ease-out; }
@keyframes flash { 0% { background: #ffe58a; } 100% { background: #f7f9fc; } }
#article .kb-meta { margin: 6px 0; line-height: 1.6; }
#article .kb-report { color: #555; font-size: 0.9em; margin-top: 4px; }
#article .kb-text { white-space: pre-wrap; line-height: 1.7; border-left: 4px solid #999; padding: 6px 10px;
                    background: #fafafa; max-height: 420px; overflow-y: auto; }
"""


#: clicking a ``[n]`` marker scrolls to source n and flashes it (the links are ``#src-n`` anchors, which
#: alone only change the URL inside Gradio's page)
HEAD = """<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[href^='#src-']");
  if (!link) return;
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({behavior: "smooth", block: "center"});
  target.classList.remove("flash"); void target.offsetWidth; target.classList.add("flash");
}, true);
</script>"""


ALL_REGIONS = "全部地区"


_regions: dict[int, list[str]] = {}


def regions(bot: Assistant) -> list[str]:
    """The provinces and cities the articles are about, for the region filter (once per index)."""
    key = id(bot.index)
    if key not in _regions:
        names: dict[str, None] = {}
        for doc in bot.index.corpus.documents:
            for name in (doc.meta.province, doc.meta.city):
                if name:
                    names[name] = None
        _regions.clear()
        _regions[key] = sorted(names)
    return _regions[key]


def answer_message(answer: Answer) -> str:
    """The chat bubble: escaped answer text; ``[n]`` become links to the sources panel; refusals marked."""
    body = escape_markdown(answer.text).replace("\n", "  \n")
    body = re.sub(r"\\\[(\d+)\\\]", r"[[\1]](#src-\1)", body)
    if answer.reason in ("empty", "not_chinese"):  # no question to search for: a plain reply, not a refusal
        return body
    if not answer.answered:
        label = in_script(messages.ANSWER_REFUSED, answer.script)
        return f"⚠️ **{label}**\n\n> {body}"
    return body


def sources_html(answer: Answer) -> str:
    """Each cited passage with its article, region and date, the cited span highlighted."""
    if not answer.answered:
        if not answer.hits:
            return SOURCES_EMPTY
        parts = [f"<div class='refused'>{html.escape(in_script(messages.CLOSEST, answer.script))}</div>"]
        for hit in answer.hits[:2]:
            parts.append(
                f"<div class='src src-related'><div class='src-head'>{html.escape(in_script(hit.title, answer.script))}</div>"
                f"<div class='src-body'>{html.escape(hit.chunk.text)}</div></div>"
            )
        return "".join(parts)
    parts = []
    for c in answer.citations:
        a = max(0, c.start - c.chunk_start)
        b = max(a, c.end - c.chunk_start)
        text = c.chunk_text or c.quote
        if text[a:b] != c.quote:  # the quote always stands in its chunk; fall back to the quote alone
            text, a, b = c.quote, 0, len(c.quote)
        body = html.escape(text[:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>" + html.escape(text[b:])
        parts.append(
            f"<div class='src' id='src-{c.number}'><div class='src-head'>[{c.number}] "
            f"{html.escape(in_script(citation_heading(c), answer.script))}</div>"
            f"<div class='src-body'>{body}</div></div>"
        )
    return "".join(parts)


def _user_message(text: str) -> str:
    shown = text if len(text) <= DISPLAY_LIMIT else text[:DISPLAY_LIMIT] + "…"
    return escape_markdown(shown)


def _stream_steps(text: str, steps: int = 6) -> Iterator[str]:
    """Growing prefixes of ``text`` that never cut a Markdown link or escape in half."""
    cuts = sorted({m.end() for m in re.finditer(r"[，。；,;\n]|\)\]?", text)} | {len(text)})
    if len(cuts) > steps:
        stride = len(cuts) / steps
        cuts = [cuts[min(len(cuts) - 1, int((i + 1) * stride) - 1)] for i in range(steps)]
    for cut in cuts:
        piece = text[:cut]
        if piece.count("[[") == piece.count("](#"):
            yield piece
    if not cuts or cuts[-1] != len(text):
        yield text


def api_answer(get_assistant: Callable[[], Assistant], question: Any, history: Any = None) -> dict[str, Any]:
    """The ``/ask`` endpoint's body: the answer as a dict, for any input. A question or history of the
    wrong type is bad input with a plain reply (and one short log line), never an error page."""
    if question is not None and not isinstance(question, str):
        log.info("api ask: bad question of type %s", type(question).__name__)
        return _bad_input(messages.BAD_QUESTION_TYPE)
    if history is not None and not isinstance(history, (list, tuple)):
        log.info("api ask: bad history of type %s", type(history).__name__)
        return _bad_input(messages.BAD_HISTORY)
    try:
        return get_assistant().ask(question or "", history or []).to_dict()  # the history is bounded there
    except Exception as exc:  # the assistant already answers bad input; this is a fault, logged briefly
        log.error("api ask failed: %s: %s", type(exc).__name__, str(exc)[:200])
        return _bad_input(messages.INTERNAL_ERROR, reason="error")


def _bad_input(text: str, reason: str = "bad_input") -> dict[str, Any]:
    return {"question": "", "text": text, "answered": False, "reason": reason, "citations": [], "hits": []}


KB_INTRO = ("文章列表、清洗后的全文和清洗记录。上传 .txt、.md、网页（.html）、Word（.docx）或带文字层的 PDF，"
            "或粘贴正文，即可加入知识库；只嵌入新文章，更新期间旧索引照常回答。")
UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".docx", ".pdf"]


def knowledge_tab(gr: Any, get_assistant: Callable[[], Assistant], tab: Any, demo: Any) -> None:
    """The knowledge-base tab: the article list, one article's cleaned text and report, upload, paste,
    remove. Changes switch the chat to the new index as soon as it is live."""
    from . import knowledge

    def listing() -> tuple[Any, Any]:
        bot = get_assistant()
        rows = knowledge.article_rows(bot)
        return gr.update(value=rows), gr.update(choices=[r[0] for r in rows])

    def after(outcome: tuple[str, Assistant | None]) -> tuple[Any, ...]:
        message, bot = outcome
        if bot is not None and isinstance(get_assistant, SharedAssistant):
            get_assistant.use(bot)
        rows, choices = listing()
        return message, rows, choices

    def show(doc_id: str | None) -> str:
        return knowledge.article_html(get_assistant(), doc_id)

    def add(files: list[str] | None, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008 (Gradio's idiom)
        outcome = knowledge.add_files(get_assistant(), files or [], lambda f, d: progress(f, desc=d))
        return (*after(outcome), None)

    def paste(title: str, body: str, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008 (Gradio's idiom)
        outcome = knowledge.add_text(get_assistant(), title, body, lambda f, d: progress(f, desc=d))
        ok = outcome[1] is not None
        return (*after(outcome), "" if ok else title, "" if ok else body)

    def drop(doc_id: str | None, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008 (Gradio's idiom)
        outcome = knowledge.remove_article(get_assistant(), doc_id, lambda f, d: progress(f, desc=d))
        return (*after(outcome), knowledge.article_html(get_assistant(), None))

    gr.Markdown(KB_INTRO)
    table = gr.Dataframe(headers=knowledge.COLUMNS, interactive=False, elem_id="articles", wrap=True)
    with gr.Row():
        pick = gr.Dropdown(choices=[], label="查看或删除", elem_id="pick", scale=4)
        remove = gr.Button("删除这篇", variant="stop", elem_id="remove", scale=1)
    article = gr.HTML("", elem_id="article")
    with gr.Row():
        upload = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, type="filepath", label="上传文章",
                         elem_id="upload")
    add_button = gr.Button("添加上传的文章", variant="primary", elem_id="add")
    with gr.Accordion("粘贴文本", open=False, elem_id="paste"):
        title = gr.Textbox(label="标题", elem_id="paste-title")
        body = gr.Textbox(label="正文", lines=8, elem_id="paste-body")
        paste_button = gr.Button("添加粘贴的文本", elem_id="add-text")
    status = gr.Markdown(elem_id="kb-status")
    tab.select(listing, None, [table, pick], api_visibility="private")
    demo.load(listing, None, [table, pick], api_visibility="private")
    pick.change(show, [pick], [article], api_visibility="private")
    add_button.click(add, [upload], [status, table, pick, upload], api_visibility="private")
    paste_button.click(paste, [title, body], [status, table, pick, title, body], api_visibility="private")
    remove.click(drop, [pick], [status, table, pick, article], api_visibility="private")


def create_app(get_assistant: Callable[[], Assistant], concurrency: int = 4) -> Any:
    """The Gradio Blocks app around a (lazily loaded, shared) assistant."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home
    import gradio as gr

    def respond(message: str, chat: list[dict[str, Any]] | None, asked: list[str] | None,
                region: str | None = None, since: str | None = None, until: str | None = None
                ) -> Iterator[tuple[Any, ...]]:
        chat = list(chat or [])
        asked = list(asked or [])
        question = message if isinstance(message, str) else ""
        if not question.strip():  # an empty send adds nothing
            yield chat, asked, gr.update(), ""
            return
        chat.append({"role": "user", "content": _user_message(question.strip()) or "…"})
        chat.append({"role": "assistant", "content": "…"})
        yield chat, asked, gr.update(), ""
        try:
            bot = get_assistant()
            scope = Scope("" if region in (None, ALL_REGIONS) else str(region), since or "", until or "")
            answer = bot.scoped(scope).ask(question, asked)
        except (ValueError, ScopeEmptyError) as exc:  # a date that is no date, a scope without articles
            said = messages.BAD_DATE if isinstance(exc, ValueError) else str(exc)
            chat[-1] = {"role": "assistant", "content": escape_markdown(f"⚠️ {said}")}
            yield chat, asked, SOURCES_EMPTY, question
            return
        except Exception:  # the page must never show a traceback; the log keeps it
            log.exception("chat failed")
            chat[-1] = {"role": "assistant", "content": f"⚠️ {messages.INTERNAL_ERROR}"}
            yield chat, asked, SOURCES_EMPTY, ""
            return
        # kept bounded: the last turns, each cut to the question limit
        asked = [*asked, question.strip()[:bot.settings.max_question_chars]][-MAX_KEPT_TURNS:]
        final = answer_message(answer)
        for partial in _stream_steps(final):
            chat[-1] = {"role": "assistant", "content": partial}
            yield chat, asked, gr.update(), ""
        yield chat, asked, sources_html(answer), ""

    def ask_api(question: Any, history: Any = None) -> dict[str, Any]:
        """Answer as JSON: text, answered, citations (with exact quotes and offsets)."""
        return api_answer(get_assistant, question, history)

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(f"# {TITLE}\n{INTRO}")
        asked = gr.State([])
        with gr.Tabs():
            with gr.Tab("对话", id="chat-tab", elem_id="chat-tab"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="对话", height=460, elem_id="chat", sanitize_html=True,
                                             feedback_options=None, buttons=["copy"])
                        with gr.Row():
                            box = gr.Textbox(placeholder=PLACEHOLDER, show_label=False, scale=5,
                                             elem_id="question", lines=1, max_lines=4, autofocus=True)
                            send = gr.Button("发送", variant="primary", scale=1, elem_id="send")
                        with gr.Row(elem_id="scope"):
                            region = gr.Dropdown(choices=[ALL_REGIONS], value=ALL_REGIONS, label="地区",
                                                 allow_custom_value=True, elem_id="region", scale=2)
                            since = gr.Textbox(label="从（日期）", placeholder="2023", elem_id="since", scale=1)
                            until = gr.Textbox(label="到（日期）", placeholder="2024-06", elem_id="until", scale=1)
                        clear = gr.Button("清空对话", elem_id="clear")
                    with gr.Column(scale=2):  # on a narrow screen the sources come right after the answer
                        gr.Markdown("### 引用来源")
                        sources = gr.HTML(SOURCES_EMPTY, elem_id="sources")
                examples = gr.Examples(examples=[[e] for e in EXAMPLES], inputs=[box], label="示例问题（点击即问）",
                                       elem_id="examples")
            with gr.Tab("知识库", id="kb-tab", elem_id="kb-tab") as kb_tab:
                knowledge_tab(gr, get_assistant, kb_tab, demo)
        outputs = [chatbot, asked, sources, box]
        inputs = [box, chatbot, asked, region, since, until]
        box.submit(respond, inputs, outputs, api_visibility="private")
        send.click(respond, inputs, outputs, api_visibility="private")
        examples.load_input_event.then(respond, inputs, outputs, api_visibility="private")
        demo.load(lambda: gr.update(choices=[ALL_REGIONS, *regions(get_assistant())]), None, [region],
                  api_visibility="private")
        clear.click(lambda: ([], [], SOURCES_EMPTY, ""), None, outputs, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    demo.queue(default_concurrency_limit=concurrency, max_size=256)
    return demo


class SharedAssistant:
    """A thread-safe, callable holder of the assistant: loaded on the first call, then switched to a
    rebuilt index (a new version made by ``build``, ``add``/``remove`` or another process) at most every
    ``refresh_seconds``, without a restart; :meth:`use` switches at once to an assistant just built here."""

    def __init__(self, settings: Settings, source: str | None = None,
                 refresh_seconds: float = REFRESH_SECONDS) -> None:
        self._settings = settings
        self._source = source
        self._refresh = refresh_seconds
        self._lock = threading.Lock()
        self._bot: Assistant | None = None
        self._checked = 0.0

    def __call__(self) -> Assistant:
        with self._lock:
            now = time.monotonic()
            if self._bot is None:
                self._bot = Assistant.load(settings=self._settings, progress=True, source=self._source)
                self._checked = now
                return self._bot
            bot = self._bot
            due = now - self._checked >= self._refresh
            if due:
                self._checked = now  # one request checks per period; the others go on with the loaded index
        if not due:
            return bot
        fresh = bot.refreshed()  # a new version loads outside the lock: requests are answered meanwhile
        if fresh is not bot:
            with self._lock:
                if self._bot is bot:
                    self._bot = fresh
        return fresh

    def use(self, bot: Assistant) -> None:
        """Serve ``bot`` from now on (the assistant over a version this process has just built)."""
        with self._lock:
            self._bot = bot
            self._checked = time.monotonic()


def shared_loader(settings: Settings, source: str | None = None,
                  refresh_seconds: float = REFRESH_SECONDS) -> SharedAssistant:
    """The assistant shared by every request (see :class:`SharedAssistant`)."""
    return SharedAssistant(settings, source, refresh_seconds)


NOISY_LOGGERS = ("faiss", "faiss.loader", "sentence_transformers", "httpx", "httpcore", "bm25s", "urllib3",
                 "gradio", "uvicorn", "uvicorn.access", "uvicorn.error", "trafilatura", "htmldate", "jieba")


def quiet_logging(verbose: bool) -> None:
    """The app's own progress lines in plain words; the libraries' notes (faiss's AVX probes, model
    loading, HTTP requests, deprecation warnings) only with ``--verbose``."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("assistant").setLevel(logging.INFO)
    import bm25s  # noqa: F401  (it sets its own logger to DEBUG when imported: import it first)

    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def main(argv: list[str] | None = None) -> None:
    """``python app.py [--host H] [--port P] [--model M] [--index DIR] [--source DIR]``."""
    parser = argparse.ArgumentParser(description=f"{TITLE}: the web chat")
    parser.add_argument("--host", default=os.environ.get("ASSISTANT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ASSISTANT_PORT", "7860")))
    parser.add_argument("--model", help="embedding model (default: the offline multilingual-e5-small)")
    parser.add_argument("--index", help="index folder (default: index/)")
    parser.add_argument("--source", help="articles folder or JSONL (default: seeds/)")
    parser.add_argument("--device", help="where the embedding model runs: auto (default), cpu, cuda[:N] or mps")
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("ASSISTANT_CONCURRENCY", "4")),
                        help="requests answered at once (default 4)")
    parser.add_argument("--verbose", action="store_true", help="log what the libraries say too (faiss, "
                                                                  "sentence-transformers, httpx, …)")
    args = parser.parse_args(argv)
    quiet_logging(args.verbose)
    changes: dict[str, Any] = {}
    if args.model:
        changes["model"] = args.model
    if args.index:
        changes["index_dir"] = args.index
    if args.source:
        changes["source"] = args.source
    if args.device:
        changes["device"] = args.device
    try:
        settings = Settings().with_(**changes)
        get = shared_loader(settings, source=args.source)
        print(f"loading the index from {settings.index_dir} (built on first start)…", flush=True)
        bot = get()
    except (AssistantError, ValueError) as exc:  # a missing source, a damaged index: one line, no traceback
        print(f"error: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    bot.ask("返乡创业")  # warm-up: pays one-off costs (tokenizers, lexicon) before the first visitor
    print(f"ready: {bot.index.manifest['chunks']} passages from {bot.index.manifest['documents']} articles",
          flush=True)
    demo = create_app(get, concurrency=args.concurrency)
    print(f"starting the web server: open http://{args.host}:{args.port}/ (Ctrl-C stops)", flush=True)
    try:
        demo.launch(server_name=args.host, server_port=args.port, show_error=False, css=CSS, head=HEAD,
                    share=False, max_file_size=MAX_FILE_SIZE, quiet=not args.verbose)
    except OSError as exc:  # the port is taken, or the address cannot be bound: one line
        print(f"error: cannot serve on {args.host}:{args.port} ({str(exc).split('.')[0]}); "
              "pick another with --port", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
