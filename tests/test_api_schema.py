"""The Python API (`auditor.audit`), and audit.json against the JSON Schema the package ships."""

from __future__ import annotations

import json
import tomllib
from importlib import resources

import pytest

import auditor
from auditor._version import REPOSITORY
from auditor.cli import main
from auditor.config import ConfigError
from auditor.report.json import SCHEMA_URI, audit_dict
from conftest import ROOT, shared_or_skip

jsonschema = pytest.importorskip("jsonschema")


def schema() -> dict:
    return json.loads(resources.files("auditor.data").joinpath("audit.schema.json").read_text(encoding="utf-8"))


def validator():
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


# --- API ---------------------------------------------------------------------------------

def test_audit_returns_the_same_result_as_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    result = auditor.audit(["seeds/"], jobs=1)
    assert [a.document.id for a in result.documents] == sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    assert result.load_errors == []
    main(["check", "seeds", "-q", "-j", "1", "--format", "json", "--fail-on", "never"])
    assert audit_dict(result) == json.loads(capsys.readouterr().out)


def test_audit_accepts_one_path_and_any_kind_of_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    only_st001 = auditor.audit("seeds", {"select": ["ST001"]}, jobs=1)
    assert {f.rule for f in only_st001.findings()} == {"ST001"}
    config_file = tmp_path / "audit.toml"
    config_file.write_text('select = ["ST001"]\n', encoding="utf-8")
    from_file = auditor.audit(["seeds"], str(config_file), jobs=1)
    assert from_file.counts() == only_st001.counts()
    assert auditor.audit(["seeds"], from_file.config, jobs=1).counts() == only_st001.counts()
    with pytest.raises(ConfigError, match="unknown key 'selekt'"):
        auditor.audit(["seeds"], {"selekt": ["ST001"]})
    with pytest.raises(TypeError):
        auditor.audit(["seeds"], 42)


def test_audit_reports_unreadable_inputs_and_refuses_an_empty_batch(tmp_path):
    (tmp_path / "good.txt").write_text("Title\n\nShares fell 5% on Tuesday after the announcement.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = auditor.audit([tmp_path], jobs=1)
    assert [a.document.id for a in result.documents] == ["good"]
    assert [(e.path, e.error) for e in result.load_errors] == [(str(tmp_path / "empty.txt"), "empty file")]
    with pytest.raises(ValueError, match=r"no readable documents among the inputs \(.*empty.txt: empty file\)"):
        auditor.audit(tmp_path / "empty.txt")


def test_package_exports():
    assert set(auditor.__all__) == {"AuditResult", "Config", "ConfigError", "DocumentAudit", "__version__", "audit"}
    assert auditor.__version__ is auditor._version.__version__


# --- the schema --------------------------------------------------------------------------

def test_schema_is_shipped_and_named_by_audit_json(tmp_path, monkeypatch):
    assert schema()["$id"] == SCHEMA_URI == f"{REPOSITORY}/raw/main/auditor/data/audit.schema.json"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["urls"]["Repository"] == REPOSITORY
    assert "data/*" in pyproject["tool"]["setuptools"]["package-data"]["auditor"]


def test_seeds_audit_json_validates(tmp_path, monkeypatch):
    out = tmp_path / "r"
    monkeypatch.chdir(ROOT)
    assert main(["audit", "seeds", "-o", str(out), "-q", "-j", "1"]) == 0
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert data["$schema"] == SCHEMA_URI
    errors = sorted(validator().iter_errors(data), key=str)
    assert errors == []


def test_real_drop_audit_json_validates(tmp_path, monkeypatch, capsys):
    drop = shared_or_skip("eval", "real", "real-farm.jsonl")
    monkeypatch.chdir(tmp_path)
    main(["check", str(drop), "-q", "--format", "json=audit.json", "--fail-on", "never"])
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert data["summary"]["documents"] == 400
    assert list(validator().iter_errors(data)) == []


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(schema_version=2), "1 was expected"),
    (lambda d: d["documents"][0]["findings"][0].update(severity="fatal"), "'fatal' is not one of"),
    (lambda d: d["documents"][0]["findings"][0].pop("fingerprint"), "'fingerprint' is a required property"),
    (lambda d: d["documents"][0].update(report="../../etc/passwd"), "does not match"),
    (lambda d: d["summary"]["findings"].update(fatal=1), "Additional properties are not allowed"),
])
def test_schema_catches_broken_documents(mutate, message):
    data = json.loads((ROOT / "tests" / "golden" / "seeds-audit.json").read_text(encoding="utf-8"))
    assert list(validator().iter_errors(data)) == []
    mutate(data)
    errors = list(validator().iter_errors(data))
    assert errors and message in errors[0].message
