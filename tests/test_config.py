"""Configuration discovery, precedence and validation errors that name the key."""

from __future__ import annotations

import json

import pytest

from auditor.cli import main
from auditor.config import Config, ConfigError, load_config, parse_config
from auditor.findings import Severity
from auditor.checks import get_rules as all_rules

RULES = {r.code: r for r in all_rules()}
ALL = all_rules()


def test_defaults_when_nothing_is_found(tmp_path):
    config = load_config(rules=ALL, start=tmp_path)
    assert config == Config()


def test_auditor_toml_is_found_walking_up(tmp_path):
    (tmp_path / ".auditor.toml").write_text('ignore = ["RD001"]\nfail-on = "warning"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config = load_config(rules=ALL, start=sub)
    assert config.ignore == ("RD001",) and config.fail_on == "warning"
    assert not config.enabled(RULES["RD001"]) and config.enabled(RULES["RD003"])


def test_auditor_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\nignore = ["RD002"]\n')
    assert load_config(rules=ALL, start=tmp_path).ignore == ("RD002",)
    (tmp_path / ".auditor.toml").write_text('ignore = ["RD003"]\n')
    assert load_config(rules=ALL, start=tmp_path).ignore == ("RD003",)


def test_pyproject_without_tool_auditor_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(rules=ALL, start=tmp_path) == Config()


def test_rule_severity_and_options(tmp_path):
    config = parse_config({"rules": {"readability.long-sentence": {"severity": "error", "max_words": 25}}}, rules=ALL)
    rule = RULES["RD003"]
    assert config.severity_of(rule) == Severity.ERROR and config.option(rule, "max_words") == 25
    assert config.option(RULES["RD004"], "min_words") == 150


@pytest.mark.parametrize(
    "data, message",
    [
        ({"selcet": ["RD001"]}, "unknown key 'selcet'"),
        ({"select": ["XX999"]}, "select: no rule matches 'XX999'"),
        ({"fail-on": "sometimes"}, "fail-on must be one of error, warning, info, never, got 'sometimes'"),
        ({"jobs": -1}, "jobs must be a non-negative integer"),
        ({"max-file-bytes": "big"}, "max-file-bytes must be a positive integer"),
        ({"rules": {"RD003": {"max_words": "forty"}}}, "rules.RD003.max_words must be int, got 'forty'"),
        ({"rules": {"RD003": {"max_wrods": 4}}}, "rules.RD003.max_wrods: unknown option (known: severity, max_words)"),
        ({"rules": {"RD003": {"severity": "fatal"}}}, "rules.RD003.severity: unknown severity 'fatal'"),
        ({"rules": {"readability": {"severity": "error"}}}, "rules.readability: not a rule code or rule name"),
    ],
)
def test_bad_configuration_names_the_key(data, message):
    with pytest.raises(ConfigError) as exc:
        parse_config(data, "cfg.toml", rules=ALL)
    assert str(exc.value).startswith("cfg.toml: ")
    assert message in str(exc.value)


def test_invalid_toml_is_an_error_naming_the_file(tmp_path):
    bad = tmp_path / ".auditor.toml"
    bad.write_text("select = [")
    with pytest.raises(ConfigError, match=r"\.auditor\.toml: not valid TOML"):
        load_config(rules=ALL, start=tmp_path)


def test_config_command_prints_effective_configuration(tmp_path, monkeypatch, capsys):
    (tmp_path / ".auditor.toml").write_text('[rules.RD003]\nmax_words = 30\nseverity = "warning"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["config"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rules"]["readability.long-sentence"] == {"code": "RD003", "enabled": True, "severity": "warning", "max_words": 30}


def test_command_line_overrides_config_file(tmp_path, monkeypatch, capsys):
    from conftest import SEEDS

    (tmp_path / ".auditor.toml").write_text('fail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEEDS), "-q"]) == 0
    assert main(["check", str(SEEDS), "-q", "--fail-on", "warning"]) == 1


def test_per_path_ignores(tmp_path, monkeypatch, capsys):
    from conftest import SEEDS

    (tmp_path / ".auditor.toml").write_text('[per-path-ignores]\n"*/004_*.txt" = ["farm", "ST001"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEEDS), "-q", "--fail-on", "never", "--select", "farm", "--select", "ST001"]) == 0
    out = capsys.readouterr().out
    assert "003_5ee09b2ac27d2ae6.txt" in out and "004_d6a33341c51f5dc6.txt" not in out
    with pytest.raises(ConfigError, match="per-path-ignores.x: no rule matches 'nope'"):
        parse_config({"per-path-ignores": {"x": ["nope"]}}, rules=ALL)


# --- a desk's own vocabulary --------------------------------------------------------------

DESK = """[vocabulary]
trusted-sources = ["Ministry of Commerce"]
vague-cues = ["the grapevine has it"]
boilerplate-phrases = ["independent voice of the valley"]
"""


def _findings(tmp_path, text: str, config_text: str | None):
    import auditor

    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    config = None
    if config_text is not None:
        (tmp_path / ".auditor.toml").write_text(config_text, encoding="utf-8")
        config = str(tmp_path / ".auditor.toml")
    else:
        config = {}
    result = auditor.audit(article, config, jobs=1)
    return [(f.rule, f.text) for f in result.documents[0].findings if f.rule[:2] in ("ST", "BP")]


@pytest.mark.parametrize("text, without, with_desk", [
    ("Headline\n\nThe market will reach $5 billion by 2030, the grapevine has it.\n",
     [("ST001", "$5 billion")], [("ST002", "$5 billion")]),
    ("Headline\n\nExports rose to $63.8bn last year, according to a Ministry of Commerce report.\n",
     [("ST003", "$63.8bn")], []),
    ("Headline\n\nThe council approved the budget on Monday after a long debate over the schools.\n\n"
     "The Riverside Gazette is an independent voice of the valley since 1921.\n",
     [], [("BP009", "The Riverside Gazette is an independent voice of the valley since 1921.")]),
], ids=["vague-cue", "trusted-source", "boilerplate-phrase"])
def test_desk_vocabulary_adds_to_the_built_in_data(tmp_path, text, without, with_desk):
    assert _findings(tmp_path, text, None) == without
    assert _findings(tmp_path, text, DESK) == with_desk


def test_desk_vocabulary_is_shown_and_checked(tmp_path, monkeypatch, capsys):
    (tmp_path / ".auditor.toml").write_text(DESK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["config"]) == 0
    shown = json.loads(capsys.readouterr().out)["vocabulary"]
    assert shown == {"trusted-sources": ["Ministry of Commerce"], "vague-cues": ["the grapevine has it"],
                     "boilerplate-phrases": ["independent voice of the valley"]}


@pytest.mark.parametrize("table, message", [
    ({"trusted": ["x"]}, "vocabulary: unknown key 'trusted'"),
    ({"vague-cues": "experts"}, "vocabulary.vague-cues must be a list of phrases"),
    ({"vague-cues": [""]}, "vocabulary.vague-cues: phrases must be 1 to 200 characters"),
    ({"boilerplate-phrases": ["x" * 201]}, "phrases must be 1 to 200 characters"),
    ({"trusted-sources": ["a"] * 1001}, "holds 1001 phrases (at most 1000)"),
    (["x"], "vocabulary must be a table of lists"),
])
def test_bad_vocabulary_names_the_key(table, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_config({"vocabulary": table}, "desk.toml", rules=ALL)
