"""The store: round trips, minimal edits, comments, atomic saves, conflicts, file mode."""

from __future__ import annotations

import copy
import difflib
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from perftui import store
from perftui.errors import DataError
from perftui.model import Document, Indicator, Overall, Project, Section, Unit

D = Decimal


def sample_doc() -> Document:
    return Document(
        unit=Unit(code="439001", name="玉田县无终街道办事处本级", year=2023),
        framework="88号",
        overall=Overall(
            goal="2023年在县委、县政府的领导下，全面完成各项工作任务。\n加强预算绩效管理。",
            targets=Section(
                caption="部门职责分类绩效目标情况说明",
                items=["社区工作者工资保险895.5万元，项目主要目标为……", "城镇社区工作经费77万元"],
            ),
            measures=Section(caption="实现年度发展规划目标的保障措施", items=["加强党组织建设和党员管理"]),
        ),
        projects=[
            Project(
                code="13022923P00JXC415060P",
                name="城镇社区工作经费",
                budget=D("770000.00"),
                fiscal=D("770000.00"),
                other=None,
                use="城镇社区工作经费",
                plan={3: D(30), 6: D(60), 10: D(90), 12: D(100)},
                goals=["城镇社区工作稳定开展"],
                indicators=[
                    Indicator("产出指标", "数量指标", "城市社区综合服务设施数量", "城市社区综合服务设施数量", "≥25个", "社区工作覆盖情况"),
                    Indicator("产出指标", "质量指标", "社区工作完成率", "社区工作完成率", "≥90%", "计划标准"),
                    Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "群众满意度", "≥90%", "历史标准"),
                ],
            ),
            Project(
                code="13022923P00JXC415061P",
                name="国有企业退休人员社会化管理",
                budget=D("12000.50"),
                fiscal=D("12000.50"),
                other=D("0"),
                use="退休人员管理",
                plan={12: D(100)},
                goals=["退休人员管理到位", "服务质量提升"],
                indicators=[Indicator("产出指标", "数量指标", "管理人数", "管理人数", "≥112人", "依据单位考核指标")],
            ),
        ],
    )


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "439001-2023.toml"
    path.write_text(store.dumps(sample_doc()), encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- reading -----------------------------------------------------------------------------


def test_load_gives_the_document_and_its_stamp(data_file: Path):
    loaded = store.load(data_file)
    assert loaded.doc == sample_doc()
    assert loaded.text == data_file.read_text(encoding="utf-8")
    assert loaded.stamp.size == data_file.stat().st_size
    assert loaded.path == data_file


def test_amounts_load_as_exact_decimals(data_file: Path):
    p = store.load(data_file).doc.projects[1]
    assert p.budget == D("12000.50") and isinstance(p.budget, Decimal)
    assert p.other == D("0.00")
    assert store.load(data_file).doc.projects[0].other is None


def test_bom_is_tolerated_and_kept_on_save(data_file: Path):
    data_file.write_bytes(b"\xef\xbb\xbf" + data_file.read_bytes())
    loaded = store.load(data_file)
    assert loaded.bom and loaded.doc == sample_doc()
    doc = copy.deepcopy(loaded.doc)
    doc.unit.name = "玉田县无终街道办事处"
    store.save(loaded, doc)
    assert data_file.read_bytes().startswith(b"\xef\xbb\xbf")
    assert store.load(data_file).doc.unit.name == "玉田县无终街道办事处"


def test_gbk_file_gives_a_chinese_encoding_problem(tmp_path: Path):
    path = tmp_path / "gbk.toml"
    path.write_bytes(store.dumps(sample_doc()).encode("gbk"))
    with pytest.raises(DataError) as exc:
        store.load(path)
    (problem,) = exc.value.problems
    assert "UTF-8" in problem.message and problem.path == path


def test_discover_lists_data_files_sorted_without_hidden(tmp_path: Path):
    for name in ("b.toml", "a.toml", ".a.toml.tmp", ".hidden.toml", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert store.discover(tmp_path) == [tmp_path / "a.toml", tmp_path / "b.toml"]
    assert store.discover(tmp_path / "b.toml") == [tmp_path / "b.toml"]


def test_discover_missing_path_is_a_data_error(tmp_path: Path):
    with pytest.raises(DataError) as exc:
        store.discover(tmp_path / "nowhere")
    assert "找不到" in exc.value.problems[0].message


def test_load_many_reports_broken_files_and_loads_the_others(tmp_path: Path, data_file: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\nframework = \n", encoding="utf-8")
    loaded, errors = store.load_many(store.discover(tmp_path))
    assert [x.path for x in loaded] == [data_file]
    assert len(errors) == 1 and errors[0].problems[0].path == bad


# --- dumps -------------------------------------------------------------------------------


def test_dumps_writes_the_documented_layout():
    text = store.dumps(sample_doc())
    assert "format = 1\nframework = \"88号\"\n" in text
    assert 'goal = """\n2023年在县委' in text
    assert "budget = 770000.00\n" in text
    assert "budget = 12000.50\n" in text
    assert "other = 0.00\n" in text
    assert "plan = { 3 = 30, 6 = 60, 10 = 90, 12 = 100 }\n" in text
    assert "plan = { 12 = 100 }\n" in text
    assert 'items = [\n  "社区工作者工资保险895.5万元，项目主要目标为……",\n  "城镇社区工作经费77万元",\n]\n' in text
    assert "\n\n[[projects.indicators]]\nlevel1 = \"产出指标\"\n" in text
    # A blank amount is left out, not written as zero.
    first = text.split("[[projects]]")[1]
    assert "other" not in first.split("[[projects.indicators]]")[0]
    assert "[checks]" not in text


def test_dumps_writes_checks_only_when_present():
    doc = sample_doc()
    doc.checks = {"satisfaction_min": D("85"), "off": ["rate-over-100"], "cost": {"max_share": D("0.5")}}
    text = store.dumps(doc)
    assert "\n[checks]" in text and "\n[checks.cost]\nmax_share = 0.5\n" in text
    assert store.parse(text) == doc


# --- saving ------------------------------------------------------------------------------


def test_save_without_edits_is_byte_identical(data_file: Path):
    before = data_file.read_bytes()
    loaded = store.load(data_file)
    again = store.save(loaded, loaded.doc)
    assert data_file.read_bytes() == before
    assert again.doc == loaded.doc


def test_save_without_edits_keeps_a_hand_written_file_byte_identical(tmp_path: Path):
    path = tmp_path / "hand.toml"
    text = (
        "# 手写的文件\nformat = 1\nframework = '88'\n[unit]\nname = \"单位\"\nyear = 2023   # 年度\n"
        "[[projects]]\nname = \"项目\"\nbudget = 1e3\nplan = {12 = 100.0}\n"
    )
    path.write_text(text, encoding="utf-8")
    loaded = store.load(path)
    store.save(loaded, copy.deepcopy(loaded.doc))
    assert path.read_text(encoding="utf-8") == text


def test_one_indicator_value_changes_exactly_one_line(data_file: Path):
    before = data_file.read_text(encoding="utf-8")
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].indicators[1].value = "≥95%"
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ['-value = "≥90%"', '+value = "≥95%"']
    assert store.load(data_file).doc == doc


def test_in_place_edit_of_loaded_doc_is_saved(data_file: Path):
    loaded = store.load(data_file)
    loaded.doc.projects[1].indicators[0].basis = "计划标准"
    store.save(loaded, loaded.doc)
    assert store.load(data_file).doc.projects[1].indicators[0].basis == "计划标准"


def test_comments_survive_an_edit(data_file: Path):
    text = data_file.read_text(encoding="utf-8")
    text = text.replace('name = "城镇社区工作经费"\n', 'name = "城镇社区工作经费"  # 经办人核对过\n# 下面是金额\n')
    data_file.write_text(text, encoding="utf-8")
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].name = "城镇社区工作经费（调整）"
    doc.projects[0].budget = D("780000")
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert 'name = "城镇社区工作经费（调整）"  # 经办人核对过\n# 下面是金额\nbudget = 780000.00\n' in after
    assert after.startswith("# 部门预算绩效文本")
    assert len(changed_lines(text, after)) == 4


def test_amounts_written_with_two_decimals_after_editing(data_file: Path):
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].budget = D("800000")
    doc.projects[0].fiscal = D("750000.5")
    doc.projects[0].other = D("50000")  # was blank: the key is added after fiscal
    doc.projects[1].other = None  # was 0.00: the line goes
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert "budget = 800000.00\nfiscal = 750000.50\nother = 50000.00\nuse = " in after
    second = after.split("[[projects]]")[2]
    assert "other" not in second
    assert store.load(data_file).doc == doc


