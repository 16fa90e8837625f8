"""In-process cost of one save in the preview: ``python -m benchmarks.restage_cpu ROOT [result|name] [--profile]``.

Restages ROOT (``generator.preview.restage``) and runs one MkDocs dirty build with the dev server's
``LighterRebuilds`` (and, as it does after the first build, ``keep_out_of_collections``), then edits one
procedure file 4 times and prints the wall and CPU seconds of the restage and of the rebuild after each edit (CPU time is the better figure on a shared machine). With
``--profile``, the last restage + rebuild runs under cProfile and the top entries are printed. The file
is restored afterwards.
"""

from __future__ import annotations

import cProfile
import io
import json
import logging
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.paths import PortalPaths
    from generator.preview.dev_server import LighterRebuilds, keep_out_of_collections
    from generator.preview.restage import Preview, restage

    root = Path(argv[0])
    kind = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else "result"
    logging.disable(logging.WARNING)
    paths, preview, lighter = PortalPaths.at(root), Preview(), LighterRebuilds()
    site_dir = tempfile.mkdtemp(prefix="restage-cpu-")
    built: list[int] = []

    def rebuild() -> None:
        config = load_config(config_file=str(paths.staged_mkdocs_config), site_dir=site_dir)
        full = not built
        lighter.apply(config, full=full)
        built.append(1)
        mkdocs_build(config, dirty=True)
        if full:  # as the dev server's builder does
            keep_out_of_collections()

    restage(paths, preview)
    rebuild()
    files = sorted((root / "procedures").glob("so-*/tt-*.yaml"))
    file = files[len(files) // 2]
    original = file.read_bytes()
    rows, profile = [], None
    try:
        for attempt in range(4):
            text = original.decode("utf-8")
            if kind == "result":
                text = re.sub(r"^result: .*$", f'result: "Sửa {attempt}"', text, count=1, flags=re.M)
            else:
                text = re.sub(r'^name: "(.*)"$', lambda m: f'name: "{m.group(1)} đổi {attempt}"', text, count=1, flags=re.M)
            file.write_text(text, encoding="utf-8")
            if "--profile" in argv and attempt == 3:
                profile = cProfile.Profile()
                profile.enable()
            w0, c0 = time.perf_counter(), time.process_time()
            restage(paths, preview)
            w1, c1 = time.perf_counter(), time.process_time()
            rebuild()
            w2, c2 = time.perf_counter(), time.process_time()
            if profile is not None:
                profile.disable()
            rows.append({"restage_wall": round(w1 - w0, 3), "restage_cpu": round(c1 - c0, 3),
                         "rebuild_wall": round(w2 - w1, 3), "rebuild_cpu": round(c2 - c1, 3),
                         "pages_rendered": preview.memo.pages.rendered})
    finally:
        file.write_bytes(original)
    print(json.dumps({"file": file.relative_to(root).as_posix(), "edit": kind, "runs": rows}, ensure_ascii=False))
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
