"""Front ends: the ways in. ``cli`` (``summarizer brief``, ``translate``, ``inspect``, ``batch``, ``models``),
``batch`` (resumable batch runs over a work folder, ``checkpoint`` its journal and lock), ``ray_batch`` (the same on
a Ray cluster), ``web_views`` and ``inputs`` (what the Gradio demo, ``app.py``, shows and accepts), ``options``
(the settings flags every command shares). Python users call ``summarizer.brief`` (``summarizer/api.py``).
"""
