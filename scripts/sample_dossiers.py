"""Write the sample portal's synthetic dossier export: ``dossiers/minh-hoa-2025-11-den-2026-10.parquet``.

ILLUSTRATIVE DATA: no real person or dossier. 12 months (November 2025 – October 2026) of the commune procedures
at the commune of Bình An (which sends no monthly report) and one procedure each of the Department of Justice and
the Department of Health that have no reported monthly rows: the sample's reported rows and its dossiers never
describe the same agency, procedure and month (the reconciliation of both is shown by a test fixture).
Seeded: running it again writes the same file. ``python scripts/sample_dossiers.py [ROOT]``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_dossiers import Line, synthetic_dossiers  # noqa: E402

FILE = "minh-hoa-2025-11-den-2026-10.parquet"
TOTAL = 20_000
# agency, procedure, dossiers a year (relative), from the sample catalogue
VOLUMES = [
    ("ubnd-xa-binh-an", "2.000908", 6000), ("ubnd-xa-binh-an", "2.000884", 1500), ("ubnd-xa-binh-an", "1.000894", 150),
    ("ubnd-xa-binh-an", "1.001193", 600), ("ubnd-xa-binh-an", "1.000656", 200), ("ubnd-xa-binh-an", "1.001022", 30),
    ("ubnd-xa-binh-an", "1.012632", 500), ("ubnd-xa-binh-an", "1.004873", 800),
    ("ubnd-xa-binh-an", "2.000635", 900),
    ("ubnd-xa-binh-an", "1.000506", 60), ("ubnd-xa-binh-an", "1.004837", 6), ("ubnd-xa-binh-an", "1.004859", 50),
    ("ubnd-xa-binh-an", "1.001731", 40), ("ubnd-xa-binh-an", "1.003554", 25), ("ubnd-xa-binh-an", "1.001776", 120),
    ("so-tu-phap", "1.001665", 80), ("so-y-te", "1.012280", 150),
]


def main(root: Path) -> Path:
    from generator.load.catalogue_files import read_catalogue
    from generator.paths import PortalPaths
    from generator.validate.catalogue import validate_catalogue

    catalogue, _ = validate_catalogue(read_catalogue(PortalPaths.at(root))[0])
    by_code = catalogue.by_code
    lines = [Line(agency, code, float(by_code[code].processing_time.days),
                  by_code[code].processing_time.unit == "calendar_days", not by_code[code].is_free, weight)
             for agency, code, weight in VOLUMES]
    table = synthetic_dossiers(lines, TOTAL, dt.date(2025, 11, 1), 12, seed=766, id_prefix="MINHHOA",
                               days_off=[dt.date(2025, 5, 2)], working_days=[dt.date(2025, 4, 26)])
    table = table.replace_schema_metadata({"description": "Dữ liệu minh hoạ (tổng hợp ngẫu nhiên), không phải hồ sơ thật."})
    target = root / "dossiers" / FILE
    target.parent.mkdir(exist_ok=True)
    pq.write_table(table, target, compression="zstd")
    return target


if __name__ == "__main__":
    written = main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    print(f"{written} ({written.stat().st_size / 1e6:.1f} MB)")
