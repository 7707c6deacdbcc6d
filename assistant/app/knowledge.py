"""The knowledge-base tab's actions, without the UI: list the articles, show one, add files or pasted
text, remove one. Each returns what the page shows; a user error comes back as a message, never a
traceback. Changes go through :mod:`assistant.update` (incremental, under the build lock; the
previous index keeps serving until the new one is live).
"""

from __future__ import annotations

import html
import re
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import AssistantError
from ..pipeline import Assistant
from ..update import Change, add, remove

COLUMNS = ["文章", "标题", "地区", "日期", "来源", "段落数"]
MAX_PASTE_CHARS = 200_000
_changes = threading.Lock()  # one change at a time from this app (other processes: the build lock)

Progress = Callable[[float, str], None]


def article_rows(bot: Assistant) -> list[list[str]]:
    """One row per article: id, title, region, date, source, chunk count."""
    chunks = {r.doc_id: r.chunks for r in bot.index.corpus.records}
    return [[d.id, d.meta.title or "-", d.meta.region or "-", d.meta.date or "-", d.meta.source or "-",
             str(chunks.get(d.id, 0))] for d in bot.index.corpus.documents]


def article_html(bot: Assistant, doc_id: str | None) -> str:
    """An article's metadata, what cleaning removed from it, and its cleaned text (all escaped)."""
    if not doc_id or doc_id not in bot.index.documents:
        return "<div class='kb-empty'>选择一篇文章查看清洗后的全文。</div>"
    doc = bot.index.documents[doc_id]
    record = next((r for r in bot.index.corpus.records if r.doc_id == doc_id), None)
    facts = [("标题", doc.meta.title), ("地区", doc.meta.region), ("日期", doc.meta.date),
             ("来源", doc.meta.source), ("作者", doc.meta.author)]
    head = "".join(f"<div><b>{k}</b>：{html.escape(v)}</div>" for k, v in facts if v)
    if record is not None:
        head += (f"<div class='kb-report'>清洗：原文 {record.chars_in} 字 → {record.chars_out} 字；去掉注音 "
                 f"{record.annotations_removed} 处、乱码 {record.mojibake_runs} 段、页脚等 {record.boilerplate_lines} 行；"
                 f"{record.chunks} 个段落。文件：{html.escape(Path(record.path).name)}（{html.escape(record.encoding)}）</div>")
    return f"<div class='kb-meta'>{head}</div><div class='kb-text'>{html.escape(doc.display_text)}</div>"


Outcome = tuple[str, Assistant | None]  # the message to show, and the assistant over the new index


def _run(change: Callable[[], Change], progress: Progress | None) -> Outcome:
    if not _changes.acquire(blocking=False):
        return "⚠️ 另一个更新正在进行，请稍后再试。", None
    try:
        if progress:
            progress(0.1, "正在读取文件、更新索引（旧索引继续服务）…")
        done = change()
        if progress:
            progress(1.0, "完成")
        return _summary(done), done.assistant
    except AssistantError as exc:
        return f"⚠️ {exc}", None
    finally:
        _changes.release()


def _summary(change: Change) -> str:
    """What a change did, in the page's language."""
    m = change.assistant.index.manifest
    parts = [f"{label} {'、'.join(ids)}" for label, ids in
             (("已添加", change.added), ("已替换", change.replaced), ("已删除", change.removed)) if ids]
    embedded = m.get("embedded", {})
    line = (f"{'；'.join(parts) or '内容没有变化'}。索引现有 {m['documents']} 篇文章、{m['chunks']} 个段落"
            f"（新嵌入 {embedded.get('chunks', 0)} 个段落，其余沿用）。")
    if change.kept_in is not None:
        line += f" 删除的文件保存在 {change.kept_in}。"
    return line


def add_files(bot: Assistant, paths: Sequence[str | Path], progress: Progress | None = None) -> Outcome:
    """Add uploaded files (text, web page, Word, PDF) to the index; the message to show."""
    files = [Path(p) for p in paths or []]
    if not files:
        return "⚠️ 请先选择要上传的文件（.txt、.md、.html、.docx 或 .pdf）。", None
    return _run(lambda: add(files, bot.settings, embedder=bot.embedder), progress)


def add_text(bot: Assistant, title: str, body: str, progress: Progress | None = None) -> Outcome:
    """Add pasted text as an article (its title as the first line); the message to show."""
    title = (title or "").strip()
    body = (body or "").strip()
    if not body:
        return "⚠️ 请粘贴文章正文。", None
    if len(body) > MAX_PASTE_CHARS:
        return f"⚠️ 正文有 {len(body)} 字，一次最多 {MAX_PASTE_CHARS} 字。", None
    name = re.sub(r"[^\w-]+", "_", title)[:40].strip("_") or f"pasted-{time.strftime('%Y%m%d-%H%M%S')}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.txt"
        path.write_text((title + "\n" if title else "") + body + "\n", encoding="utf-8")
        return add_files(bot, [path], progress)


def remove_article(bot: Assistant, doc_id: str | None, progress: Progress | None = None) -> Outcome:
    """Take an article out of the index (its file is kept in the source's .removed folder)."""
    if not doc_id:
        return "⚠️ 请先选择要删除的文章。", None
    return _run(lambda: remove([doc_id], bot.settings, embedder=bot.embedder), progress)
