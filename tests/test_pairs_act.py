"""Another happening of the same actors: a later report that names an event's actors and recalls what they did,
while the event's report tells nothing of what the later headline says they did now."""

from collections import Counter
from dataclasses import replace

from khobor.cluster.apart import another_act
from khobor.cluster.pairs import Idf, counted_terms, profile
from khobor.model import Article


def report(id, title, body, when, outlet, names=frozenset({"MPJ", "SJB"})):
    prof = profile(Article(id=id, source=id, title=title, body=body, language="en", outlet=outlet, published_at=when))
    return replace(prof, headline_names=names, names=prof.names | names)  # as if the tagger found the two advisers


RESIGN = ("Mahfuj and Sajib resigned from interim government",
          "Advisers Mahfuj and Sajib resigned on Wednesday evening; the resignation was accepted, the office said.")
DEMAND = ("Disclose wealth statements of Mahfuj, Sajib: students' platform",
          "A students' platform demanded that Mahfuj and Sajib, who resigned as advisers yesterday, disclose their wealth.")
ACCEPTED = ("Resignation of Mahfuj and Sajib accepted",
            "The president accepted the resignation of advisers Mahfuj and Sajib, who resigned on Wednesday.")
OTHER = [("Students' platform demands wealth disclosure of officials", "A platform demanded wealth statements of officials."),
         ("Advisers resign ahead of polls", "Two advisers resigned, the office said."),
         ("Resignation accepted by president", "The president accepted a resignation.")]


def test_a_later_demand_on_the_same_actors_is_another_happening_but_an_update_is_not():
    resign = report("r1", *RESIGN, "2025-12-10T18:00:00+06:00", "one")
    demand = report("r2", *DEMAND, "2025-12-11T14:00:00+06:00", "another")
    accepted = report("r3", *ACCEPTED, "2025-12-11T10:00:00+06:00", "third")
    others = [report(f"o{i}", *x, "2025-12-01T10:00:00+06:00", "fourth", frozenset()) for i, x in enumerate(OTHER)]
    df = Counter()
    for p in (resign, demand, accepted, *others):
        df.update(counted_terms(p))
    idf = Idf(df, 6)
    assert another_act(demand, resign, idf)  # the demand recalls the resignation; the resignation knows of no demand
    assert not another_act(resign, demand, idf)  # asked of the later report only
    assert not another_act(accepted, resign, idf)  # a report of what the event's report already tells
    assert not another_act(report("r4", *DEMAND, "2025-12-11T14:00:00+06:00", "one"), resign, idf)  # one outlet: not asked
