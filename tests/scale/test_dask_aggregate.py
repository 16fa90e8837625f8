"""``portal aggregate`` on a real ``distributed.LocalCluster`` (2 worker processes) against the single-process path.

The fixture: a small synthetic portal (with a ``calendar.yaml`` swap) and a hive-partitioned Parquet dataset of
6,000 dossiers over 4 months, 2 files a month (8 pieces; the files rewritten with errors have several row groups each). The single-process path
reads each file whole; the cluster reads one row group per task — the results must not differ by a byte.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from benchmarks.dossier_dataset import write_dossier_dataset
from benchmarks.synthetic import generate_portal
from generator.commands.aggregate import aggregate
from generator.dossiers.aggregate import DossierPartials, read_partials, write_partials
from generator.errors import InvalidInput
from generator.pipeline import compute
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator.render.site_files import render_site
from generator.scale import store

from .single_process import single_process

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # distributed's port and semaphore notices


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("national")
    root = generate_portal(base / "portal", 40, months=1, communes=3).root
    (root / "calendar.yaml").write_text("days_off: [2025-05-02]\nworking_days: [2025-04-26]\n", encoding="utf-8")
    dataset = base / "dossiers"
    write_dossier_dataset(dataset, root, 6000, months=4, chunk=3000, row_group=1000)
    return root, dataset


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as local, Client(local) as client:
        yield local, client


def _tables(partials: DossierPartials) -> dict[str, pd.DataFrame]:
    return {name: getattr(partials, name) for name in DossierPartials.TABLES}


def _assert_same_partials(folder: Path, expected: DossierPartials, tmp_path: Path) -> None:
    stored = read_partials(folder / store.PARTIALS_DIR)
    for name, frame in _tables(expected).items():
        pd.testing.assert_frame_equal(getattr(stored, name), frame, check_exact=True)
    write_partials(expected, tmp_path / "expected")
    for name in DossierPartials.TABLES:  # the stored files themselves, byte for byte
        assert (folder / store.PARTIALS_DIR / f"{name}.parquet").read_bytes() == \
            (tmp_path / "expected" / f"{name}.parquet").read_bytes()


def test_local_cluster_gives_the_single_process_aggregates(national, tmp_path):
    root, dataset = national
    said: list[str] = []
    report = aggregate(root, str(dataset), workers=2, say=said.append, dashboard_address=":0")
    expected, as_of, problems = single_process(root, str(dataset))
    assert problems == []
    assert report.dossiers == 6000 and report.pieces == 8
    assert report.as_of == as_of.isoformat()
    assert any("2 tiến trình làm việc; bảng theo dõi: http://" in line for line in said)
    assert report.output == root / ".portal-cache" / "dossier-aggregates"
    _assert_same_partials(report.output, expected, tmp_path)
    assert len(expected.months) and len(expected.histogram) and len(expected.overdue_now)  # a fixture that counts

    # what is published: every generated page and open-data file, from the stored counts (portal build's
    # default when the aggregates folder exists) and from the records read in one process (--dossiers)
    paths = PortalPaths.at(root)
    from_records = read_portal(paths, dossiers=str(dataset))
    from_store = read_portal(paths)
    assert from_store.dossiers.figures.as_of == from_records.dossiers.figures.as_of
    published = [render_site(portal, compute(portal)).docs for portal in (from_records, from_store)]
    assert published[0].keys() == published[1].keys()
    for name in ("du-lieu/qua-han-hien-tai.csv", "du-lieu/so-lieu-tong-hop.csv", "du-lieu/thong-ke-hang-thang.csv",
                 "thong-ke/qua-han-hien-tai.md"):
        assert name in published[0]
    assert b",dossiers" in _bytes(published[0]["du-lieu/thong-ke-hang-thang.csv"])  # rows computed from dossiers
    different = [name for name in published[0] if _bytes(published[0][name]) != _bytes(published[1][name])]
    assert different == []


def _bytes(content) -> bytes:
    return content if isinstance(content, bytes) else Path(content).read_bytes()


def _rewrite(path: Path, change, row_group: int = 250) -> None:
    table = pq.read_table(path)
    frame = table.to_pandas()
    change(frame)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=row_group)


def _bad_copy(dataset: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(dataset, target)
    first_id = pq.read_table(target / "year=2025" / "month=1" / "part-0-0.parquet").column("dossier_id")[4].as_py()

    def due_before_received(frame):  # row 301 of the file: the second row of its second row group
        frame.loc[300, "due_at"] = frame.loc[300, "received_at"] - pd.Timedelta(days=3)

    def unknown_channels(frame):  # 45 bad values over 2 row groups: 20 reported, "25 more" for the file
        frame["channel"] = frame["channel"].astype(str)
        frame.loc[list(range(0, 450, 10)), "channel"] = "fax"

    def duplicate(frame):
        frame.loc[41, "dossier_id"] = first_id

    _rewrite(target / "year=2025" / "month=2" / "part-0-0.parquet", due_before_received)
    _rewrite(target / "year=2025" / "month=3" / "part-0-0.parquet", unknown_channels)
    _rewrite(target / "year=2025" / "month=4" / "part-1-0.parquet", duplicate)
    return target


def test_bad_rows_are_reported_with_their_file_and_row(national, cluster, tmp_path):
    root, dataset = national
    _local, client = cluster
    bad = _bad_copy(dataset, tmp_path / "bad")
    out = tmp_path / "aggregates"
    with pytest.raises(InvalidInput) as raised:
        aggregate(root, str(bad), scheduler=client.scheduler.address, out=out, say=lambda _text: None)
    found = raised.value.problems
    _expected, _as_of, expected_problems = single_process(root, str(bad))
    assert found == InvalidInput(expected_problems).problems  # the same records as the single-process check

    name = lambda month, part: f"{bad.as_posix()}/year=2025/month={month}/part-{part}-0.parquet"  # noqa: E731
    due = [p for p in found if p.code == "dossier-due-before-received"]
    assert [(p.file, p.line, p.field) for p in due] == [(name(2, 0), 301, "due_at")]
    channel = [p for p in found if p.code == "dossier-unknown-channel"]
    assert [(p.file, p.line) for p in channel if p.line] == [(name(3, 0), row + 1) for row in range(0, 200, 10)]
    more = [p for p in channel if p.line == 0]
    assert len(more) == 1 and more[0].message.startswith("… và 25 hàng khác có cùng lỗi [dossier-unknown-channel]")
    duplicates = [p for p in found if p.code == "dossier-duplicate-id"]
    assert [(p.file, p.line) for p in duplicates] == [(name(4, 1), 42)]
    assert "hàng 5 của tệp " + name(1, 0) in duplicates[0].message
    assert not out.exists()  # nothing written


def test_a_failed_or_interrupted_run_leaves_the_previous_aggregates(national, cluster, tmp_path, monkeypatch):
    root, dataset = national
    _local, client = cluster
    out = tmp_path / "aggregates"
    aggregate(root, str(dataset), scheduler=client.scheduler.address, out=out, say=lambda _text: None)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert (out / store.META_FILE).is_file() and (out / store.PARTIALS_DIR / "months.parquet").is_file()

    with pytest.raises(InvalidInput):  # wrong records: nothing is replaced
        aggregate(root, str(_bad_copy(dataset, tmp_path / "bad")), scheduler=client.scheduler.address, out=out,
                  say=lambda _text: None)

    def interrupted(folder, meta):  # the partials are written, then the run is interrupted
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "write_meta", interrupted)
    with pytest.raises(KeyboardInterrupt):
        aggregate(root, str(dataset), scheduler=client.scheduler.address, out=out, say=lambda _text: None)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".aggregates")] == []  # no half-written folder


def test_a_worker_killed_mid_run_does_not_change_the_result(national, cluster, tmp_path):
    root, dataset = national
    _local, client = cluster
    expected, _as_of, _problems = single_process(root, str(dataset))
    pids = client.run(os.getpid)  # worker address → process id, all started by this test's cluster
    killed: list[tuple[str, int, str]] = []

    def kill_one_busy_worker() -> None:
        deadline = time.monotonic() + 120
        while not killed and time.monotonic() < deadline:
            for address, keys in client.processing().items():
                busy = [str(key) for key in keys if "partials_of_piece" in str(key)]
                if busy and address in pids:
                    os.kill(pids[address], signal.SIGKILL)
                    killed.append((address, pids[address], busy[0]))
                    return
            time.sleep(0.005)

    watcher = threading.Thread(target=kill_one_busy_worker, daemon=True)
    watcher.start()
    report = aggregate(root, str(dataset), scheduler=client.scheduler.address, out=tmp_path / "aggregates",
                       say=lambda _text: None)
    watcher.join(5)
    assert killed, "no worker was killed while it aggregated a piece"
    assert killed[0][1] not in client.run(os.getpid).values()  # that process is gone (its nanny started another)
    _assert_same_partials(report.output, expected, tmp_path)


def test_the_command_line_reports_problems_without_a_traceback(national, cluster, tmp_path, capsys):
    from generator.cli import main

    root, dataset = national
    _local, client = cluster
    bad = _bad_copy(dataset, tmp_path / "bad")
    code = main(["aggregate", str(root), "--dossiers", str(bad), "--scheduler", client.scheduler.address,
                 "--out", str(tmp_path / "aggregates"), "--format", "json"])
    printed = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in printed.err
    records = json.loads(printed.out)
    assert {"file": f"{bad.as_posix()}/year=2025/month=2/part-0-0.parquet", "line": 301,
            "code": "dossier-due-before-received"}.items() <= records[[r["code"] for r in records].index(
                "dossier-due-before-received")].items()
    assert "Cụm Dask: tcp://" in printed.err and not (tmp_path / "aggregates").exists()
