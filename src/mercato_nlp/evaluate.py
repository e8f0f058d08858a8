"""The scorer of ANNOTATION.md §5: predicted records against gold records.

It works on plain record dicts (what ``io.iter_jsonl`` yields), not on the attrs
classes, so that it can score any file, even one the schema would reject. Names
are compared only the way ANNOTATION.md §3 says (folded names, the gold entry's
mentions, surnames, outlet short forms) and never through the project's
knowledge base: a scorer that knew the extractor's aliases would flatter it.

All matching is one-to-one and maximal (augmenting paths), so that the score
does not depend on the order of the predictions; among equally good pairings,
the one that pairs identical (folded) names is preferred, so that slot and role
accuracies compare the items a reader would pair.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path

from .io import iter_jsonl
from .schema import EventType

EVENT_TYPES = tuple(t.value for t in EventType)
SLOTS = ("status", "source", "rival_club", "from_club", "fee_eur")
ENTITY_KINDS = ("clubs", "people", "media")
NONE = "-"  # the confusion table's "no event" row and column

# ---------------------------------------------------------------- names (§3)

_ELIDED_ARTICLE = re.compile(r"\bl['’‘ʼ`]")
_NOT_WORD = re.compile(r"[\W_]+")
_ARTICLES = frozenset({"le", "la", "les"})


@functools.lru_cache(maxsize=65536)
def fold(name: str | None) -> str:
    """Fold case, accents, punctuation and the articles le/la/les/l' away (§3).

    "L’Équipe" → "equipe", "le club phocéen" → "club phoceen",
    "Paris Saint-Germain" → "paris saint germain". ``l'`` goes before the
    punctuation does, so that a bare "L" elsewhere in a name survives.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _ELIDED_ARTICLE.sub(" ", text)
    return " ".join(w for w in _NOT_WORD.sub(" ", text).split() if w not in _ARTICLES)


def _forms(entry: dict) -> set[str]:
    """The folded name and mentions of a gold club or person entry."""
    return {fold(entry["name"])} | {fold(m) for m in entry.get("mentions") or ()}


def _is_tail(short: str, long: str) -> bool:
    """Whether the words of ``short`` end the words of ``long`` (a surname)."""
    s, l = short.split(), long.split()
    return 0 < len(s) <= len(l) and l[-len(s):] == s


def club_matches(pred: str | None, gold_entry: dict) -> bool:
    """A predicted club name is the gold club when it folds to its name or a mention."""
    return bool(fold(pred)) and fold(pred) in _forms(gold_entry)


def person_matches(pred: str | None, gold_entry: dict) -> bool:
    """A predicted person is the gold person by name, mention or surname.

    The surname rule is "one name's words end the other's": "Gallardo" and
    "Di Francesco" match "Marcelo Gallardo" / "Eusebio Di Francesco", and
    "Marcelo Gallardo" matches a gold entry that only has "Gallardo"; but
    "Diego Gallardo" does not match "Marcelo Gallardo" — two different first
    names are two people, whatever their shared last word.
    """
    p, g = fold(pred), fold(gold_entry["name"])
    return bool(p) and (p in _forms(gold_entry) or _is_tail(p, g) or _is_tail(g, p))


def outlet_matches(pred: str | None, gold: str | None) -> bool:
    """An outlet matches its name or a shorter form: one is a word prefix of the other."""
    p, g = fold(pred).split(), fold(gold).split()
    n = min(len(p), len(g))
    return n > 0 and p[:n] == g[:n]


def _entry(name: str, entries: Sequence[dict]) -> dict:
    """The gold entry named ``name``; a bare entry if the gold file forgot to list it."""
    for entry in entries:
        if entry.get("name") == name:
            return entry
    return {"name": name, "mentions": []}


def _optional(pred, gold, same: Callable[[object, object], bool]) -> bool:
    """Null equals null, null never equals a value, two values are compared by ``same``."""
    if pred is None or gold is None:
        return pred is None and gold is None
    return same(pred, gold)


