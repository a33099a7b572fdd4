"""Entity ids renamed after the events stage saw them: an acronym aliased to its body in a later batch.

The stage compares new reports with the profiles of earlier ones by entity id; an earlier report still naming the
acronym's old id would never share the body with later reports. Only the given reports' profiles, their events'
entity counts and the two index keys are rewritten (the cost follows the aliased entity, not the store).
"""

from __future__ import annotations

import dataclasses
import math

from khobor.cluster.pairs import entity_key


def rename_entities(events, renames: dict[str, str], article_ids) -> None:
    """Make ``events`` (an EventClusterer) name ``renames[old]`` wherever the reports ``article_ids`` named ``old``."""
    if not renames or not hasattr(events, "df_"):  # (a stage that has seen nothing yet names nothing)
        return
    both = {old: 0 for old in renames}  # reports naming the old id and the new one: counted once after the rename
    for article_id in article_ids:
        prof = events.profiles_.get(article_id)
        if prof is None or not prof.entities & renames.keys():
            continue
        for old in prof.entities & renames.keys():
            both[old] += renames[old] in prof.entities
        new = {f: frozenset(renames.get(e, e) for e in getattr(prof, f)) for f in ("entities", "title_entities", "places")}
        events.profiles_[article_id] = dataclasses.replace(prof, **new)
        events._touch("profiles", [article_id])
        member = events.members_.get(article_id)
        counts = events.entities_.get(member["event"]) if member else None
        if counts is not None and not member.get("copy"):
            for old in prof.entities & renames.keys():
                counts[old] -= 1
                counts[renames[old]] += 0 if renames[old] in prof.entities else 1
                if counts[old] <= 0:
                    del counts[old]
            events._touch("entities", [member["event"]])
    for old, new in renames.items():
        old_key, new_key = entity_key(old), entity_key(new)
        if old_key in events.df_:
            events.df_[new_key] += events.df_.pop(old_key) - both[old]
            events._touch("df", [old_key, new_key])
        posting = events.postings_.pop(old_key, None)
        if posting:
            events._touch("postings", [old_key, new_key])
            merged = list(dict.fromkeys([*posting, *events.postings_.get(new_key, ())]))
            ends = {e: events.span_.get(events.aliases_.get(e, e), [0, -math.inf])[1] for e in merged}
            merged.sort(key=ends.__getitem__)  # the index drops expired events from the front: oldest first
            events.postings_[new_key] = type(posting)(merged[-events.posting_cap:])
