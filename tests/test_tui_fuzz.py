"""2,000 random key presses on a copy of the sample: no crash, and any saved file still loads."""

from __future__ import annotations

import asyncio
import os
import random
import unicodedata

import tui_support
from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key
from tui_support import make_app

from perftui import store

sample_copy = tui_support.sample_copy
isolated = tui_support.isolated

LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["A", "K", "Z"]
DIGITS = [str(d) for d in range(10)]
CHINESE = list("指标值满意度个人次万元产出效益")
SYMBOLS = ["left_square_bracket", "right_square_bracket", "backslash", "slash", "space", "full_stop",
           "percent_sign", "minus"]
NAVIGATION = ["up", "down", "left", "right", "home", "end", "pageup", "pagedown", "tab", "shift+tab",
              "enter", "enter", "escape", "escape", "backspace", "delete", "alt+up", "alt+down"]
# ctrl+q / ctrl+c would end the run early; ctrl+p opens the palette, whose "退出"/"截图" would too.
CONTROL = ["ctrl+s", "ctrl+z", "ctrl+y", "ctrl+n", "ctrl+u", "ctrl+k", "ctrl+a", "ctrl+e", "ctrl+b",
           "ctrl+w", "f1", "f2", "f3", "f4"]
GROUPS = [(LETTERS, 25), (DIGITS, 12), (CHINESE, 10), (SYMBOLS, 8), (NAVIGATION, 35), (CONTROL, 10)]


def random_keys(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    pools, weights = zip(*GROUPS, strict=True)
    keys = []
    for _ in range(n):
        pool = rng.choices(pools, weights)[0]
        keys.append(rng.choice(pool))
    # Export now and then (it writes a workbook next to the copy), not hundreds of times.
    for i in rng.sample(range(n), 3):
        keys[i] = "ctrl+o"
    return keys


async def send_key(app, key: str) -> None:
    """Deliver one key the way the terminal driver does, without Pilot's idle wait per key
    (which alone would take ~50 ms a key); the caller pauses every few keys instead."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)
    await asyncio.sleep(0)


async def test_two_thousand_random_keys(sample_copy):
    keys = random_keys(int(os.environ.get("PERFTUI_FUZZ_SEED", "20231125")), 2000)
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i, key in enumerate(keys, 1):
            await send_key(app, key)
            if i % 25 == 0:
                await pilot.pause()
                assert app.is_running, f"the app stopped after key {i}: {keys[i - 25:i]}"
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app._exception is None
    # Whatever was saved along the way must still be a valid data file.
    loaded = store.load(sample_copy)
    assert loaded.doc.unit.code
