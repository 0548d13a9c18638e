"""Saves by real processes: two editors saving one file at the same moment, saves killed
mid-way (a few trials here; benchmarks/kill_save.py runs hundreds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import savekit


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    target = tmp_path / "data" / savekit.SAMPLE.name
    target.parent.mkdir()
    shutil.copy2(savekit.SAMPLE, target)
    return target


def test_two_processes_saving_at_once_never_both_succeed(sample: Path, tmp_path: Path):
    trials = savekit.race(sample, 30, tmp_path / "control")
    assert len(trials) == 30
    for t in trials:
        assert sorted(t.outcomes.values()) == ["conflict", "ok"], (t.outcomes, t.messages)
        assert t.winner_intact and not t.lost_edit
    # The loser is told in Chinese why (someone else saved meanwhile).
    assert all("修改" in m for t in trials for w, m in t.messages.items() if t.outcomes[w] == "conflict")
    assert [p.name for p in sample.parent.iterdir()] == [sample.name]  # no lock or temp file left


def test_a_killed_save_leaves_old_or_new_and_the_next_save_cleans_up(tmp_path: Path):
    counts = savekit.kill_trials(tmp_path / "kill", trials=20, projects=50)
    assert counts.trials == 20, counts.notes
    assert counts.corrupt == 0 and counts.old + counts.new == counts.trials, counts
    # Half the kills are aimed at the write: some leave a temporary file (else this test
    # would prove nothing), and the next save removes it, and the lock sidecar too.
    assert counts.temp_after_kill > 0, counts
    assert counts.temp_after_next_save == 0 and counts.lock_after_next_save == 0, counts