def _same_club(pred: str | None, gold: str | None, art: dict) -> bool:
    return _optional(pred, gold, lambda p, g: club_matches(p, _entry(g, art.get("clubs") or ())))


def _same_person(pred: str | None, gold: str | None, art: dict) -> bool:
    return _optional(pred, gold, lambda p, g: person_matches(p, _entry(g, art.get("people") or ())))


def _same_source(pred: str | None, gold: str | None, art: dict) -> bool:
    """An outlet, or (§6: a journalist when no outlet is named) a person of the article."""
    people = art.get("people") or ()
    return _optional(pred, gold, lambda p, g: outlet_matches(p, g)
                     or any(e.get("name") == g and person_matches(p, e) for e in people))


def _same_fee(pred, gold) -> bool:
    """Fees agree within 1 % of the gold fee (rounding in "15,2 M€")."""
    try:
        return abs(float(pred) - float(gold)) <= 0.01 * abs(float(gold))
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------- events (§2)

def key_club(event: dict) -> str | None:
    """The club that identifies an event: from_club for a departure, to_club otherwise."""
    return event.get("from_club") if event.get("type") == "departure" else event.get("to_club")


def _pair(event: dict) -> tuple[str | None, str | None]:
    return event.get("subject"), key_club(event)


def _same_pair(pred: tuple, gold: tuple, art: dict) -> bool:
    """Same subject and same key club, names matched through the gold article."""
    return _same_person(pred[0], gold[0], art) and _same_club(pred[1], gold[1], art)


def _same_event(pred: dict, gold: dict, art: dict) -> bool:
    return pred.get("type") == gold.get("type") and _same_pair(_pair(pred), _pair(gold), art)


def _folded_key(event: dict) -> tuple:
    return event.get("type"), fold(event.get("subject")), fold(key_club(event))


_SLOT_CHECKS: dict[str, Callable[[dict, dict, dict], bool]] = {
    "status": lambda p, g, art: p.get("status") == g.get("status"),
    "source": lambda p, g, art: _same_source(p.get("source"), g.get("source"), art),
    "rival_club": lambda p, g, art: _same_club(p.get("rival_club"), g.get("rival_club"), art),
    "from_club": lambda p, g, art: _same_club(p.get("from_club"), g.get("from_club"), art),
    "fee_eur": lambda p, g, art: _optional(p.get("fee_eur"), g.get("fee_eur"), _same_fee),
}

# --------------------------------------------------------------- matching


def match(gold: Sequence, pred: Sequence, same: Callable[[object, object], bool],
          key: Callable[[object], Hashable] = id) -> dict[int, int]:
    """A maximum one-to-one matching ``{pred index: gold index}``.

    ``same(p, g)`` says whether a pair may match. Kuhn's augmenting paths make
    the size optimal whatever the order (a greedy pass can lose a match when a
    short name fits two gold items); each prediction tries first the gold items
    with an equal ``key``, so identical names pair with each other.
    """
    edges = [sorted((gi for gi, g in enumerate(gold) if same(p, g)), key=lambda gi: key(gold[gi]) != key(p))
             for p in pred]
    owner: dict[int, int] = {}  # gold index -> pred index

    def augment(pi: int, seen: set[int]) -> bool:
        for gi in edges[pi]:
            if gi not in seen:
                seen.add(gi)
                if gi not in owner or augment(owner[gi], seen):
                    owner[gi] = pi
                    return True
        return False

    for pi in range(len(pred)):
        augment(pi, set())
    return {pi: gi for gi, pi in owner.items()}


# ---------------------------------------------------------------- scoring


def _prf(tp: int, gold: int, pred: int) -> dict:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "gold": gold, "pred": pred}


def _acc(ok: int, n: int) -> dict:
    return {"acc": ok / n if n else 0.0, "n": n}


def _brief(event: dict) -> dict:
    """What an error listing shows of an event."""
    return {"type": event.get("type"), "subject": event.get("subject"),
            "key_club": key_club(event), "status": event.get("status")}


