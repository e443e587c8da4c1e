"""The README tells the truth: its rule reference is generated from the rule docstrings, its
CI snippets run against the seeds and write what they should, its Python example prints
what it shows, and its terminal examples show real output."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditor._version import REPOSITORY, __version__
from auditor.checks import get_rules as all_rules
from auditor.cli import _outputs, build_parser, main
from auditor.report.rules_doc import rules_markdown
from conftest import ROOT, SEEDS, SHARED, ci_articles, ci_counts, github_summary_line
from test_action import Runner

yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def test_readme_rules_section_is_generated_from_docstrings():
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    generated = f"{START}\n{rules_markdown(all_rules())}{END}"
    current = re.search(re.escape(START) + ".*?" + re.escape(END), text, re.DOTALL).group(0)
    if os.environ.get("UPDATE_GOLDEN") and current != generated:
        readme.write_text(text.replace(current, generated), encoding="utf-8")
        current = generated
    assert current == generated, "README rules section is stale: run with UPDATE_GOLDEN=1"


def test_readme_opens_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1: lines.index("```")]
    assert len(block) == 2
    assert "auditor audit seeds/ -o reports/" in block[0]
    assert "pytest" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert block[1] in ci, ".ci/run must run the README's test command"


# --- the README's examples run ----------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
AUDITOR_BIN = Path(sys.executable).parent


def section(title: str) -> str:
    """The README's text from a `## title` heading to the next `## ` heading."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def blocks(text: str, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(text) if lang == language]


def install_line() -> str:
    return f'pip install "auditor @ git+{REPOSITORY}@v{__version__}"'


def commands(workflow: dict) -> list[tuple[str, dict]]:
    """(shell command, the step or job it came from) in order: GitHub `run:` steps and
    GitLab `script:` lines."""
    out = []
    for job in (workflow.get("jobs") or {k: v for k, v in workflow.items() if isinstance(v, dict)}).values():
        for step in job.get("steps", []):
            if "run" in step:
                out.append((step["run"], step))
            elif "uses" in step:
                out.append(("", step))
        for line in job.get("script", []):
            out.append((line, job))
    return out


def formats_of(command: str) -> list[tuple[str, str]]:
    """The --format/-o pairs of an `auditor check` command, as the command line reads them."""
    return _outputs(build_parser().parse_args(shlex.split(command)[1:]))


def check_written(fmt: str, content: str) -> None:
    """What each format must contain after a run over the five seeds in articles/."""
    seeds = {f"articles/{p.name}" for p in SEEDS.glob("*.txt")} | {"articles/incoming-chatbot.txt"}
    n = ci_counts()
    if fmt == "sarif":
        data = json.loads(content)
        schema = SHARED / "schemas" / "sarif-schema-2.1.0.json"
        if schema.exists():
            jsonschema.validate(data, json.loads(schema.read_text(encoding="utf-8")))
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in data["runs"][0]["results"]}
        assert uris == seeds
    elif fmt == "gitlab":
        issues = json.loads(content)
        assert {i["location"]["path"] for i in issues} == seeds
        assert {i["severity"] for i in issues} == {"major", "minor", "info"}
    elif fmt == "junit":
        suite = ET.fromstring(content).find("testsuite")
        assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (str(n["documents"]), "1", "0")
    elif fmt == "markdown":
        assert content.startswith(f"## auditor: {n['documents']} documents, {n['findings']} findings\n")
        assert f"**Failed:** {n['error']} finding(s) at or above `error`." in content
    elif fmt == "github":
        assert content.splitlines()[0] == github_summary_line(n)
        assert sum(1 for line in content.splitlines() if line.startswith("::error file=articles/")) == n["error"]
    elif fmt == "text":
        assert content.splitlines()[-1] == (f"{n['documents']} documents, {n['findings']} findings "
                                            f"({n['error']} error, {n['warning']} warning, {n['info']} info)")
        assert content.splitlines()[0].startswith("articles/000_1ab227ac991bd81d.txt:")
    else:
        raise AssertionError(f"the README's CI commands use --format {fmt}; teach this test what it writes")


