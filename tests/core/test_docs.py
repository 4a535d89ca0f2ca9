"""The documentation cannot go stale in the ways a test can see."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADR_DIR = ROOT / "docs" / "adr"
ADR_FILE = re.compile(r"^(\d{4})-[a-z0-9-]+\.md$")


def adr_files() -> list[Path]:
    return sorted(p for p in ADR_DIR.glob("*.md") if ADR_FILE.match(p.name))


def test_adr_index_lists_every_adr_and_nothing_else():
    index = (ADR_DIR / "README.md").read_text()
    linked = set(re.findall(r"\]\((\d{4}-[a-z0-9-]+\.md)\)", index))
    assert linked == {p.name for p in adr_files()}


def test_adr_numbers_are_unique():
    numbers = [ADR_FILE.match(p.name).group(1) for p in adr_files()]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("adr", adr_files(), ids=lambda p: p.name[:4])
def test_adr_has_date_status_context_decision_and_data_to_preserve(adr):
    text = adr.read_text()
    number = ADR_FILE.match(adr.name).group(1)
    assert text.startswith(f"# {number}. ")
    assert re.search(r"^- Date: \d{4}-\d{2}-\d{2}$", text, re.M)
    assert re.search(r"^- Status: (proposed|accepted|superseded|deprecated)", text, re.M)
    # An ADR records date, status, context, decision and the data
    # it must preserve.
    for heading in ("## Context", "## Decision", "## Data to preserve"):
        assert heading in text, f"{adr.name} lacks {heading}"


def test_readme_starts_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    commands = [line for line in lines[:12] if line.strip().startswith("make ")]
    assert [c.split()[1] for c in commands] == ["run", "test"]


def test_readme_images_and_doc_links_exist():
    text = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\(((?:docs|benchmarks)/[^)#]+)\)", text)
    assert any(t.endswith(".png") for t in targets), "README has a screenshot"
    missing = [t for t in targets if not (ROOT / t).exists()]
    assert missing == []