def _distinct_pairs(events: list[dict]) -> list[tuple]:
    """The (subject, key club) pairs of some events, each once (first spelling kept)."""
    seen: dict = {}
    for subject, club in map(_pair, events):
        seen.setdefault((fold(subject), fold(club)), (subject, club))
    return list(seen.values())


def _name(item) -> str | None:
    return item.get("name") if isinstance(item, dict) else item


def _score_article(gold: dict, pred: dict, tally: Counter, confusion: dict) -> dict:
    """Add one article's counts to ``tally`` and ``confusion``; return its detail."""
    g_events, p_events = gold.get("events") or [], pred.get("events") or []
    pairs = match(g_events, p_events, lambda p, g: _same_event(p, g, gold), _folded_key)
    tally["events", "tp"] += len(pairs)
    tally["events", "gold"] += len(g_events)
    tally["events", "pred"] += len(p_events)
    for e in g_events:
        tally[("type", e.get("type")), "gold"] += 1
    for e in p_events:
        tally[("type", e.get("type")), "pred"] += 1
    for pi, gi in pairs.items():
        g, p = g_events[gi], p_events[pi]
        tally[("type", g.get("type")), "tp"] += 1
        confusion[g.get("type")][g.get("type")] += 1
        for slot, same in _SLOT_CHECKS.items():
            tally[slot, "ok"] += same(p, g, gold)

    matched_gold = set(pairs.values())
    missed = [g for gi, g in enumerate(g_events) if gi not in matched_gold]
    spurious = [p for pi, p in enumerate(p_events) if pi not in pairs]
    left = list(spurious)
    for g in missed:  # a type error: same subject and key club, another type
        hit = next((p for p in left if p.get("type") != g.get("type")
                    and _same_pair(_pair(p), _pair(g), gold)), None)
        if hit is None:
            confusion[g.get("type")][NONE] += 1
        else:
            confusion[g.get("type")][hit.get("type")] += 1
            left.remove(hit)
    for p in left:
        confusion[NONE][p.get("type")] += 1

    g_pairs, p_pairs = _distinct_pairs(g_events), _distinct_pairs(p_events)
    tally["pairs", "tp"] += len(match(g_pairs, p_pairs, lambda p, g: _same_pair(p, g, gold),
                                      lambda x: (fold(x[0]), fold(x[1]))))
    tally["pairs", "gold"] += len(g_pairs)
    tally["pairs", "pred"] += len(p_pairs)

    entity_checks = {
        "clubs": lambda p, g: club_matches(_name(p), g),
        "people": lambda p, g: person_matches(_name(p), g),
        "media": lambda p, g: outlet_matches(_name(p), _name(g)),
    }
    for kind, same in entity_checks.items():
        g_items, p_items = gold.get(kind) or [], pred.get(kind) or []
        found = match(g_items, p_items, same, lambda x: fold(_name(x)))
        tally[kind, "tp"] += len(found)
        tally[kind, "gold"] += len(g_items)
        tally[kind, "pred"] += len(p_items)
        if kind == "people":
            tally["roles", "ok"] += sum(p_items[pi].get("role") == g_items[gi].get("role")
                                        for pi, gi in found.items())

    return {"id": gold.get("id"), "tp": len(pairs), "gold": len(g_events), "pred": len(p_events),
            "missed": [_brief(e) for e in missed], "spurious": [_brief(e) for e in spurious]}


def _by_id(records: Iterable[dict], what: str) -> dict:
    out: dict = {}
    for rec in records:
        if rec.get("id") in out:
            raise ValueError(f"{what}: article id {rec.get('id')!r} appears twice")
        out[rec.get("id")] = rec
    return out


