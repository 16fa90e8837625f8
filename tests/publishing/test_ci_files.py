"""The CI files are valid YAML, use the official Pages actions, and run the same commands as the README."""

from __future__ import annotations

import re

import yaml

from ..conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(lines: list[str]) -> list[str]:
    return [line.strip() for text in lines for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_github_workflow():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "portal.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # PyYAML reads the key `on` as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = commands([s["run"] for s in build["steps"] if "run" in s])
    assert runs == ["python3 -m pip install .", "npm ci --ignore-scripts --no-audit --no-fund",
                    "portal validate --format github", "portal build --strict"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site" and "refs/heads/main" in upload["if"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    for command in runs:
        assert command in README, command


def test_gitlab_ci():
    ci = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["GIT_DEPTH"] == "0"
    assert commands(ci["before_script"]) == ["python3 -m pip install ."]
    validate, pages = ci["validate"], ci["pages"]
    assert validate["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert commands(validate["script"]) == ["portal validate", "portal build --strict"]
    assert pages["rules"][0]["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
    assert commands(pages["script"])[-1] == "portal build --strict --out public"
    assert pages["artifacts"]["paths"] == ["public"]
    for command in commands(ci["before_script"] + validate["script"] + pages["script"]):
        assert command in README, command


def test_every_portal_command_in_ci_exists():
    """Each `portal …` command the CI files run is accepted by the command line parser."""
    from generator.cli import _parser

    text = (REPO / ".github" / "workflows" / "portal.yml").read_text(encoding="utf-8") + (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    found = sorted(set(re.findall(r"portal (?:validate|build)[^\n#]*", text)))
    assert len(found) >= 4
    for command in found:
        _parser().parse_args(command.split()[1:])
