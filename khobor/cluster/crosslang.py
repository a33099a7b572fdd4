"""Reports in another language than an event's: compared by the multilingual embedding, beside shared names and numbers.

A mix-in of ``EventClusterer`` (``khobor.cluster.events``), which holds the state these methods read: the
embedding is computed for few reports (those sharing a number or a name written in both scripts with a report of
another language, close in time) and never joins two reports on its own.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from khobor.cluster.apart import other_news
from khobor.cluster.pairs import (
    CROSS_DENSE_REACHED, Idf, Profile, bulletin_of_another_day, cross_evidence, entity_key, headline_words, headlines_disagree,
    name_key, pair_features, recurring_column,
)

def warm_up() -> None:
    """Load the embedding engine (read its file, build its session) and run it once on a short text, so that a run
    can do this while it waits for its first batch (``ClusterSession.warm``)."""
    from khobor.cluster.dense import encoder

    encoder().passage(["warm up"])


def evidence_keys(prof: Profile, df: Counter | None = None) -> list[str]:
    """The index keys of a report's numbers, names and entities (the same strings its document frequencies count).

    Eight of each; with ``df``, the rarest eight of names (an English report's capitalised words, "December",
    "National", would otherwise crowd out the one name it shares with a Bengali report).
    """
    names = [name_key(n) for n in sorted(prof.names)]
    if df is not None:
        names.sort(key=lambda k: df.get(k, 0))
    return ["#" + n for n in sorted(prof.numbers)[:8]] + names[:8] + [entity_key(e) for e in sorted(prof.entities)[:8]]


def embedding_order(model, evidence: dict) -> tuple:
    """Which of a report's candidates across languages are embedded first: those sharing most numbers, names and
    entities; among as many shared, the ones the cross-language model rates higher at one cosine (a shared name and a
    near day before a second shared figure: a date, another district's seat number)."""
    shared = evidence["numbers"] + evidence["names"] + evidence.get("entities", 0)
    return shared, model.cross_probability(CROSS_DENSE_REACHED, evidence)


class CrossLanguage:
    def _cross_choice(self, prof: Profile, joined: str | None = None) -> tuple[str, dict] | None:
        """Another language: the embedding decides, among reports within ``cross_max_gap`` sharing numbers or names with this one.

        ``joined``: the event the report joined in its own language; events with a report in that language are no
        candidates (their reports were compared already), and those told in a language ``joined`` has already must
        tell no other news than its reports of that language (see ``_told_alike``).
        """
        keys = evidence_keys(prof, self.df_)
        keys += sorted(set(map(name_key, headline_words(prof) - prof.names)) - set(keys))[:8]  # (see cross_evidence)
        idf = self._idf()
        pool = []

        def other_language(event_id: str) -> bool:  # chosen before the candidates are cut to the most sharing
            told = {lang for lang, n in self.lang_.get(event_id, {}).items() if n > 0}
            return event_id != joined and bool(told - {prof.lang}) and (joined is None or prof.lang not in told)

        for event_id in self._candidates(keys, prof.day, self.model.cross_max_gap, only=other_language):
            for member in self._recent_members(event_id):
                if member.lang == prof.lang or member.digest:
                    continue
                evidence = cross_evidence(prof, member, idf)
                if self.model.worth_embedding(evidence):
                    pool.append((event_id, member, evidence))
        own = {e: self._own_language_score(prof, e, idf) for e in {e for e, _, _ in pool} if self.lang_[e].get(prof.lang, 0) > 0}
        pool = [x for x in pool if own.get(x[0], 1.0) >= self.own_language_floor * self._threshold]
        if joined is not None:
            alike = {e: self._told_alike(joined, e, idf) for e in {e for e, _, _ in pool}}
            pool = [x for x in pool if alike[x[0]]]
        if not pool:
            return None
        pool = sorted(pool, key=lambda x: embedding_order(self.model, x[2]), reverse=True)[:5]
        self.stats_["dense_decisions"] += 1
        self._embed_missing([prof, *(member for _, member, _ in pool)])
        mine = self._vector(prof)
        best = None
        for event_id, member, evidence in pool:
            dense = float(self._vector(member) @ mine)
            if self.model.same_across_languages(dense, evidence) and (best is None or dense > best[0]):
                best = (dense, event_id, member, evidence)
        if best is None:
            return None
        dense, event_id, member, evidence = best
        return event_id, {"decided_by": "dense", "score": round(dense, 4), "dense": round(dense, 4),
                          "matched_article": member.id, "shared_numbers": sorted(prof.numbers & member.numbers)[:8],
                          "shared_names": evidence["names"], "time_gap_days": round(evidence["gap"], 2),
                          "candidates": len(pool), **({"own_language_score": round(own[event_id], 4)} if event_id in own else {}),
                          "sentence": "Told in another language; the same numbers or names, and the same meaning "
                                      f"by the multilingual embedding of title and lead ({dense:.2f})."}

    def _own_language_score(self, prof: Profile, event_id: str, idf: Idf) -> float:
        """How surely a report matches an event's reports in its own language (1.0 when it has none).

        The embedding may bring a report into an event told in another language; but when the event has reports in
        the report's own language, and the report shares next to nothing with them, the embedding was fooled by a
        like happening (a murder in one district read as the murder in another). Their words are the better judge.
        """
        best, told = 0.0, False
        for member in self._recent_members(event_id):
            if member.lang != prof.lang or member.digest:
                continue
            told = True
            if headlines_disagree(prof, member) or bulletin_of_another_day(prof, member):
                continue
            best = max(best, self.model.probability(pair_features(prof, member, idf, self.vectors)))
        return best if told else 1.0

    def _join_other_language(self, event_id: str, prof: Profile, why: dict) -> str:
        """Two events telling one happening in two languages become one.

        A report joined its own language's event; if the embedding and shared names also match it to an event
        told only in other languages, the two merge. When its own event has reports in that other language already,
        they and the other event's must not tell two pieces of news apart (``_told_alike``): a merge never rests on
        the embedding alone, and never joins two events of one language that their own words keep apart.
        """
        if self.lang_[event_id].get(prof.lang, 0) <= 0:
            return event_id
        crossed = self._cross_choice(prof, joined=event_id)
        if crossed is None:
            return event_id
        other, cross_why = crossed
        keep, gone = sorted([event_id, other], key=lambda e: (-len(self.events_[e].article_ids), self.span_[e][0], e))
        self._merge(keep, gone)
        why["merged_across_languages"] = {"event": gone, "matched_article": cross_why["matched_article"],
                                          "dense": cross_why["dense"]}
        return keep

    def _told_alike(self, one: str, other: str, idf: Idf) -> bool:
        """May ``other``'s reports join ``one``'s, as far as the reports of a language both events have can tell?

        An event told in two languages may still lack one outlet's report of its happening in either: the polling
        hours told the evening a schedule is announced share few words with the report, the day before, that it
        would be announced. The report that matched across languages vouches for it; the reports of one language in
        both must only not tell two pieces of news apart (another day's bulletin, another announcement or remark,
        numbered news of another subject, a headline naming other actors).
        """
        for a in self._recent_members(one):
            for b in self._recent_members(other):
                if a.lang == b.lang and not a.digest and not b.digest and (recurring_column(a, b) or other_news(a, b, idf)):
                    return False
        return True

    # ---------------------------------------------------------------- dense
    def _embed(self, texts: list[str]) -> np.ndarray:
        if self.embed is not None:
            return self.embed(texts)
        from khobor.cluster.dense import encoder

        return encoder().passage(texts)

    def _embed_missing(self, profiles: list[Profile]) -> None:
        """Every lead not embedded yet, in one call."""
        missing = list({p.id: p for p in profiles if p.id not in self.dense_}.values())
        if missing:
            self.stats_["embedded"] += len(missing)
            for p, vector in zip(missing, self._embed([p.lead for p in missing])):
                self.dense_[p.id] = np.asarray(vector, dtype=np.float32)

    def _vector(self, prof: Profile) -> np.ndarray:
        self._embed_missing([prof])
        return self.dense_[prof.id]
