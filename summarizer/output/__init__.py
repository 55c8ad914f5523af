"""Output: the run's ``BriefingResult`` -> ``briefing.json`` (``briefing.schema.json``) and ``briefing.md``.

The contract is the result itself (``summarizer.output.briefing``: JSON-ready dataclasses with stable keys), its
Markdown (``render.to_markdown``) and ``render.write_outputs(result, folder)``, which writes both files atomically
with the usual file mode (``outputs``).
"""