def test_add_and_remove_indicators(data_file: Path):
    loaded = store.load(data_file)
    before = loaded.text
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].indicators.insert(1, Indicator("产出指标", "时效指标", "完成时间", "完成时间", "2023年12月底前", "计划标准"))
    del doc.projects[1].indicators[0]
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert store.load(data_file).doc == doc
    assert '+value = "2023年12月底前"' in changed_lines(before, after)
    # Untouched indicators keep their lines; tables stay separated by one blank line.
    assert "\n\n\n" not in after
    assert after.count("[[projects.indicators]]") == 4


def test_add_remove_and_reorder_projects(data_file: Path):
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    new = Project(code="X1", name="新项目", budget=D("1000"), goals=["目标"], indicators=[Indicator("产出指标", "数量指标", "数量")])
    doc.projects.reverse()
    doc.projects.append(new)
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert store.load(data_file).doc == doc
    assert "\n\n\n" not in after and after.endswith('basis = ""\n')
    assert after.index("国有企业退休人员社会化管理") < after.index("城镇社区工作经费\"")
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    del doc.projects[0]
    store.save(loaded, doc)
    assert store.load(data_file).doc == doc
    assert "国有企业退休人员社会化管理" not in data_file.read_text(encoding="utf-8")


def test_remove_all_projects_and_add_them_back(data_file: Path):
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.projects = []
    loaded = store.save(loaded, doc)
    assert "[[projects]]" not in loaded.text
    doc = copy.deepcopy(loaded.doc)
    doc.projects = sample_doc().projects
    doc.checks = {"off": ["plan-not-cumulative"]}
    store.save(loaded, doc)
    assert store.load(data_file).doc == doc


