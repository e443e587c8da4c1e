"""The GitHub Action (`action.yml`), run locally: every step's shell script under the shell
GitHub uses (`bash --noprofile --norc -eo pipefail`), with `${{ }}` expressions filled in,
GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / RUNNER_TEMP pointing at temporary files, against a
copy of the seeds. Installation is the one thing faked: `python -m venv` is a shim whose
pip records what it was asked to install and whose `auditor` is the one under test."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, SHARED, ci_articles, ci_counts, github_summary_line

yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
AUDITOR = Path(sys.executable).parent / "auditor"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # GitHub's `shell: bash`

PYTHON_SHIM = """#!/bin/bash
# python -m venv DIR: DIR/bin/pip records its arguments, DIR/bin/auditor is the auditor under test
[ "$1" = "-m" ] && [ "$2" = "venv" ] || exit 9
mkdir -p "$3/bin"
printf '#!/bin/bash\\nprintf "%%s\\\\n" "$@" > "%s/pip-args"\\n' "$3" > "$3/bin/pip"
chmod +x "$3/bin/pip"
ln -s "{auditor}" "$3/bin/auditor"
"""


class Runner:
    """Runs the action's steps in order, as the GitHub runner would."""

    def __init__(self, tmp_path: Path, inputs: dict[str, str]):
        self.tmp = tmp_path
        self.workspace = tmp_path / "repo"
        (self.workspace / ".git").mkdir(parents=True)
        ci_articles(self.workspace / "articles")
        self.temp = tmp_path / "runner-temp"
        self.temp.mkdir()
        shim = tmp_path / "python-shim"
        shim.write_text(PYTHON_SHIM.replace("{auditor}", str(AUDITOR)), encoding="utf-8")
        shim.chmod(0o755)
        defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
        self.inputs = {**defaults, "python": str(shim), **inputs}
        self.outputs: dict[str, dict[str, str]] = {}
        self.results: dict[str, subprocess.CompletedProcess] = {}
        self.summaries: dict[str, str] = {}

    def value(self, expression: str) -> str:
        scope, _, rest = expression.partition(".")
        if scope == "inputs":
            return self.inputs[rest]
        if expression == "github.action_path":
            return str(ROOT)
        if expression == "runner.temp":
            return str(self.temp)
        if scope == "steps":
            step, _, output = rest.partition(".outputs.")
            return self.outputs.get(step, {}).get(output, "")
        raise AssertionError(f"action.yml uses an expression the test does not know: {expression}")

    def expand(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.value(m.group(1)), text)

    def condition(self, text: str) -> bool:
        """Evaluate an `if:` made of always(), ==, && over inputs and step outputs."""
        inner = EXPRESSION.fullmatch(text.strip()).group(1) if text.strip().startswith("${{") else text
        python = re.sub(r"\b(inputs|steps)\.[\w.-]+", lambda m: repr(self.value(m.group(0))), inner)
        python = python.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
        return bool(eval(python, {"__builtins__": {}}))  # noqa: S307 (the action's own conditions)

    def run(self) -> None:
        for number, step in enumerate(ACTION["runs"]["steps"]):
            key = step.get("id", f"step{number}")
            if "if" in step and not self.condition(step["if"]):
                continue
            if "uses" in step:
                self.results[key] = step  # checked by the tests: nothing to run locally
                continue
            output, summary = self.tmp / f"{key}.output", self.tmp / f"{key}.summary"
            output.write_text("")
            summary.write_text("")
            env = {"PATH": os.environ["PATH"], "HOME": str(self.tmp), "GITHUB_OUTPUT": str(output),
                   "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(self.temp),
                   "GITHUB_WORKSPACE": str(self.workspace), "GITHUB_ACTIONS": "true",
                   **{k: self.expand(str(v)) for k, v in step.get("env", {}).items()}}
            script = self.tmp / f"{key}.sh"
            script.write_text(self.expand(step["run"]), encoding="utf-8")
            assert step["shell"] == "bash"
            self.results[key] = subprocess.run([*SHELL, str(script)], cwd=self.workspace, env=env,
                                               capture_output=True, text=True, timeout=300)
            self.outputs[key] = dict(line.split("=", 1) for line in output.read_text().splitlines())
            self.summaries[key] = summary.read_text(encoding="utf-8")


