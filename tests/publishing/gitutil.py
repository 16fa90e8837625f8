"""A portal that is a git repository, with commits at fixed dates (for history, feed and reproducibility tests)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(root: Path, *args: str, date: str = "2026-01-01T09:00:00+07:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Biên tập viên", "GIT_AUTHOR_EMAIL": "bientap@example.vn",
        "GIT_COMMITTER_NAME": "Biên tập viên", "GIT_COMMITTER_EMAIL": "bientap@example.vn",
        "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
    }
    result = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def init_repo(root: Path, date: str = "2026-01-01T09:00:00+07:00") -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Khởi tạo cổng", date=date)


def commit_all(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
