"""CPU seconds of each stage of one save in the preview, without a profiler's overhead:
``python -m benchmarks.restage_phases ROOT [result|name] [EDITS] [--gcfreeze] [--gclog]``.

Like :mod:`benchmarks.restage_cpu` (restage, then MkDocs' dirty build with ``LighterRebuilds``), with the
pipeline's and MkDocs' stage functions wrapped to add up their ``time.process_time()``; one JSON line per
edit. ``--gcfreeze``: ``gc.freeze()`` after the first build, as the dev server does; ``--gclog``: print
each full collection of the garbage collector. The edited file is restored afterwards.
"""
if __name__ != "__main__":
    raise ImportError("a script: python -m benchmarks.restage_phases ROOT [result|name]")

import sys, time, re, tempfile, logging, collections, json
from pathlib import Path
logging.disable(logging.WARNING)
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
import mkdocs.commands.build as mb
from generator.paths import PortalPaths
from generator.preview.dev_server import LighterRebuilds
from generator.preview.restage import Preview, restage
import generator.pipeline as pl, generator.render.site_files as sf, generator.preview.restage as rs
import generator.preview.page_memo as pm

T = collections.defaultdict(float)
def wrap(mod, name, label=None):
    f = getattr(mod, name); label = label or name
    def w(*a, **k):
        c = time.process_time()
        try: return f(*a, **k)
        finally: T[label] += time.process_time() - c
    setattr(mod, name, w)
wrap(pl, 'read_portal'); wrap(pl, 'compute'); wrap(pl,'catalogue_changes'); wrap(pl,'build_epoch'); wrap(pl,'catalogue_tables'); wrap(pl,'portal_figures'); wrap(pl, 'render_site')
wrap(sf, 'plan_pages'); wrap(sf,'plan_catalogue_pages'); wrap(sf,'plan_statistics_pages'); wrap(sf,'plan_dossier_pages'); wrap(sf,'plan_open_data_page'); wrap(sf,'plan_change_pages'); wrap(sf,'plan_old_name_redirects'); wrap(sf,'duplicate_paths'); wrap(sf,'serialise'); wrap(sf,'render_page'); wrap(sf, 'open_data_files'); wrap(sf, 'build_search_index'); wrap(sf, 'page_environment'); wrap(sf,'build_nav'); wrap(sf,'theme_partials')
wrap(pm.PageMemo, 'render', 'pagememo.render')
wrap(rs, 'stage'); wrap(rs, 'theme_files'); wrap(rs, '_touch_all_if_layout_changed'); wrap(rs, 'staged_config')
wrap(mb, 'get_files'); wrap(mb, '_build_page'); wrap(mb, '_populate_page'); wrap(mb,'get_navigation')
wrap(sys.modules[__name__], 'load_config')
root = Path(sys.argv[1]); kind = sys.argv[2]
paths, preview, lighter = PortalPaths.at(root), Preview(), LighterRebuilds()
site_dir = tempfile.mkdtemp(prefix="phases-")
built = []
def rebuild():
    config = load_config(config_file=str(paths.staged_mkdocs_config), site_dir=site_dir)
    lighter.apply(config, full=not built); built.append(1)
    mkdocs_build(config, dirty=True)
restage(paths, preview); rebuild()
import gc
if "--gcfreeze" in sys.argv: gc.freeze()
if "--gclog" in sys.argv: gc.callbacks.append(lambda ph, info: ph=="stop" and info["generation"]==2 and print("gen2", info))
files = sorted((root / "procedures").glob("so-*/tt-*.yaml")); file = files[len(files) // 2]
original = file.read_bytes()
try:
  for attempt in range(int(sys.argv[3]) if len(sys.argv) > 3 else 4):
    T.clear()
    text = original.decode()
    if kind == "result":
        text = re.sub(r"^result: .*$", f'result: "Sửa {attempt}"', text, count=1, flags=re.M)
    else:
        text = re.sub(r'^name: "(.*)"$', lambda m: f'name: "{m.group(1)} đổi {attempt}"', text, count=1, flags=re.M)
    file.write_text(text, encoding="utf-8")
    c0 = time.process_time(); restage(paths, preview); c1 = time.process_time(); rebuild(); c2 = time.process_time()
    print(json.dumps({"restage": round(c1-c0,3), "rebuild": round(c2-c1,3), "rendered": preview.memo.pages.rendered, **{k: round(v,3) for k,v in sorted(T.items(), key=lambda kv:-kv[1])}}))
finally:
    file.write_bytes(original)