def test_the_action_installs_audits_uploads_and_gates(tmp_path):
    runner = Runner(tmp_path, {})
    runner.run()
    install = runner.results["install"]
    assert install.returncode == 0, install.stderr
    # installs this repository's code (the action's own checkout), not the audited repository
    venv = runner.temp / "auditor-venv"
    assert (venv / "pip-args").read_text().splitlines() == ["install", "--quiet", "--disable-pip-version-check",
                                                             str(ROOT)]
    assert runner.outputs["install"] == {"auditor": str(venv / "bin" / "auditor")}

    check = runner.results["check"]
    assert check.returncode == 0, check.stderr  # the step records the status; the gate fails the job
    assert runner.outputs["check"] == {"sarif": "true", "exit-code": "1"}
    lines = check.stdout.splitlines()
    n = ci_counts()
    assert lines[0] == github_summary_line(n)
    assert lines[1].startswith("::error file=articles/incoming-chatbot.txt,line=")
    assert lines[-1].endswith("see the SARIF report auditor.sarif (code scanning alerts) and the job summary")

    sarif = json.loads((runner.workspace / "auditor.sarif").read_text(encoding="utf-8"))
    schema = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if schema.exists():  # (beside the checkout, as test_ci_gate reads it)
        jsonschema.validate(sarif, json.loads(schema.read_text(encoding="utf-8")))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {f"articles/{p.name}" for p in SEEDS.glob("*.txt")} | {"articles/incoming-chatbot.txt"}
    assert sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == runner.workspace.as_uri() + "/"

    summary = runner.summaries["check"]
    assert summary.startswith(f"## auditor: {n['documents']} documents, {n['findings']} findings\n\n"
                              "| error | warning | info | unreadable |\n")
    assert f"**Failed:** {n['error']} finding(s) at or above `error`." in summary
    assert "### Worst articles (6 of 6)" in summary

    upload = runner.results["step2"]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert runner.expand(upload["with"]["sarif_file"]) == "auditor.sarif"

    gate = runner.results["step3"]
    assert gate.returncode == 1
    assert gate.stdout == "auditor: findings at or above the fail level (see the annotations and the job summary)\n"


def test_the_action_passes_inputs_through(tmp_path):
    runner = Runner(tmp_path, {"version": "auditor==0.1.0", "fail-on": "info", "args": "--ignore farm,readability",
                               "paths": "articles/000_*.txt  articles/001_a20f071f0c03a890.txt",
                               "sarif-file": "out/a.sarif", "upload-sarif": "false"})
    (runner.workspace / "out").mkdir()
    runner.run()
    assert (runner.temp / "auditor-venv" / "pip-args").read_text().splitlines()[-1] == "auditor==0.1.0"
    assert runner.outputs["check"]["exit-code"] == "1"
    assert runner.summaries["check"].startswith("## auditor: 2 documents, ")
    sarif = json.loads((runner.workspace / "out" / "a.sarif").read_text(encoding="utf-8"))
    assert not {r["ruleId"][:2] for r in sarif["runs"][0]["results"]} & {"FM", "RD"}
    assert "step2" not in runner.results  # upload-sarif: false
    assert runner.results["step3"].returncode == 1


def test_the_action_reports_input_errors_and_skips_the_upload(tmp_path):
    runner = Runner(tmp_path, {"paths": "missing/"})
    runner.run()
    assert runner.outputs["check"] == {"exit-code": "2"}
    assert "auditor: error: no readable documents among the inputs" in runner.results["check"].stderr
    assert "step2" not in runner.results
    gate = runner.results["step3"]
    assert gate.returncode == 2 and gate.stdout == "auditor: usage, configuration or input error (exit 2)\n"
