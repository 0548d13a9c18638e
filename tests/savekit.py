"""Real processes saving one data file: saves racing each other, saves killed mid-way.

Used by tests/test_save_processes.py (a few trials) and benchmarks/kill_save.py (hundreds).
The programs started here import the checkout (tests/conftest.py sets PYTHONPATH; the
benchmark sets it itself).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from perftui import store
from perftui.model import Document

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "439001-2023.toml"

# Two editors of one file, each changing a different field.
EDITS = {
    "a": "doc.unit.name = '甲改过的单位'",
    "b": "doc.projects[0].indicators[0].value = '≥99个'",
}


def apply_edit(doc: Document, who: str) -> None:
    exec(EDITS[who], {"doc": doc})  # the same statement the started programs run


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def _wait_for(path: Path, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > end:
            raise TimeoutError(f"{path} never appeared")
        time.sleep(0.001)


# --- racing saves --------------------------------------------------------------------------

# One long-lived editor: per trial it loads the file, makes its edit, says it is ready,
# spins until the start file appears (both editors are released by the same file), saves,
# and reports the outcome and the digest of what it wrote.
RACER = r"""
import hashlib, json, os, sys, time
from pathlib import Path
from perftui import store
path, who, control = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
edit = sys.argv[4]
trial = 0
while True:
    while not (control / f"load-{trial}").exists():
        if (control / "stop").exists():
            sys.exit(0)
        time.sleep(0.001)
    loaded = store.load(path)
    doc = loaded.doc
    exec(edit, {"doc": doc})
    (control / f"ready-{trial}-{who}").touch()
    go = str(control / f"go-{trial}")
    while not os.path.exists(go):
        pass
    try:
        saved = store.save(loaded, doc)
        result = {"outcome": "ok", "sha": hashlib.sha256(saved.text.encode("utf-8")).hexdigest()}
    except store.ConflictError as exc:
        result = {"outcome": "conflict", "message": exc.message}
    except Exception as exc:
        result = {"outcome": "error", "message": f"{type(exc).__name__}: {exc}"}
    tmp = control / f".result-{trial}-{who}"
    tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, control / f"result-{trial}-{who}")
    trial += 1
"""


@dataclass
class RaceTrial:
    outcomes: dict[str, str]  # who -> ok / conflict / error
    messages: dict[str, str]
    winner_intact: bool  # the file holds exactly the bytes the winner wrote
    lost_edit: bool  # an editor was told its save succeeded but its edit is not on disk


def race(path: Path, trials: int, control: Path) -> list[RaceTrial]:
    """Two real processes save different edits to ``path`` at the same moment, ``trials`` times."""
    original = path.read_bytes()
    control.mkdir(parents=True, exist_ok=True)
    procs = [
        subprocess.Popen([sys.executable, "-c", RACER, str(path), who, str(control), EDITS[who]], env=_env())
        for who in EDITS
    ]
    results: list[RaceTrial] = []
    try:
        for t in range(trials):
            path.write_bytes(original)
            (control / f"load-{t}").touch()
            for who in EDITS:
                _wait_for(control / f"ready-{t}-{who}")
            (control / f"go-{t}").touch()
            outcome: dict[str, dict] = {}
            for who in EDITS:
                _wait_for(control / f"result-{t}-{who}")
                outcome[who] = json.loads((control / f"result-{t}-{who}").read_text(encoding="utf-8"))
            on_disk = path.read_bytes()
            doc = store.load(path).doc
            lost = False
            for who, r in outcome.items():
                if r["outcome"] == "ok":
                    mine = store.parse(original.decode("utf-8"))
                    apply_edit(mine, who)
                    lost = lost or _edit_missing(doc, mine, who)
            winners = [r for r in outcome.values() if r["outcome"] == "ok"]
            intact = len(winners) == 1 and hashlib.sha256(on_disk).hexdigest() == winners[0]["sha"]
            results.append(RaceTrial(
                {w: r["outcome"] for w, r in outcome.items()},
                {w: r.get("message", "") for w, r in outcome.items()},
                intact, lost,
            ))
    finally:
        (control / "stop").touch()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        path.write_bytes(original)
    return results


def _edit_missing(on_disk: Document, mine: Document, who: str) -> bool:
    if who == "a":
        return on_disk.unit.name != mine.unit.name
    return on_disk.projects[0].indicators[0].value != mine.projects[0].indicators[0].value


# --- saves killed mid-way ------------------------------------------------------------------

# Loads the file, makes one edit, says "ready" and saves it, saying "writing" when the save
# has made its temporary file (so that half the kills can be aimed at the write).
SAVER = r"""
import sys
import tempfile
from pathlib import Path
from perftui import atomic, store, tomledit  # noqa: F401 - imported before the clock starts
path = Path(sys.argv[1])
real_mkstemp = tempfile.mkstemp
def mkstemp(*a, **kw):
    made = real_mkstemp(*a, **kw)
    print("writing", flush=True)
    return made
