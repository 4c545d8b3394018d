"""`renda textmining train|evaluate` on bad input: one Chinese line and exit status 2, or {code, detail} with --json."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

HEADER = "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类\n"
MESSAGES = {
    "教育文体": ("孩子上学难", "学区划分不合理，学校学位不足，希望教育局解决入学问题。"),
    "交通运输": ("公交车太少", "我们村到县城的公交车一天只有两班，希望增加公交班次。"),
    "环境保护": ("工地噪音", "附近工地夜间施工，噪音扰民严重，环保部门应该查处。"),
}


def _labelled(path: Path, counts: dict[str, int]) -> Path:
    rows = [
        f",,{MESSAGES[label][0]}{i},,{MESSAGES[label][1]}第{i}次反映。,{label}\n"
        for label, n in counts.items()
        for i in range(n)
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str, dict]:
    """Run the command twice (text, then --json); returns (exit status, stderr line, json payload)."""
    err = StringIO()
    with pytest.raises(SystemExit) as text_exit:
        call_command("textmining", *args, stdout=StringIO(), stderr=err)
    out = StringIO()
    with pytest.raises(SystemExit) as json_exit:
        call_command("textmining", *args, "--json", stdout=out, stderr=StringIO())
    assert text_exit.value.code == json_exit.value.code
    return int(text_exit.value.code or 0), err.getvalue().strip(), json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda d: d / "missing.csv", "file_not_found", "文件不存在"),
        (lambda d: _labelled(d / "one.csv", {"教育文体": 5}), "too_few_topics", "训练至少需要 2 个一级分类"),
        (
            lambda d: _labelled(d / "small.csv", {"教育文体": 5, "交通运输": 1, "环境保护": 2}),
            "topic_too_small",
            "交通运输（1 条）、环境保护（2 条）",
        ),
        (
            lambda d: (d / "nolabel.csv").write_text(HEADER + ",,路灯不亮,,路灯坏了,\n", encoding="utf-8")
            and d / "nolabel.csv",
            "no_labels",
            "没有带一级分类的留言",
        ),
        (
            lambda d: (d / "gbk.csv").write_bytes((HEADER + ",,路灯,,坏了,城乡建设\n").encode("gbk")) and d / "gbk.csv",
            "bad_encoding",
            "不是 UTF-8 编码",
        ),
        (lambda d: (d / "fake.xlsx").write_text("not a workbook") and d / "fake.xlsx", "bad_xlsx", "不是有效的 xlsx"),
        (lambda d: d, "unreadable_file", "文件夹"),
    ],
)
def test_train_with_bad_data_stops_with_a_chinese_reason(tmp_path, make, code, message):
    # given
    data = make(tmp_path)
    out = tmp_path / "models" / "m.joblib"
    # when
    status, line, payload = _run("train", "--data", str(data), "--out", str(out))
    # then: nothing written, one Chinese line, a stable code
    assert status == 2 and not out.exists()
    assert line.startswith("训练失败：") and message in line and "\n" not in line
    assert payload["code"] == code and message in payload["detail"]


def test_train_into_a_folder_is_refused_before_training(tmp_path):
    # given
    data = _labelled(tmp_path / "ok.csv", {"教育文体": 4, "交通运输": 4})
    folder = tmp_path / "models"
    folder.mkdir()
    # when
    status, line, payload = _run("train", "--data", str(data), "--out", str(folder))
    # then
    assert status == 2 and payload["code"] == "bad_output" and "输出路径是一个文件夹" in line


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_model", "code", "message"),
    [
        (lambda d: d / "none.joblib", "model_not_found", "模型文件不存在"),
        (lambda d: d, "bad_model", "模型路径是一个文件夹"),
        (
            lambda d: (d / "junk.joblib").write_bytes(b"\x80\x04junk") and d / "junk.joblib",
            "bad_model",
            "不是可用的主题模型文件",
        ),
        (
            lambda d: __import__("joblib").dump({"version": "renda-topic-1", "model": None}, d / "old.joblib")
            and d / "old.joblib",
            "model_version",
            "是旧版本（renda-topic-1）",
        ),
    ],
)
def test_evaluate_with_a_bad_model_file_stops_with_a_chinese_reason(tmp_path, make_model, code, message):
    # given
    data = _labelled(tmp_path / "ok.csv", {"教育文体": 2, "交通运输": 2})
    model = make_model(tmp_path)
    # when
    status, line, payload = _run("evaluate", "--model", str(model), "--data", str(data))
    # then
    assert status == 2 and line.startswith("评估失败：") and message in line
    assert payload["code"] == code


@pytest.mark.django_db
def test_evaluate_on_a_file_without_labels_says_so(topic_model, tmp_path):
    # given
    data = tmp_path / "nolabel.csv"
    data.write_text(HEADER + ",,路灯不亮,,路灯坏了,\n", encoding="utf-8")
    # when
    status, line, payload = _run("evaluate", "--model", str(topic_model), "--data", str(data))
    # then
    assert status == 2 and payload["code"] == "no_labels" and "没有带一级分类的留言" in line


@pytest.mark.parametrize(
    ("out", "message"),
    [("models/", "输出路径是一个文件夹"), ("ok.csv/m.joblib", "无法创建输出文件夹")],
)
def test_train_output_paths_that_cannot_be_a_model_file_are_refused_in_chinese(tmp_path, monkeypatch, out, message):
    # given: a folder meant by a trailing slash; a path under an existing file
    monkeypatch.chdir(tmp_path)
    data = _labelled(tmp_path / "ok.csv", {"教育文体": 4, "交通运输": 4})
    # when
    status, line, payload = _run("train", "--data", str(data), "--out", out)
    # then: Chinese reason, no English system message
    assert status == 2 and payload["code"] == "bad_output" and message in line
    assert not any(word in line for word in ("File exists", "Not a directory", "Errno"))


def test_evaluation_lines_are_chinese_and_the_matrix_lines_up_in_a_terminal():
    # given
    from renda.liaison.management.commands.textmining import _width, evaluation_lines

    result = {
        "n": 12,
        "accuracy": 0.75,
        "macro_f1": 0.7,
        "per_topic_f1": {"交通运输": 0.8, "劳动和社会保障": 0.6},
        "labels": ["交通运输", "劳动和社会保障"],
        "confusion_matrix": [[5, 1], [2, 4]],
    }
    # when
    lines = evaluation_lines(result)
    # then: Chinese headings; every matrix row is as wide as the header, numbers right-aligned under names
    assert lines[:3] == ["留言 12 条", "准确率      0.7500", "宏平均 F1   0.7000"]
    matrix = lines[lines.index("混淆矩阵（行：真实分类，列：预测分类）：") + 1 :]
    assert len(matrix) == 3 and len({_width(line) for line in matrix}) == 1
    header, first = matrix[0], matrix[1]
    assert _width(header[: header.index("交通运输") + 4]) == _width(first[: first.index("5") + 1])


@pytest.mark.django_db
def test_evaluate_a_model_from_another_scikit_learn_version_gives_a_chinese_note(tmp_path, monkeypatch):
    # given a model saved under another scikit-learn version
    import sklearn
    import sklearn.base

    from renda.textmining.lib.classify import TopicClassifier

    data = _labelled(tmp_path / "ok.csv", {"教育文体": 4, "交通运输": 4, "环境保护": 4})
    monkeypatch.setattr(sklearn, "__version__", "1.0.0")
    monkeypatch.setattr(sklearn.base, "__version__", "1.0.0")
    texts = [f"{MESSAGES[t][0]}\n{MESSAGES[t][1]}第{i}次" for t in MESSAGES for i in range(4)]
    model = TopicClassifier(n_jobs=1).fit(texts, [t for t in MESSAGES for _ in range(4)]).save(tmp_path / "m.joblib")
    monkeypatch.undo()
    # when evaluated, as text and as JSON
    err, out = StringIO(), StringIO()
    call_command("textmining", "evaluate", "--model", str(model), "--data", str(data), stdout=StringIO(), stderr=err)
    call_command("textmining", "evaluate", "--model", str(model), "--data", str(data), "--json", stdout=out)
    # then the evaluation runs, with one Chinese note naming both versions instead of English warnings
    note = f"模型由 scikit-learn 1.0.0 训练，当前运行 {sklearn.__version__}"
    assert err.getvalue().startswith(f"提示：{note}") and "retrain" not in err.getvalue()
    payload = json.loads(out.getvalue())
    assert payload["accuracy"] == 1.0 and len(payload["notes"]) == 1 and note in payload["notes"][0]
