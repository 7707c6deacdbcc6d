"""Rendering answers as Markdown and as terminal text; all user and article text is escaped."""

from __future__ import annotations

import html
import re

from .. import messages
from ..schema import Answer, Citation
from ..text import in_script

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)(?=[:.])")


def escape_markdown(text: str) -> str:
    """Escape HTML and Markdown so that text is shown, never interpreted.

    Renderers also turn bare addresses into links (GFM autolinks); a zero-width space after
    the scheme (``http\u200b://``) keeps them plain text without changing how they look.
    """
    text = _AUTOLINK.sub(lambda m: m.group(1) + "\u200b", text)
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def citation_heading(c: Citation) -> str:
    parts = [c.title, c.region, c.date]
    return " · ".join(p for p in parts if p)


def answer_markdown(answer: Answer) -> str:
    """Answer text with ``[n]`` markers, then a numbered source list with the quoted spans."""
    body = escape_markdown(answer.text).replace("\n", "  \n")
    body = re.sub(r"\\\[(\d+)\\\]", r"<sup>[\1]</sup>", body)
    if not answer.answered:
        lines = [f"> {body}"]
        if answer.hits:
            lines += ["", in_script(messages.CLOSEST, answer.script), ""]
            for hit in answer.hits[:2]:
                snippet = hit.chunk.text.replace("\n", " ")[:80]
                lines.append(f"- {escape_markdown(hit.title)}：{escape_markdown(snippet)}…")
        return "\n".join(lines)
    lines = [body, "", f"**{in_script(messages.SOURCES, answer.script)}**", ""]
    for c in answer.citations:
        lines.append(f"{c.number}. {escape_markdown(citation_heading(c))}  \n   “{escape_markdown(c.quote)}”")
    return "\n".join(lines)


def answer_terminal(answer: Answer) -> str:
    """What ``python -m assistant ask`` prints."""
    lines = [answer.text]
    if not answer.answered and answer.hits:
        lines += ["", in_script(messages.CLOSEST, answer.script)]
        for hit in answer.hits[:2]:
            snippet = hit.chunk.text.replace("\n", " ")[:60]
            lines.append(f"  - {hit.title} ({hit.chunk.id}): {snippet}…")
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            lines.append(f"[{c.number}] {citation_heading(c)} ({c.doc_id}, {c.start}–{c.end})")
            lines.append(f"    “{c.quote}”")
    return "\n".join(lines)
