"""The ``portal`` command line: ``new``, ``validate``, ``build``, ``serve``, ``schema``, ``aggregate``.

Thin: parse arguments, call the command, print problems. Editor errors and
build failures are printed without a traceback and exit with status 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .engines import DEFAULT_ENGINE, ENGINES, EngineUnavailable, use_engine
from .errors import PortalError, Problem, ProblemsFound, problems_to_json

FORMATS = ("text", "json", "github")
FORMAT_HELP = "text (mặc định), json (bản ghi máy đọc), github (chú thích trên GitHub Actions)"
ENGINE_HELP = "bộ dựng trang: mkdocs (mặc định) hoặc properdocs (bản MkDocs 1.6 tiếp tục được duy trì)"


def _print_problems(problems: list[Problem], output_format: str = "text", root: str = ".") -> None:
    if output_format == "json":
        print(problems_to_json(problems))
        return
    if output_format == "github":
        from pathlib import Path

        from .problem_formats import problems_to_github

        if problems:
            print(problems_to_github(problems, Path(root)))
        errors = sum(1 for p in problems if p.is_error)
        print(f"{errors} lỗi, {len(problems) - errors} cảnh báo.", file=sys.stderr)
        return
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    print(f"\n{errors} lỗi, {warnings} cảnh báo.", file=sys.stderr)


DOSSIERS_HELP = "hồ sơ (Parquet/CSV): thư mục, mẫu tên (glob) hoặc địa chỉ fsspec (s3://…); mặc định ROOT/dossiers/"


def _dossiers(args: argparse.Namespace) -> dict:
    """``dossiers=PATH`` only when ``--dossiers`` was given (default: ROOT/dossiers/)."""
    return {"dossiers": args.dossiers} if args.dossiers else {}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portal", description="Cổng công khai thủ tục hành chính: kiểm tra dữ liệu và dựng trang tĩnh."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="tạo một cổng mới, dựng được ngay")
    new.add_argument("directory")
    new.add_argument("--locale", default="vi", help="ngôn ngữ giao diện của trang: vi (mặc định) hoặc en")

    validate = commands.add_parser("validate", help="kiểm tra toàn bộ dữ liệu, báo mọi lỗi")
    validate.add_argument("root", nargs="?", default=".")
    validate.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    validate.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    validate.add_argument("--dossiers", metavar="PATH", help=DOSSIERS_HELP)

    build = commands.add_parser("build", help="kiểm tra rồi dựng trang tĩnh")
    build.add_argument("root", nargs="?", default=".")
    build.add_argument("--out", help="thư mục xuất (mặc định: ROOT/site)")
    build.add_argument("--strict", action="store_true", help="coi cảnh báo (kể cả của MkDocs) là lỗi")
    build.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    build.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=ENGINE_HELP)
    build.add_argument("--jobs", type=int, metavar="N",
                       help="số tiến trình dựng trang (mặc định: một mỗi lõi khi cổng có từ 400 trang; 1: một tiến trình)")
    build.add_argument("--dossiers", metavar="PATH", help=DOSSIERS_HELP)
    build.add_argument("--aggregates", metavar="DIR",
                       help="số liệu 'portal aggregate' đã tổng hợp (mặc định: ROOT/.portal-cache/dossier-aggregates nếu có)")

    schema = commands.add_parser("schema", help="sinh lại schemas/*.schema.json (gợi ý, kiểm tra trong trình soạn thảo)")
    schema.add_argument("root", nargs="?", default=".")
    schema.add_argument("--check", action="store_true", help="chỉ kiểm tra; lỗi nếu tệp đã cũ")

    aggregate = commands.add_parser("aggregate", help="tổng hợp hồ sơ trên cụm Dask (quy mô quốc gia), để 'build' dùng")
    aggregate.add_argument("root", nargs="?", default=".")
    aggregate.add_argument("--dossiers", metavar="URL_OR_PATH", help="thư mục, mẫu glob hoặc URL fsspec (s3://, gs://, hdfs://) của tập Parquet/CSV hồ sơ (mặc định: ROOT/dossiers)")
    where = aggregate.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:8786", help="bộ lập lịch Dask có sẵn (mặc định: một cụm trên máy này)")
    where.add_argument("--workers", type=int, metavar="N", help="số tiến trình làm việc của cụm trên máy này (mặc định: số lõi)")
    aggregate.add_argument("--out", help="thư mục số liệu tổng hợp (mặc định: ROOT/.portal-cache/dossier-aggregates)")
    aggregate.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    aggregate.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)

    serve = commands.add_parser("serve", help="xem trước, tự cập nhật khi dữ liệu thay đổi")
    serve.add_argument("root", nargs="?", default=".")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=ENGINE_HELP)
    serve.add_argument("--cms", action="store_true", help="kèm trang soạn thảo /quan-tri/ (Decap CMS qua decap-server)")
    serve.add_argument("--cms-port", type=int, default=8081, metavar="PORT", help="cổng của decap-server (mặc định 8081)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        use_engine(getattr(args, "engine", DEFAULT_ENGINE))  # before anything imports MkDocs
        if args.command == "new":
            from .commands.new import new_portal

            created = new_portal(args.directory, locale=args.locale)
            print(f"Đã tạo cổng mới tại {created}. Dựng thử: portal build {args.directory}")
        elif args.command == "validate":
            from .commands.validate import summary, validate

            portal = validate(args.root, strict=args.strict, **_dossiers(args))
            if args.format != "text":
                _print_problems(portal.warnings, output_format=args.format, root=args.root)
            else:
                if portal.warnings:
                    _print_problems(portal.warnings)
                print(summary(portal))
        elif args.command == "build":
            from .commands.build import build

            aggregates = {"aggregates": args.aggregates} if args.aggregates else {}
            report = build(args.root, args.out, strict=args.strict, jobs=args.jobs, **_dossiers(args), **aggregates)
            if report.problems or args.format != "text":
                _print_problems(report.problems, output_format=args.format, root=args.root)
            done = f"Đã dựng {report.pages} trang ({report.procedures} thủ tục) vào {report.output}"
            print(done, file=sys.stdout if args.format == "text" else sys.stderr)  # json/github: stdout is records only
        elif args.command == "aggregate":
            from .commands.aggregate import aggregate

            report = aggregate(args.root, args.dossiers, args.scheduler, args.workers, args.out, args.strict,
                               say=lambda text: print(text, file=sys.stderr), show_progress=sys.stderr.isatty())
            if report.warnings:
                _print_problems(report.warnings, output_format=args.format, root=args.root)
            print(f"Đã tổng hợp {report.dossiers:,} hồ sơ ({report.pieces} phần, số liệu đến {report.as_of}) vào {report.output}")
        elif args.command == "schema":
            from .schema_export import run as schema_run

            return schema_run(args.root, args.check)
        elif args.command == "serve":
            from .commands.serve import serve

            serve(args.root, args.dev_addr, cms_port=args.cms_port if args.cms else None)
    except ProblemsFound as exc:  # editors' errors and build failures alike: every problem, then exit 1
        _print_problems(exc.problems, output_format=getattr(args, "format", "text"), root=getattr(args, "root", "."))
        return 1
    except (PortalError, EngineUnavailable) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
