"""Identity linkage quality and speed through the command line (issue 7).

Three cases, each running `ketenzicht link` in a child process exactly as a
user would, timed from process start to exit with the child's peak memory
(maximum resident set size, which the command reports; DuckDB runs inside it):

- `febrl4`: the FEBRL4 test set (5,000 + 5,000 records); target F1 >= 0.999.
- `demo`: the demo chain's extracts of every organisation at `--persons`
  (default 100,000) against their kept-apart truth; targets F1 >= 0.95 and, per
  nationality, no group more than 0.03 below the best (groups with at least
  `--min-pairs` true pairs; smaller groups are listed, not judged).
- `scale`: about 1M records across 3 sources (COA, IND, police extracts of
  363,000 demo persons); target end to end <= 90 s. Quality is evaluated after
  the clock stops.

    .venv/bin/python benchmarks/linkage/bench_linkage.py [febrl4 demo scale] [--persons N]

Extracts are written to a temporary directory (`--workdir` to keep them) by
`manage.py demo_extracts`; their generation is not timed. Exits non-zero when a
target is missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ketenzicht.cli import read_truth  # noqa: E402
from ketenzicht.linkage.evaluation import Quality, quality  # noqa: E402
from ketenzicht.linkage.samples import write_febrl4  # noqa: E402

FEBRL_F1 = 0.999
DEMO_F1 = 0.95
NATIONALITY_SPREAD = 0.03
SCALE_SECONDS = 90.0
SCALE_PERSONS = 363_000  # COA, IND and police records of this many persons make ~1.0M
SCALE_SOURCES = "coa,ind,politie"


def run_child(command: list[str]) -> tuple[float, str]:
    """Run to completion; returns wall seconds and stdout."""
    started = time.perf_counter()
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        sys.stderr.write(child.stderr[-4000:])
        raise SystemExit(f"{' '.join(command[:4])} … exited with {child.returncode}")
    return seconds, child.stdout


def exact_f1(quality: dict) -> float:
    """F1 from the pair counts: the summary's rounded figure could pass a target it misses."""
    counts = ("records", "true_pairs", "predicted_pairs", "correct_pairs")
    return Quality(**{c: quality[c] for c in counts}).f1


def link_command(inputs: list[Path], output: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "ketenzicht.cli", "link", f"--output={output}"]
    return command + [f"--input={p}" for p in inputs] + list(extra)


def write_demo_extracts(directory: Path, persons: int, sources: str = "") -> list[Path]:
    """Extracts and truth.csv in `directory`, written afresh; returns the extracts."""
    shutil.rmtree(directory, ignore_errors=True)
    command = [sys.executable, str(ROOT / "manage.py"), "demo_extracts", str(directory)]
    command += [f"--persons={persons}", "--seed=1"]
    if sources:
        command.append(f"--sources={sources}")
    seconds, out = run_child(command)
    print(f"  extracts: {out.strip()} (written in {seconds:.1f} s, not timed)")
    return sorted(p for p in directory.glob("*.csv") if p.name != "truth.csv")


def febrl4(workdir: Path, args: argparse.Namespace) -> dict:
    directory = workdir / "febrl4"
    inputs = write_febrl4(directory)
    seconds, out = run_child(
        link_command(inputs, directory / "links.csv", f"--truth={directory / 'truth.csv'}")
    )
    summary = json.loads(out)
    f1 = exact_f1(summary["quality"])
    return {
        "case": "febrl4",
        "records": summary["records"],
        "seconds": round(seconds, 1),
        "peak_memory_mib": summary["peak_memory_mb"],
        "quality": summary["quality"],
        "met": f1 >= FEBRL_F1,
        "target": f"F1 >= {FEBRL_F1}",
    }


def demo(workdir: Path, args: argparse.Namespace) -> dict:
    directory = workdir / f"demo-{args.persons}"
    inputs = write_demo_extracts(directory, args.persons)
    seconds, out = run_child(
        link_command(
            inputs,
            workdir / f"demo-{args.persons}-links.csv",
            f"--truth={directory / 'truth.csv'}",
            "--by=nationality",
        )
    )
    summary = json.loads(out)
    groups = summary["quality_by_nationality"]
    judged = {n: exact_f1(q) for n, q in groups.items() if q["true_pairs"] >= args.min_pairs}
    spread = max(judged.values()) - min(judged.values()) if judged else 0.0
    f1 = exact_f1(summary["quality"])
    return {
        "case": f"demo chain, {args.persons:,} persons",
        "records": summary["records"],
        "seconds": round(seconds, 1),
        "peak_memory_mib": summary["peak_memory_mb"],
        "quality": summary["quality"],
        "f1_by_nationality": {n: round(f, 4) for n, f in sorted(judged.items())},
        "small_groups": {
            n: q["true_pairs"] for n, q in groups.items() if q["true_pairs"] < args.min_pairs
        },
        "nationality_spread": round(spread, 4),
        "met": f1 >= DEMO_F1 and spread <= NATIONALITY_SPREAD,
        "target": f"F1 >= {DEMO_F1}, spread by nationality <= {NATIONALITY_SPREAD}",
    }


def scale(workdir: Path, args: argparse.Namespace) -> dict:
    directory = workdir / f"scale-{args.scale_persons}"
    inputs = write_demo_extracts(directory, args.scale_persons, SCALE_SOURCES)
    links = workdir / f"scale-{args.scale_persons}-links.csv"
    seconds, out = run_child(link_command(inputs, links))
    summary = json.loads(out)
    with links.open(newline="", encoding="utf-8") as handle:
        clusters = {
            f"{r['source']}:{r['record_id']}": r["cluster_id"] for r in csv.DictReader(handle)
        }
    measured = quality(clusters, read_truth(directory / "truth.csv"))
    return {
        "case": f"scale, {len(inputs)} sources",
        "records": summary["records"],
        "seconds": round(seconds, 1),
        "peak_memory_mib": summary["peak_memory_mb"],
        "stages": summary["timings"],
        "quality": measured.as_dict(),
        "met": seconds <= SCALE_SECONDS,
        "target": f"end to end <= {SCALE_SECONDS:.0f} s",
    }


CASES = {"febrl4": febrl4, "demo": demo, "scale": scale}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", help=f"any of {', '.join(CASES)} (default: all)")
    parser.add_argument("--persons", type=int, default=100_000, help="demo case size")
    parser.add_argument("--min-pairs", type=int, default=1_000, help="judge groups this big")
    parser.add_argument("--scale-persons", type=int, default=SCALE_PERSONS)
    parser.add_argument("--workdir", type=Path, help="keep extracts and links here")
    args = parser.parse_args()
    unknown = sorted(set(args.cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    results = []
    with tempfile.TemporaryDirectory(prefix="ketenzicht-linkage-") as scratch:
        workdir = args.workdir or Path(scratch)
        for name in args.cases or CASES:
            print(f"{name} …", flush=True)
            result = CASES[name](workdir, args)
            print(json.dumps(result, indent=2), flush=True)
            results.append(result)
    missed = [r["case"] for r in results if not r["met"]]
    for r in results:
        q = r["quality"]
        print(
            f"{r['case']:<32} {r['records']:>9,} records {r['seconds']:>7.1f} s "
            f"{r['peak_memory_mib']:>6,} MiB  P {q['precision']:.4f} R {q['recall']:.4f} "
            f"F1 {exact_f1(q):.5f}  {'met' if r['met'] else 'MISSED'} ({r['target']})"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
