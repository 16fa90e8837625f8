"""The portal's UI language: ``extra.portal.locale`` must name a strings file (shipped or the
portal's own ``site_templates/strings/<locale>.yaml``) that is readable YAML, has every key
of the shipped file and no placeholder the generator does not fill; and Material's
``theme.language`` must be the same language, or the page's ``lang`` would not match its text.
Problems, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from ..errors import Problem
from ..paths import SHIPPED_TEMPLATES, PortalPaths

REFERENCE_LOCALE = "vi"
SHOWN_KEYS = 8
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def shipped_locales() -> list[str]:
    return sorted(p.stem for p in (SHIPPED_TEMPLATES / "strings").glob("*.yaml"))


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _read(path: Path, rel: str) -> tuple[dict | None, list[Problem]]:
    hint = "Sửa cú pháp YAML của tệp (thụt lề bằng dấu cách, đặt giá trị có dấu ':' trong ngoặc kép)."
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(rel, 0, 0, "strings-unreadable", "Tệp chuỗi giao diện không phải UTF-8.",
                              hint="Lưu lại tệp với bảng mã UTF-8.")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(rel, line, column, "strings-unreadable", f"Không đọc được tệp chuỗi giao diện: {what}.", hint=hint)]
    if not isinstance(data, dict):
        return None, [Problem(rel, 0, 0, "strings-unreadable", "Tệp chuỗi giao diện phải là một bảng khoá: giá trị.", hint=hint)]
    return data, []


def check_ui_strings(paths: PortalPaths, locale: str, theme_language: str) -> list[Problem]:
    """The locale is a shipped or overridden language tag, and its strings file (with any override) is valid
    YAML holding every key of the shipped file with the same placeholders: problems otherwise."""
    config = paths.relative(paths.mkdocs_config)
    own = paths.template_overrides / "strings" / f"{locale}.yaml"
    shipped = SHIPPED_TEMPLATES / "strings" / f"{locale}.yaml"
    available = sorted(set(shipped_locales()) | {p.stem for p in (paths.template_overrides / "strings").glob("*.yaml")})
    if "/" in locale or "\\" in locale or locale.startswith(".") or not (own.is_file() or shipped.is_file()):
        return [Problem(config, 0, 0, "unknown-locale",
                        f"Không có chuỗi giao diện cho ngôn ngữ '{locale}' (extra.portal.locale).",
                        field="extra.portal.locale",
                        hint=f"Dùng một ngôn ngữ có sẵn ({', '.join(available)}), hoặc chép site_templates/strings/vi.yaml "
                             f"của trình tạo thành site_templates/strings/{locale}.yaml trong cổng rồi dịch.")]
    problems: list[Problem] = []
    try:
        Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        problems.append(Problem(config, 0, 0, "unknown-locale",
                                f"'{locale}' (extra.portal.locale) không phải mã ngôn ngữ mà Babel biết để viết số và ngày tháng.",
                                field="extra.portal.locale", hint="Dùng mã ngôn ngữ ISO 639, ví dụ vi hoặc en."))
    language = theme_language or "en"  # Material's default
    if language.split("-")[0].split("_")[0] != locale.split("-")[0].split("_")[0]:
        problems.append(Problem(config, 0, 0, "locale-language-mismatch",
                                f"Ngôn ngữ giao diện của cổng (extra.portal.locale: {locale}) khác ngôn ngữ của theme "
                                f"(theme.language: {theme_language or 'không đặt, tức en'}).",
                                field="theme.language", hint=f"Đặt 'language: {locale}' trong mục theme của mkdocs.yml."))
    if own.is_file():
        rel = paths.relative(own)
        data, read_problems = _read(own, rel)
        problems += read_problems
        if data is not None:
            reference, _ = _read(shipped if shipped.is_file() else SHIPPED_TEMPLATES / "strings" / f"{REFERENCE_LOCALE}.yaml", rel)
            problems += _compare(_flat(data), _flat(reference or {}), rel)
    return problems


def _compare(own: dict[str, Any], reference: dict[str, Any], rel: str) -> list[Problem]:
    problems = []
    missing = [key for key in reference if key not in own]
    if missing:
        shown = ", ".join(missing[:SHOWN_KEYS]) + (f" … (và {len(missing) - SHOWN_KEYS} khoá khác)" if len(missing) > SHOWN_KEYS else "")
        problems.append(Problem(rel, 0, 0, "strings-missing-key", f"Thiếu {len(missing)} chuỗi giao diện: {shown}.",
                                field=missing[0],
                                hint="Chép các khoá này từ site_templates/strings/vi.yaml của trình tạo vào tệp rồi dịch giá trị."))
    for key, value in own.items():
        if key in reference and isinstance(value, str) and isinstance(reference[key], str):
            unknown = set(_PLACEHOLDER.findall(value)) - set(_PLACEHOLDER.findall(reference[key]))
            if unknown:
                problems.append(Problem(rel, 0, 0, "strings-unknown-placeholder",
                                        f"Chuỗi '{key}' có chỗ điền {', '.join('{' + u + '}' for u in sorted(unknown))} mà trình tạo không biết.",
                                        field=key, hint=f"Chỉ dùng các chỗ điền của bản gốc: {reference[key]!r}."))
        elif key in reference and type(value) is not type(reference[key]):
            kind = "một danh sách" if isinstance(reference[key], list) else "văn bản"
            problems.append(Problem(rel, 0, 0, "strings-wrong-type", f"Chuỗi '{key}' phải là {kind}.", field=key,
                                    hint="Đặt giá trị trong ngoặc kép; xem cùng khoá trong site_templates/strings/vi.yaml của trình tạo."))
    return problems