def test_edit_list_items_and_overall(data_file: Path):
    loaded = store.load(data_file)
    before = loaded.text
    doc = copy.deepcopy(loaded.doc)
    doc.overall.targets.items[1] = "城镇社区工作经费78万元"
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ['-  "城镇社区工作经费77万元",', '+  "城镇社区工作经费78万元",']
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.overall.goal = "新的总体目标\n第二段"
    doc.overall.measures.items.append("健全内部控制制度")
    doc.projects[0].goals.append("居民满意")
    doc.projects[0].plan = {6: D("50.5"), 12: D(100)}
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert 'goal = """\n新的总体目标\n第二段"""' in after
    assert "plan = { 6 = 50.5, 12 = 100 }" in after
    assert store.load(data_file).doc == doc


def test_checks_table_edits_keep_the_rest(data_file: Path):
    text = data_file.read_text(encoding="utf-8") + "\n[checks]  # 本单位设置\nsatisfaction_min = 85  # 满意度下限\n"
    data_file.write_text(text, encoding="utf-8")
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.checks["satisfaction_min"] = 90
    doc.checks["off"] = ["code-shape"]
    store.save(loaded, doc)
    after = data_file.read_text(encoding="utf-8")
    assert "satisfaction_min = 90  # 满意度下限\n" in after and "[checks]  # 本单位设置" in after
    assert store.load(data_file).doc.checks == {"satisfaction_min": 90, "off": ["code-shape"]}


def test_save_returns_a_fresh_loaded_that_saves_again(data_file: Path):
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.unit.year = 2024
    second = store.save(loaded, doc)
    assert second.text == data_file.read_text(encoding="utf-8") and second.doc == doc
    doc2 = copy.deepcopy(second.doc)
    doc2.unit.code = "439002"
    store.save(second, doc2)  # no conflict: the stamp is the written file's
    assert store.load(data_file).doc == doc2


# --- conflicts ---------------------------------------------------------------------------


def test_conflict_when_the_file_changed_on_disk(data_file: Path):
    loaded = store.load(data_file)
    other = data_file.read_text(encoding="utf-8").replace("≥25个", "≥26个")
    data_file.write_text(other, encoding="utf-8")
    doc = copy.deepcopy(loaded.doc)
    doc.unit.name = "改名"
    with pytest.raises(store.ConflictError) as exc:
        store.save(loaded, doc)
    assert exc.value.path == data_file and "修改" in exc.value.message
    assert data_file.read_text(encoding="utf-8") == other
    store.save(loaded, doc, force=True)
    assert store.load(data_file).doc == doc


