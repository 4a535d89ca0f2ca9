"""`ketenzicht link` and `manage.py demo_extracts`: partner extracts in, clusters and quality out.

Neither touches the database (no `django_db` mark: pytest-django would refuse
any query), which is the point: the command line links files.
"""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ketenzicht import cli
from ketenzicht.demo.extracts import EXTRACT_HEADER


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def extracts(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("extracts")
    call_command("demo_extracts", directory, persons=400, seed=6, sources="coa,ind,politie")
    return directory


# --- demo_extracts ----------------------------------------------------------------


def test_demo_extracts_writes_one_file_per_organisation_and_the_truth(extracts):
    files = sorted(p.name for p in extracts.iterdir())
    assert files == ["coa.csv", "ind.csv", "politie.csv", "truth.csv"]
    truth = read_csv(extracts / "truth.csv")
    records = [r for name in ("coa", "ind", "politie") for r in read_csv(extracts / f"{name}.csv")]
    assert len(truth) == len(records) > 400
    assert {(r["source"], r["record_id"]) for r in truth} == {
        (r["source"], r["record_id"]) for r in records
    }
    assert tuple(records[0]) == EXTRACT_HEADER
    # A human being appears in several organisations' records, each once.
    per_person: dict[str, list[str]] = {}
    for r in truth:
        per_person.setdefault(r["true_id"], []).append(r["source"])
    assert max(len(s) for s in per_person.values()) == 3
    assert all(len(s) == len(set(s)) for s in per_person.values())


def test_demo_extracts_are_the_same_for_a_seed_and_differ_between_seeds(extracts, tmp_path):
    call_command(
        "demo_extracts", tmp_path / "again", persons=400, seed=6, sources="coa,ind,politie"
    )
    call_command(
        "demo_extracts", tmp_path / "other", persons=400, seed=7, sources="coa,ind,politie"
    )
    for name in ("coa.csv", "truth.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (extracts / name).read_bytes()
        assert (tmp_path / "other" / name).read_bytes() != (extracts / name).read_bytes()


def test_demo_extracts_stop_after_max_records_at_a_person_boundary(extracts, tmp_path):
    call_command(
        "demo_extracts", tmp_path, persons=400, seed=6, sources="coa,ind,politie", max_records=100
    )
    part = read_csv(tmp_path / "truth.csv")
    full = read_csv(extracts / "truth.csv")
    assert 100 <= len(part) < 110
    assert part == full[: len(part)]
    last = part[-1]["true_id"]
    assert sum(r["true_id"] == last for r in full) == sum(r["true_id"] == last for r in part)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"sources": "coa,immigratie"}, "Unknown organisation(s): immigratie"),
        ({"persons": 0}, "--persons must be at least 1"),
    ],
)
def test_demo_extracts_refuses_bad_options(tmp_path, options, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("demo_extracts", tmp_path, **options)


# --- ketenzicht link -----------------------------------------------------------------


def link(*args: str) -> int:
    return cli.main(["link", *args])


def test_link_writes_a_cluster_per_record_and_reports_quality(extracts, tmp_path, capsys):
    inputs = [f"--input={extracts / n}.csv" for n in ("coa", "ind", "politie")]
    status = link(
        *inputs,
        f"--output={tmp_path / 'links.csv'}",
        f"--truth={extracts / 'truth.csv'}",
        "--by=nationality",
        f"--pairs={tmp_path / 'pairs.csv'}",
        f"--save-model={tmp_path / 'model.json'}",
    )
    out = capsys.readouterr().out
    assert status == 0
    summary = json.loads(out)
    truth = read_csv(extracts / "truth.csv")
    links = read_csv(tmp_path / "links.csv")
    assert len(links) == len(truth) == summary["records"]
    assert summary["quality"]["f1"] >= 0.95
    assert summary["quality"]["records"] == len(truth)
    assert set(summary["quality_by_nationality"]) == {r["nationality"] for r in truth}
    assert summary["peak_memory_mb"] > 0 and summary["seconds"] > 0
    pairs = read_csv(tmp_path / "pairs.csv")
    assert len(pairs) == summary["pairs_scored"]
    assert "name:" in pairs[0]["explanation"]
    # The saved model links again without training, to the same clusters.
    status = link(
        *inputs,
        f"--output={tmp_path / 'again.csv'}",
        f"--model={tmp_path / 'model.json'}",
    )
    capsys.readouterr()
    assert status == 0
    assert read_csv(tmp_path / "again.csv") == links


def test_link_names_a_file_without_source_column_by_the_file(extracts, tmp_path, capsys):
    rows = read_csv(extracts / "coa.csv")
    for r in rows:
        del r["source"]
    partner = write_csv(tmp_path / "nidos_export.csv", rows)
    status = link(
        f"--input={partner}", f"--input={extracts / 'ind.csv'}", f"--output={tmp_path / 'o.csv'}"
    )
    capsys.readouterr()
    assert status == 0
    assert {r["source"] for r in read_csv(tmp_path / "o.csv")} == {"nidos_export", "ind"}


def test_link_warns_per_row_and_column_and_still_links(extracts, tmp_path, capsys):
    rows = read_csv(extracts / "coa.csv")
    rows[2]["date_of_birth"] = "31-12-2009"
    rows[4]["nationality"] = "Vietnam"
    bad = write_csv(tmp_path / "coa.csv", rows)
    status = link(
        f"--input={bad}", f"--input={extracts / 'ind.csv'}", f"--output={tmp_path / 'o.csv'}"
    )
    err = capsys.readouterr().err
    assert status == 0
    assert "warning: coa row 4, column date_of_birth: '31-12-2009'" in err
    assert "warning: coa row 6, column nationality: 'Vietnam'" in err
    assert len(read_csv(tmp_path / "o.csv")) == len(rows) + len(read_csv(extracts / "ind.csv"))


def test_link_stops_with_exit_2_on_input_it_cannot_link(extracts, tmp_path, capsys):
    out = f"--output={tmp_path / 'o.csv'}"
    coa = f"--input={extracts / 'coa.csv'}"

    assert link(f"--input={tmp_path / 'missing.csv'}", out) == cli.EXIT_BAD_INPUT
    assert "missing.csv: no such file" in capsys.readouterr().err

    no_ids = write_csv(tmp_path / "no_ids.csv", [{"source": "coa", "family_name": "Tran"}])
    assert link(f"--input={no_ids}", out) == cli.EXIT_BAD_INPUT
    assert "no_ids.csv: missing column 'record_id'" in capsys.readouterr().err

    rows = read_csv(extracts / "coa.csv")
    twice = write_csv(tmp_path / "twice.csv", [*rows, rows[0]])
    assert link(f"--input={twice}", out) == cli.EXIT_BAD_INPUT
    assert f"not unique within its source: coa:{rows[0]['record_id']}" in capsys.readouterr().err

    bad_truth = write_csv(tmp_path / "truth.csv", [{"source": "coa", "record_id": "1"}])
    assert link(coa, out, f"--truth={bad_truth}") == cli.EXIT_BAD_INPUT
    assert "missing column(s) true_id" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()  # nothing half-written
