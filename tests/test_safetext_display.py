"""The app's display form of user text (perftui.safetext.shown) and editing through it."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from perftui.safetext import edit_shown, replace_shown, shown

# What must never reach the terminal, written out here independently of the module.
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad")


def forbidden(ch: str) -> bool:
    code = ord(ch)
    return (
        code < 0x20 or 0x7F <= code <= 0x9F  # C0, DEL, C1
        or ch in BIDI or ch in ZERO_WIDTH
        or unicodedata.category(ch) in ("Cf", "Cs", "Zl", "Zp")
    )


def expected_piece(ch: str, multiline: bool) -> str:
    if multiline and ch == "\n":
        return ch
    if not forbidden(ch):
        return ch
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "␡"
    return f"⟨U+{code:04X}⟩"


NASTY = sorted(BIDI | ZERO_WIDTH | {"\x1b", "\x07", "\x9b", "\x85", "\u2028", "\u2029", "\r", "\t", "\n", "\x00"})
chars = st.one_of(
    st.characters(),  # any code point but surrogates
    st.characters(categories=["Cs"]),  # lone surrogates (they could not even be encoded)
    st.sampled_from(NASTY),
    st.sampled_from("ab中文⟨⟩U+␛"),  # the placeholders' own characters
)
texts = st.text(chars, max_size=40)


@given(texts, st.booleans())
def test_display_form_has_nothing_a_terminal_acts_on_and_keeps_everything_else(text, multiline):
    out = shown(text, multiline=multiline)
    assert not any(forbidden(ch) for ch in out if not (multiline and ch == "\n"))
    # every other character is there, in order, exactly; each hidden one as its placeholder
    assert out == "".join(expected_piece(ch, multiline) for ch in text)
    if not multiline:
        assert "\n" not in out


def test_placeholders_are_readable():
    assert shown("名\x1b]2;标题\x07称") == "名␛]2;标题␇称"
    assert shown("左\u202e右\u200b尾") == "左⟨U+202E⟩右⟨U+200B⟩尾"
    assert shown("一\n二") == "一␊二"
    assert shown("一\n二", multiline=True) == "一\n二"
    assert shown("　全角空格 与 tab\t") == "　全角空格 与 tab␉"
    assert shown("城镇社区工作经费") == "城镇社区工作经费"


# ----- editing the display form -----------------------------------------------------------

@given(texts, st.booleans())
def test_an_untouched_field_keeps_its_text(raw, multiline):
    assert edit_shown(raw, shown(raw, multiline=multiline), multiline=multiline)[0] == raw


safe_typed = st.text(st.characters(exclude_characters="⟨⟩").filter(
    lambda ch: not forbidden(ch) and not 0x2400 <= ord(ch) <= 0x2426), max_size=8)


@given(texts, st.data(), safe_typed)
def test_typing_anywhere_keeps_the_hidden_characters(raw, data, typed):
    i = data.draw(st.integers(0, len(raw)))
    at = len(shown(raw[:i]))
    edited = shown(raw[:i]) + typed + shown(raw[i:])
    assert replace_shown(raw, at, at, typed) == (raw[:i] + typed + raw[i:], at + len(typed))
    # the same edit seen only as the field's new text and its cursor
    assert edit_shown(raw, edited, cursor=at + len(typed))[0] == raw[:i] + typed + raw[i:]


@given(texts, st.data())
def test_deleting_whole_characters_deletes_exactly_those(raw, data):
    i = data.draw(st.integers(0, len(raw)))
    j = data.draw(st.integers(i, len(raw)))
    start, end = len(shown(raw[:i])), len(shown(raw[:j]))
    assert replace_shown(raw, start, end, "")[0] == raw[:i] + raw[j:]
    edited = shown(raw[:i]) + shown(raw[j:])
    assert edit_shown(raw, edited, cursor=start)[0] == raw[:i] + raw[j:]


@given(texts, st.data())
def test_a_key_deleted_inside_a_placeholder_deletes_its_character(raw, data):
    hidden_at = [i for i, ch in enumerate(raw) if len(shown(ch)) > 1]
    if not hidden_at:
        raw += "\u202e"
        hidden_at = [len(raw) - 1]
    i = data.draw(st.sampled_from(hidden_at))
    start = len(shown(raw[:i]))
    k = data.draw(st.integers(0, len(shown(raw[i])) - 1))  # backspace on any cell of it
    new, cursor = replace_shown(raw, start + k, start + k + 1, "")
    assert new == raw[:i] + raw[i + 1:]
    assert cursor == start
    before = shown(raw)
    edited = before[:start + k] + before[start + k + 1:]
    assert edit_shown(raw, edited, cursor=start + k)[0] == raw[:i] + raw[i + 1:]


@given(texts, texts, st.one_of(st.none(), st.integers(-2, 60)))
def test_any_new_text_is_taken_without_error_and_shown_as_kept(raw, edited, cursor):
    new, at = edit_shown(raw, edited, cursor=cursor)
    assert 0 <= at <= len(shown(new))
    # what the user typed is kept as typed: nothing but raw's characters and edited's text
    assert set(new) <= set(raw) | set(edited)
    if not any(forbidden(ch) or ch in "⟨⟩" or 0x2400 <= ord(ch) <= 0x2426 for ch in raw + edited):
        assert new == edited  # plain text: the field holds what it shows


def test_typing_inside_a_placeholder_puts_the_text_after_it():
    raw = "左\u202e右"
    assert shown(raw) == "左⟨U+202E⟩右"
    assert replace_shown(raw, 4, 4, "x") == ("左\u202ex右", 10)
    assert edit_shown(raw, "左⟨U+2x02E⟩右", cursor=5)[0] == "左\u202ex右"