def test_conflict_when_the_file_vanished(data_file: Path):
    loaded = store.load(data_file)
    data_file.unlink()
    with pytest.raises(store.ConflictError):
        store.save(loaded, loaded.doc)
    store.save(loaded, loaded.doc, force=True)
    assert store.load(data_file).doc == sample_doc()


def test_touch_without_change_is_not_a_conflict(data_file: Path):
    loaded = store.load(data_file)
    os.utime(data_file, ns=(1, 1))
    doc = copy.deepcopy(loaded.doc)
    doc.unit.year = 2024
    store.save(loaded, doc)
    assert store.load(data_file).doc.unit.year == 2024


def test_save_as_refuses_to_replace_unless_asked(tmp_path: Path, data_file: Path):
    target = tmp_path / "copy.toml"
    made = store.save_as(sample_doc(), target)
    assert made.doc == sample_doc() and target.read_text(encoding="utf-8") == store.dumps(sample_doc())
    with pytest.raises(store.ConflictError):
        store.save_as(sample_doc(), data_file)
    store.save_as(Document(unit=Unit(name="新", year=2024)), data_file, overwrite=True)
    assert store.load(data_file).doc.unit.name == "新"


# --- atomic writes -----------------------------------------------------------------------


def test_file_mode_is_kept(data_file: Path):
    os.chmod(data_file, 0o640)
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.unit.year = 2024
    store.save(loaded, doc)
    assert stat.S_IMODE(data_file.stat().st_mode) == 0o640


def test_symlinked_file_stays_a_symlink(tmp_path: Path, data_file: Path):
    link = tmp_path / "link.toml"
    link.symlink_to(data_file)
    loaded = store.load(link)
    doc = copy.deepcopy(loaded.doc)
    doc.unit.year = 2030
    store.save(loaded, doc)
    assert link.is_symlink() and store.load(data_file).doc.unit.year == 2030


class Boom(Exception):
    pass


def _fail(*args, **kwargs):
    raise Boom()


