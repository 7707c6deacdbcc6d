"""The user-facing surfaces: the Gradio chat and knowledge-base tab (``web``, ``knowledge``) and the
Markdown and terminal renderings of an answer (``render``)."""
