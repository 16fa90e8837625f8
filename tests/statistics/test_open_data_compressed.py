"""Tables over GZIP_ROWS rows are published as one .csv.gz (no JSON copy): the same text, reproducible, valid Frictionless."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from generator.paths import PortalPaths
from generator.pipeline import compute
from generator.portal import read_portal
from generator.render import open_data
from generator.render.statistics_pages import monthly_file

from .conftest import fixture_rows


def _files(root: Path) -> tuple[dict[str, bytes], object]:
    portal = read_portal(PortalPaths.at(root))
    computed = compute(portal)
    return open_data.open_data_files(computed.open_data, "x"), computed


def test_big_tables_are_gzip_files_that_validate(stats_portal: Path, tmp_path: Path, monkeypatch):
    import frictionless

    plain, _ = _files(stats_portal)
    monkeypatch.setattr(open_data, "GZIP_ROWS", 100)  # the fixture: 25 monthly rows, 133 figures rows
    files, computed = _files(stats_portal)
    assert sorted(p for p in files if p.endswith(".gz")) == ["du-lieu/so-lieu-tong-hop.csv.gz"]
    assert not {p for p in files if p.startswith("du-lieu/so-lieu-tong-hop")} - {"du-lieu/so-lieu-tong-hop.csv.gz"}
    assert {"du-lieu/thong-ke-hang-thang.csv", "du-lieu/thong-ke-hang-thang.json"} <= set(files)
    data = files["du-lieu/so-lieu-tong-hop.csv.gz"]
    assert data[:4] == b"\x1f\x8b\x08\x00" and data[4:8] == b"\x00\x00\x00\x00"  # gzip, no name, time 0
    assert gzip.decompress(data) == plain["du-lieu/so-lieu-tong-hop.csv"]
    assert files == _files(stats_portal)[0]  # byte-identical again
    package = json.loads(files["du-lieu/datapackage.json"])
    entries = {r["name"]: r for r in package["resources"]}
    assert entries["so-lieu-tong-hop-csv"]["path"] == "so-lieu-tong-hop.csv.gz"
    assert entries["so-lieu-tong-hop-csv"]["compression"] == "gz" and "compression" not in entries["thong-ke-hang-thang-csv"]
    assert not {"so-lieu-tong-hop-json", "so-lieu-tong-hop-xlsx"} & set(entries)
    assert entries["thong-ke-hang-thang-json"]["path"] == "thong-ke-hang-thang.json"
    for path, data in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    report = frictionless.validate(str(tmp_path / "du-lieu" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    page = open_data.plan_open_data_page(computed.statistics, read_portal(PortalPaths.at(stats_portal)).catalogue)
    listed = {name: files_ for name, _title, _rows, files_ in page.context["resources"]}
    assert listed["so-lieu-tong-hop"] == ["so-lieu-tong-hop.csv.gz"]
    assert listed["thong-ke-hang-thang"] == ["thong-ke-hang-thang.csv", "thong-ke-hang-thang.xlsx", "thong-ke-hang-thang.json"]
    monkeypatch.setattr(open_data, "GZIP_ROWS", 10)
    assert monthly_file(computed.statistics) == "thong-ke-hang-thang.csv.gz"  # the overdue page links the real file


def test_monthly_rows_are_the_committed_rows(stats_portal: Path):
    """The writers without pandas: every committed row, values as in the CSV files (read with csv)."""
    files, _ = _files(stats_portal)
    written = list(csv.DictReader(io.StringIO(files["du-lieu/thong-ke-hang-thang.csv"].decode("utf-8-sig"))))
    expected = fixture_rows()
    key = lambda r: (r["period"], r["agency"], r["procedure"] or "-")
    assert sorted(map(key, written)) == sorted(map(key, expected))
    by_key = {key(r): r for r in written}
    for row in expected:
        out = by_key[key(row)]
        for column in ("carried_over", "resolved_late", "pending_overdue"):
            assert int(out[column]) == int(row[column])
        assert (float(out["avg_processing_days"]) if out["avg_processing_days"] else None) == \
            (round(float(row["avg_processing_days"].replace(",", ".")), 2) if row.get("avg_processing_days") else None)
        assert out["source"] == "reported"
