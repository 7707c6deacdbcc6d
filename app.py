"""The web chat: ``python app.py`` serves on http://127.0.0.1:7860 (``--host``/``--port`` to change).

The index is built on first start; later starts load it in seconds. See ``assistant/app/web.py``.
"""

from assistant.app.web import main

if __name__ == "__main__":
    main()
