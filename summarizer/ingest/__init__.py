"""Ingest: files, folders, JSON lines and pasted text -> cleaned ``Article`` objects, each with its language and
sentences.

The contract is ``load_articles(paths) -> LoadResult`` (``summarizer.ingest.loading``): every input becomes an
``Article`` or a ``Rejection`` naming the file and the fix, so one bad file never sinks a batch. In order: the
folder walk (``walk``), decoding and HTML/Markdown to text (``loading``, ``html_text``), boilerplate and
datelines removed (``cleaning``), the language detected with langdetect (``language``) and the text split into
sentences by the language's rules (``sentences``, reading ``summarizer.languages``).
"""
