"""The four corrections (move an article, split an event, merge or split entities) as one use case.

The CLI and the web call ``correct``; every correction is kept across later runs by the pipeline.
"""

from __future__ import annotations

from typing import Any

from khobor.store import Store

# name: (pipeline function, what the answer names)
CORRECTIONS = {
    "move_article": ("move_article", "event_id"),
    "split_event": ("split_event", "event_id"),
    "merge_entities": ("merge_entities", "entity_id"),
    "split_entity": ("split_entity", "entity_id"),
}


def correct(store: Store, name: str, target: str, value: Any) -> dict[str, Any]:
    """Apply one correction; returns ``{"ok": True, <event_id|entity_id>: ...}``. Raises KhoborError when refused."""
    import khobor.pipeline as pipeline

    function, answer = CORRECTIONS[name]
    return {"ok": True, answer: getattr(pipeline, function)(store, target, value)}