tempfile.mkstemp = mkstemp
loaded = store.load(path)
loaded.doc.projects[len(loaded.doc.projects) // 2].indicators[0].value = "≥12345个"
print("ready", flush=True)
store.save(loaded, loaded.doc)
print("saved", flush=True)
"""


def big_document(projects: int) -> Document:
    """The sample's projects repeated to ``projects`` projects, each with its own code."""
    doc = store.load(SAMPLE).doc
    base = doc.projects
    doc.projects = []
    for i in range(projects):
        p = copy.deepcopy(base[i % len(base)])
        p.code = f"{p.code or 'P'}{i:05d}"
        doc.projects.append(p)
    return doc


@dataclass
class KillCounts:
    trials: int = 0
    old: int = 0  # the file was exactly the old version after the kill
    new: int = 0  # exactly the new version
    corrupt: int = 0  # anything else
    finished: int = 0  # the save had finished before the kill came
    temp_after_kill: int = 0  # trials where the kill left a temporary file behind
    lock_after_kill: int = 0  # trials where it left the lock sidecar (the lock itself is gone)
    temp_after_next_save: int = 0  # trials where one survived the next save
    lock_after_next_save: int = 0  # trials where the lock sidecar survived the next save
    save_seconds: float = 0.0  # one uninterrupted save, measured first (warm)
    write_window: tuple[float, float] = (0.0, 0.0)  # when it writes: from temp file to rename
    notes: list[str] = field(default_factory=list)


def _timed_save(loaded: store.Loaded, doc: Document) -> tuple[float, float, float]:
    """Seconds of one save, and when (from its start) the temporary file was made and renamed."""
    import tempfile

    from perftui import atomic

    marks: dict[str, float] = {}
    real_mkstemp, real_replace = tempfile.mkstemp, atomic.os.replace

    def mkstemp(*a, **kw):
        marks.setdefault("tmp", time.perf_counter())
        return real_mkstemp(*a, **kw)

    def replace(*a, **kw):
        marks["replace"] = time.perf_counter()
        return real_replace(*a, **kw)

    tempfile.mkstemp, atomic.os.replace = mkstemp, replace
    try:
        start = time.perf_counter()
        store.save(loaded, doc)
        end = time.perf_counter()
    finally:
        tempfile.mkstemp, atomic.os.replace = real_mkstemp, real_replace
    return end - start, marks["tmp"] - start, marks["replace"] - start


def _ours(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.iterdir() if p.name != name]


def kill_trials(folder: Path, trials: int, projects: int = 300, seed: int = 1) -> KillCounts:
    """SIGKILL a process saving a big file at random moments; count what is left on disk."""
    rng = random.Random(seed)
    data = folder / "data"  # holds only the file being saved (and what saves leave)
    data.mkdir(parents=True)
    path = data / "big.toml"
    store.save_as(big_document(projects), path)
    old = path.read_bytes()
    # The new version, how long a save takes and when it writes (to aim the kills).
    scratch = folder / "scratch"
    scratch.mkdir()
    probe = scratch / "big.toml"
    timings = []
    for _ in range(2):
        probe.write_bytes(old)
        loaded = store.load(probe)
        doc = loaded.doc
        doc.projects[len(doc.projects) // 2].indicators[0].value = "≥12345个"
        timings.append(_timed_save(loaded, doc))
    new = probe.read_bytes()
    for p in scratch.iterdir():
        p.unlink()
    scratch.rmdir()
    total, write_from, write_to = min(timings)
    counts = KillCounts(save_seconds=total, write_window=(write_from, write_to))
    for _ in range(trials):
        path.write_bytes(old)
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], env=_env(),
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            proc.wait()
            counts.notes.append(f"the saving program did not start (exit {proc.returncode})")
            continue
        # Half the kills anywhere in the save, half while it writes the file (a short part
        # of it, where a kill can leave a temporary file).
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0, total * 1.2))
        else:
            proc.stdout.readline()  # "writing" (or nothing, if the save failed)
            time.sleep(rng.uniform(0, write_to - write_from))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        proc.stdout.close()
        counts.trials += 1
        counts.finished += rc == 0
        now = path.read_bytes()
        counts.old += now == old
        counts.new += now == new
        counts.corrupt += now not in (old, new)
        counts.temp_after_kill += any(p.name.endswith(".tmp") for p in _ours(data, path.name))
        counts.lock_after_kill += any(p.name.endswith(".lock") for p in _ours(data, path.name))
        # The next save (this process), from whatever version is there.
        loaded = store.load(path)
        doc = loaded.doc
        doc.unit.name = f"{doc.unit.name}。"
        store.save(loaded, doc)
        left = _ours(data, path.name)
        counts.temp_after_next_save += any(p.name.endswith(".tmp") for p in left)
        counts.lock_after_next_save += any(p.name.endswith(".lock") for p in left)
        for p in left:  # start each trial from a clean folder whatever happened
            p.unlink()
    return counts