def evaluate(gold: Iterable[dict], pred: Iterable[dict]) -> dict:
    """Score predicted records against gold records, paired by ``id`` (§5).

    A gold article without a prediction is scored as an empty prediction; a
    predicted id that is not in the gold is left out of every count and listed
    under ``unmatched_pred_ids``.
    """
    gold_by_id, pred_by_id = _by_id(gold, "gold"), _by_id(pred, "pred")
    tally: Counter = Counter()
    confusion: dict = defaultdict(Counter)
    articles = [_score_article(g, pred_by_id.get(i, {}), tally, confusion) for i, g in gold_by_id.items()]

    def prf(group) -> dict:
        return _prf(tally[group, "tp"], tally[group, "gold"], tally[group, "pred"])

    # all 12 types always, then any type a prediction invented (so that the rows add up)
    other_types = sorted({g[1] for g, _ in tally if isinstance(g, tuple)} - set(EVENT_TYPES), key=str)
    return {
        "events": prf("events"),
        "pairs": prf("pairs"),
        "per_type": {t: prf(("type", t)) for t in (*EVENT_TYPES, *other_types)},
        "slots": {s: _acc(tally[s, "ok"], tally["events", "tp"]) for s in SLOTS},
        "entities": {k: prf(k) for k in ENTITY_KINDS},
        "roles": _acc(tally["roles", "ok"], tally["people", "tp"]),
        "confusion": {g: dict(row) for g, row in confusion.items()},
        "articles": articles,
        "unmatched_pred_ids": [i for i in pred_by_id if i not in gold_by_id],
    }


def evaluate_files(gold_path: str | Path, pred_path: str | Path) -> dict:
    """:func:`evaluate` on two JSON Lines files."""
    return evaluate((obj for _, obj in iter_jsonl(gold_path)), (obj for _, obj in iter_jsonl(pred_path)))


# ---------------------------------------------------------------- reports


def _prf_row(label: str, s: dict) -> str:
    return f"{label:<16}{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}{s['tp']:>6}{s['gold']:>6}{s['pred']:>6}"


def format_report(result: dict) -> str:
    """The scores as a plain-text table, the confusion table last."""
    head = f"{'':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'gold':>6}{'pred':>6}"
    lines = [head, _prf_row("events", result["events"]), _prf_row("pairs", result["pairs"]), "",
             "per type", head]
    lines += [_prf_row(t, s) for t, s in result["per_type"].items()]
    lines += ["", f"{'slots':<16}{'acc':>7}{'n':>6}"]
    lines += [f"{s:<16}{a['acc']:>7.3f}{a['n']:>6}" for s, a in result["slots"].items()]
    lines += ["", "entities", head]
    lines += [_prf_row(k, s) for k, s in result["entities"].items()]
    lines += [f"{'roles':<16}{result['roles']['acc']:>7.3f}{result['roles']['n']:>6}", ""]

    confusion = result["confusion"]
    seen = {t for row in confusion.values() for t in row} | set(confusion)
    order = [t for t in (*result["per_type"], NONE) if t in seen]
    corner = "gold \\ pred"
    width = max([len(corner), *map(len, map(str, order))]) + 1
    lines.append("confusion (rows: gold, columns: predicted, first 5 letters; - = no event)")
    lines.append(f"{corner:<{width}}" + "".join(f"{str(t)[:5]:>6}" for t in order))
    for g in order:
        row = confusion.get(g, {})
        lines.append(f"{g!s:<{width}}" + "".join(f"{row.get(p, 0) or '.':>6}" for p in order))
    if result.get("unmatched_pred_ids"):
        lines += ["", "predicted ids not in gold: " + ", ".join(map(str, result["unmatched_pred_ids"]))]
    return "\n".join(lines)


def format_errors(result: dict) -> str:
    """Every missed and spurious event, article by article."""
    lines = []
    for art in result["articles"]:
        if not (art["missed"] or art["spurious"]):
            continue
        lines.append(f"{art['id']}  (tp {art['tp']}, gold {art['gold']}, pred {art['pred']})")
        for label, events in (("missed", art["missed"]), ("spurious", art["spurious"])):
            lines += [f"  {label:<9}{e['type']!s:<14}{e['subject']!s:<28}@ {e['key_club']!s:<28}[{e['status']}]"
                      for e in events]
    return "\n".join(lines)