@pytest.mark.parametrize("step", ["write", "flush", "fsync", "chmod", "replace"])
def test_interrupted_save_leaves_the_old_file_intact(data_file: Path, monkeypatch, step: str):
    before = data_file.read_bytes()
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].indicators[0].value = "≥30个"
    if step in ("fsync", "chmod", "replace"):
        monkeypatch.setattr(store.os, step, _fail)
    else:
        real_fdopen = os.fdopen

        class Writer:
            def __init__(self, fd, mode):
                self.f = real_fdopen(fd, mode)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                if step == "write":
                    self.f.write(data[: len(data) // 2])  # half written, then the disk fills up
                    raise Boom()
                return self.f.write(data)

            def flush(self):
                raise Boom()

            def fileno(self):
                return self.f.fileno()

        monkeypatch.setattr(store.os, "fdopen", Writer)
    with pytest.raises(Boom):
        store.save(loaded, doc)
    assert data_file.read_bytes() == before
    assert sorted(p.name for p in data_file.parent.iterdir()) == [data_file.name]


def test_interrupted_save_as_leaves_no_file(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(store.os, "replace", _fail)
    with pytest.raises(Boom):
        store.save_as(sample_doc(), tmp_path / "new.toml")
    assert list(tmp_path.iterdir()) == []


# --- hand-written files ------------------------------------------------------------------

HAND = 'format = 1\r\nframework = "88号"\r\nunit = { name = "单位", year = 2023 }  # 内联表\r\n\r\n[[projects]]\r\nname = "甲"\r\nbudget = 5\r\n'


def test_windows_line_ends_and_inline_tables_are_kept(tmp_path: Path):
    path = tmp_path / "hand.toml"
    path.write_bytes(HAND.encode("utf-8"))
    loaded = store.load(path)
    doc = copy.deepcopy(loaded.doc)
    doc.unit.name = "新单位"
    doc.projects[0].fiscal = D(5)
    doc.projects[0].indicators.append(Indicator("产出指标", "数量指标", "数量"))
    saved = store.save(loaded, doc)
    data = path.read_bytes().decode("utf-8")
    assert saved.notice == ""
    assert data.count("\r\n") == data.count("\n")
    assert 'unit = { name = "新单位", year = 2023 }  # 内联表\r\n' in data
    assert "budget = 5\r\nfiscal = 5.00\r\n" in data
    assert store.load(path).doc == doc


def test_a_layout_that_cannot_be_patched_is_rewritten_whole_and_says_so(tmp_path: Path):
    path = tmp_path / "inline.toml"
    path.write_text('format = 1\nframework = "88号"\nunit = { name = "单位", year = 2023 }\nprojects = [{ name = "甲" }]\n', encoding="utf-8")
    loaded = store.load(path)
    doc = copy.deepcopy(loaded.doc)
    doc.projects.insert(0, Project(name="乙"))
    saved = store.save(loaded, doc)
    assert "整体重写" in saved.notice
    assert store.load(path).doc == doc
    assert "[[projects]]" in path.read_text(encoding="utf-8")


def test_missing_name_messages_name_the_right_column(tmp_path: Path):
    path = tmp_path / "unit.toml"
    path.write_text('format = 1\nframework = "88号"\n[unit]\nyear = 2023\n[[projects]]\ncode = "A"\n', encoding="utf-8")
    with pytest.raises(DataError) as exc:
        store.load(path)
    messages = [p.message for p in exc.value.problems]
    assert any("单位名称" in m for m in messages) and any("项目名称" in m for m in messages)
    assert not any("三级指标" in m for m in messages)


def test_a_document_no_file_can_hold_is_refused_and_the_file_kept(data_file: Path):
    before = data_file.read_bytes()
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[0].plan[5] = D(40)
    with pytest.raises(DataError) as exc:
        store.save(loaded, doc)
    assert exc.value.problems[0].keypath == "projects[1].plan.5"
    doc.projects[0].plan.pop(5)
    doc.projects[0].budget = D("NaN")
    with pytest.raises(DataError):
        store.save(loaded, doc)
    assert data_file.read_bytes() == before
    assert [p.name for p in data_file.parent.iterdir()] == [data_file.name]


def test_checks_written_before_the_projects_are_edited_in_place(tmp_path: Path):
    text = store.dumps(sample_doc()).replace("[[projects]]", "[checks]\nsatisfaction_min = 85\n\n[[projects]]", 1)
    path = tmp_path / "unit.toml"
    path.write_text(text, encoding="utf-8")
    loaded = store.load(path)
    doc = copy.deepcopy(loaded.doc)
    doc.checks["satisfaction_min"] = 90
    doc.projects[1].name = "改名"
    store.save(loaded, doc)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(text, after) == [
        "-satisfaction_min = 85", "+satisfaction_min = 90", '-name = "国有企业退休人员社会化管理"', '+name = "改名"',
    ]  # fmt: skip


def test_only_changed_projects_go_through_tomlkit(data_file: Path, monkeypatch):
    from perftui import tomledit

    parsed: list[str] = []
    real = tomledit.tomlkit.parse
    monkeypatch.setattr(tomledit.tomlkit, "parse", lambda s: parsed.append(s) or real(s))
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.projects[1].indicators[0].value = "≥120人"
    store.save(loaded, doc)
    big = [s for s in parsed if len(s) > 40]
    assert len(big) == 1 and big[0].startswith("[[projects]]") and "国有企业退休人员社会化管理" in big[0]
    assert "城镇社区工作经费" not in big[0]


def test_write_errors_are_chinese_oserrors_and_keep_the_old_file(data_file: Path, monkeypatch):
    before = data_file.read_bytes()
    loaded = store.load(data_file)
    doc = copy.deepcopy(loaded.doc)
    doc.unit.year = 2024

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", full)
    with pytest.raises(OSError) as exc:
        store.save(loaded, doc)
    assert isinstance(exc.value, store.WriteError) and "磁盘空间不足" in str(exc.value)
    assert data_file.read_bytes() == before
    assert [p.name for p in data_file.parent.iterdir()] == [data_file.name]


def test_save_as_into_a_missing_folder_is_a_write_error(tmp_path: Path):
    with pytest.raises(store.WriteError) as exc:
        store.save_as(sample_doc(), tmp_path / "no" / "such.toml")
    assert "文件夹不存在" in str(exc.value)


def test_new_files_get_the_usual_mode_not_the_temp_files(tmp_path: Path):
    mask = os.umask(0o022)
    os.umask(mask)
    store.save_as(sample_doc(), tmp_path / "new.toml")
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o666 & ~mask