def workspace(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    ci_articles(repo / "articles")
    return repo


CI_BLOCKS = blocks(section("CI integration"), "yaml")


def test_readme_ci_section_has_every_integration():
    names = [next(iter(yaml.safe_load(b))) if not yaml.safe_load(b).get("jobs") else yaml.safe_load(b)["name"]
             for b in CI_BLOCKS]
    assert names == ["audit", "audit", "audit", "repos"]  # action, step by step, GitLab, pre-commit
    assert not [b for b in CI_BLOCKS if "pip install ." in b]


@pytest.mark.parametrize("number", range(len(CI_BLOCKS)))
def test_readme_ci_snippet_runs_against_the_seeds(number, tmp_path):
    workflow = yaml.safe_load(CI_BLOCKS[number])
    repo = workspace(tmp_path)
    summary = tmp_path / "step-summary.md"
    summary.write_text("")
    env = {"PATH": f"{AUDITOR_BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path),
           "GITHUB_STEP_SUMMARY": str(summary)}
    if "repos" in workflow:  # pre-commit: the hook this repository defines, run as pre-commit would
        [repo_entry] = workflow["repos"]
        assert repo_entry["repo"] == REPOSITORY and repo_entry["rev"] == f"v{__version__}"
        hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
        hook = hooks[repo_entry["hooks"][0]["id"]]
        assert hook["pass_filenames"] is False
        done = subprocess.run([*shlex.split(hook["entry"]), *hook["args"]], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 1  # the seeds have errors
        check_written("text", done.stdout)
        return
    ran = 0
    written: dict[str, str] = {}
    for command, step in commands(workflow):
        if command.startswith("pip install"):
            assert command == install_line()  # auditor from its own repository, never `pip install .`
            continue
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            if action == "github/codeql-action/upload-sarif":
                assert ref == "v3" and step.get("if") == "always()"
                check_written("sarif", (repo / step["with"]["sarif_file"]).read_text(encoding="utf-8"))
                ran += 1
            elif action == REPOSITORY.removeprefix("https://github.com/"):
                assert ref == f"v{__version__}"
                runner = Runner(tmp_path / "action", {k: str(v) for k, v in step["with"].items()})
                runner.run()
                assert runner.outputs["check"]["exit-code"] == "1"
                check_written("github", runner.results["check"].stdout)
                check_written("markdown", runner.summaries["check"])
                ran += 1
            else:
                assert action in ("actions/checkout", "actions/setup-python")
            continue
        done = subprocess.run(["bash", "--noprofile", "--norc", "-o", "pipefail", "-c", command], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300)
        ran += 1
        if command.startswith("auditor check"):
            assert done.returncode == 1, done.stderr  # --fail-on error, and the seeds have errors
            for fmt, destination in formats_of(command):
                content = done.stdout if destination == "-" else (repo / destination).read_text(encoding="utf-8")
                check_written(fmt, content)
                written[destination] = content
        else:
            assert command == 'cat auditor.md >> "$GITHUB_STEP_SUMMARY"' and done.returncode == 0
            assert summary.read_text(encoding="utf-8") == written["auditor.md"]
    assert ran >= 1


def test_readme_check_commands_are_valid():
    """Every `auditor check` command in the README parses, and its formats are unambiguous."""
    lines = [line.split("#")[0].strip() for body in blocks(README, "sh") for line in body.splitlines()]
    checks = [line for line in lines if line.startswith("auditor check")]
    assert len(checks) >= 9
    for line in checks:
        formats_of(line)


def test_readme_action_inputs_match_action_yml():
    table = section("CI integration").split("| input | default | meaning |")[1].split("\n\n")[0]
    rows = [[cell.strip().strip("`") for cell in line.strip("|").split("|")] for line in table.strip().splitlines()[1:]]
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    assert [r[0] for r in rows] == list(action)
    for name, default, _meaning in rows:
        if name != "version":
            assert default == action[name]["default"], name


def test_readme_python_example_prints_what_it_shows(monkeypatch, capsys):
    api = section("Python API")
    code, shown = blocks(api, "python")[0], blocks(api, "text")[0]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 (the README's own example)
    printed = capsys.readouterr().out
    if os.environ.get("UPDATE_GOLDEN") and printed != shown:
        readme = ROOT / "README.md"
        readme.write_text(readme.read_text(encoding="utf-8").replace(f"```text\n{shown}```", f"```text\n{printed}```"),
                          encoding="utf-8")
        shown = printed
    assert printed == shown


EXAMPLES = [body for body in blocks(README, "") if body.startswith("$ auditor ")]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.splitlines()[0] for e in EXAMPLES])
def test_readme_terminal_examples_show_real_output(example, monkeypatch, capsys):
    """`$ auditor ...` blocks: each shown line is in the output, in order (`...` elides)."""
    command, *shown = example.rstrip("\n").splitlines()
    cwd = ROOT / "tests" / "fixtures" / "sources" if "drop.jsonl" in command else ROOT
    monkeypatch.chdir(cwd)
    argv = shlex.split(command)[2:]  # after "$ auditor"
    main([*argv, "-j", "1"] if argv[0] == "check" else argv)
    output = capsys.readouterr().out.splitlines()
    position = 0
    for line in shown:
        if line == "...":
            continue
        assert line in output[position:], f"{line!r} is not in the output of {command!r}"
        position = output.index(line, position) + 1
    if shown[-1] != "...":
        assert position == len(output), f"{command!r} prints more than the README shows"
