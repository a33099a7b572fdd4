"""Why a report is in its event, in plain sentences (``khobor explain``), from the decision ``events`` recorded."""

from __future__ import annotations

from khobor.model import Article

# Why reports of the same topic were not joined, as `explain` tells it (after the count of such reports or events).
_KEPT_APART = {
    "headline names other actors": "report(s) on the same topic were not joined: their headlines name other people or "
                                   "organisations, which this report never names.",
    "another announcement": "report(s) told within hours were not joined: neither report tells what the other's headline "
                            "is about (another announcement of one occasion; of another outlet, not a word of it).",
    "another item of a series": "report(s) of the same outlet whose headlines open with the same words were not joined: "
                                "neither tells what the other's headline adds (another item of one series).",
    "another remark": "report(s) quoting a speaker were not joined: neither quote headline's subject is told by the other "
                      "report (another remark, each its own news).",
    "another act of the same actors": "earlier report(s) of other outlets name the same actors but tell nothing of what "
                                      "this headline says they did (another happening of the same actors).",
    "most reports other news": "event(s) it matched through one report were not joined: more of their reports are other "
                               "news to it (another announcement, remark or bulletin) than match it.",
    "numbered news of another subject": "report(s) were not joined: numbered headlines with other figures, no name in "
                                        "common, and neither report telling what the other's headline is about.",
    "bulletin of another day": "report(s) were not joined: a numbered headline of another day, with other figures and no "
                               "name in common (another edition of a bulletin).",
}

def explain(article: Article) -> str:
    """Human sentence(s) saying why ``article`` is in its event."""
    why = article.extras.get("event_why")
    if not article.event_id or not why:
        return "Not assigned to an event yet."
    how = why.get("decided_by")
    if how == "user":
        return f"In event {article.event_id} because a user put it there."
    if how == "duplicate":
        return f"In event {article.event_id} as a copy of article {why.get('duplicate_of')} (counted once)."
    if how == "new" and why.get("digest"):
        return (f"Opened event {article.event_id}: it reads as a digest (several items, each closed by the same "
                "'read more' prompt) or a section's page (a one-word headline), so it tells no one happening and joins "
                "none of the events it lists.")
    if how == "new":
        opened = f"Opened event {article.event_id}: no earlier report shared enough of the happening (best {why.get('score')})."
        apart = why.get("kept_apart") or {}
        for reason, sentence in _KEPT_APART.items():
            if apart.get(reason):
                opened += f" {apart[reason]} {sentence}"
        return opened
    parts = [f"Joined event {article.event_id} through report {why.get('matched_article')} "
             f"({'embedding across languages' if how == 'dense' else 'pair evidence'}, score {why.get('score')})."]
    if why.get("sentence"):
        parts.append(why["sentence"])
    if why.get("headline_over") is not None:
        parts.append(f"Another event scored it about as high ({why['headline_over']}); this event's report tells what its "
                     "headline is about, that one's does not.")
    if why.get("shared_terms"):
        parts.append("Shared terms: " + ", ".join(why["shared_terms"]) + ".")
    if why.get("shared_entities"):
        parts.append("Shared entities: " + ", ".join(why["shared_entities"]) + ".")
    if why.get("shared_numbers"):
        parts.append("Shared numbers: " + ", ".join(why["shared_numbers"]) + ".")
    if why.get("time_gap_days") is not None:
        parts.append(f"Time gap {why['time_gap_days']} days.")
    if why.get("own_language_score") is not None:
        parts.append(f"The event's reports in its own language score it {why['own_language_score']} by their words: "
                     "enough not to contradict the embedding.")
    for other in why.get("also_matched", ()):
        parts.append(f"It also matched report {other['matched_article']} of event {other['event']} as surely "
                     f"(score {other['score']}), with no report of either event telling other news, so the two events became one.")
    merged = why.get("merged_across_languages")
    if merged:
        parts.append(f"It also matched report {merged['matched_article']} in another language (embedding "
                     f"{merged['dense']}, with shared names or numbers), so that report's event {merged['event']} joined this one.")
    return " ".join(parts)
