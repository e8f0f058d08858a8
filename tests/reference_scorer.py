"""A second, deliberately simple scorer of strict event P/R/F1 (ANNOTATION.md §5).

It shares no code with ``mercato_nlp.evaluate`` and works another way: every
name is turned into a canonical key (the index of the first gold entry it
matches in its article, or its own folded spelling when it matches none), and
the events of an article are then compared as multisets of keys
(``collections.Counter`` intersection). It is correct only when no name fits
two gold entries of one article, which is how the property test builds its
data; the real scorer needs a maximum matching because it cannot assume that.
"""

from __future__ import annotations

import unicodedata
from collections import Counter


def norm(text):
    """Casefold, drop accents, turn non-letters into spaces, drop le/la/les/l'."""
    if text is None:
        return None
    chars = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        kind = unicodedata.category(ch)
        if kind == "Mn":
            continue
        chars.append(ch if kind[0] in "LN" else " ")
    # "l'" has become a lone "l" word; the articles are whole words
    return " ".join(w for w in "".join(chars).split() if w not in ("le", "la", "les", "l"))


def ends_with(longer, shorter):
    return longer == shorter or longer.endswith(" " + shorter)


def same_person(pred, entry):
    p, g = norm(pred), norm(entry["name"])
    spellings = [norm(m) for m in [entry["name"], *entry.get("mentions", [])]]
    return p in spellings or ends_with(g, p) or ends_with(p, g)


def same_club(pred, entry):
    return norm(pred) in [norm(m) for m in [entry["name"], *entry.get("mentions", [])]]


def canonical(name, entries, same):
    if name is None:
        return None
    for i, entry in enumerate(entries):
        if same(name, entry):
            return ("entry", i)
    return ("unknown", norm(name))


def event_keys(article, events):
    people = list(article.get("people", []))
    clubs = list(article.get("clubs", []))
    # a gold name missing from the entity lists still stands for itself
    for e in article.get("events", []):
        if e["subject"] not in [p["name"] for p in people]:
            people.append({"name": e["subject"], "mentions": []})
        club = e["from_club"] if e["type"] == "departure" else e["to_club"]
        if club is not None and club not in [c["name"] for c in clubs]:
            clubs.append({"name": club, "mentions": []})
    keys = Counter()
    for e in events:
        club = e.get("from_club") if e["type"] == "departure" else e.get("to_club")
        keys[(e["type"], canonical(e["subject"], people, same_person), canonical(club, clubs, same_club))] += 1
    return keys


def score_events(gold_records, pred_records):
    """Return ``(tp, gold, pred, f1)`` over all gold articles."""
    preds = {r["id"]: r for r in pred_records}
    tp = n_gold = n_pred = 0
    for gold in gold_records:
        pred = preds.get(gold["id"], {"events": []})
        g = event_keys(gold, gold["events"])
        p = event_keys(gold, pred["events"])
        tp += sum((g & p).values())
        n_gold += sum(g.values())
        n_pred += sum(p.values())
    f1 = 2 * tp / (n_gold + n_pred) if tp else 0.0
    return tp, n_gold, n_pred, f1
