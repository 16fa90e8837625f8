"""A second interface language (issue 13, item 11): a complete English strings file,
``portal new --locale en``, and clear problems for a bad ``extra.portal.locale`` or a
broken strings override (never a traceback)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.commands.new import new_portal
from generator.errors import InvalidInput
from generator.paths import PortalPaths
from generator.portal import read_portal

STRINGS = Path(__file__).resolve().parent.parent / "site_templates" / "strings"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _flat(data: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in data.items():
        out.update(_flat(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}": value})
    return out


def _load(name: str) -> dict:
    return _flat(yaml.safe_load((STRINGS / f"{name}.yaml").read_text(encoding="utf-8")))


def test_english_strings_are_complete_and_fill_the_same_placeholders():
    vi, en = _load("vi"), _load("en")
    assert sorted(en) == sorted(vi)
    for key, text in vi.items():
        assert type(en[key]) is type(text), key
        if isinstance(text, str):
            assert sorted(PLACEHOLDER.findall(en[key])) == sorted(PLACEHOLDER.findall(text)), key
    assert en["theme.language"] == "en" and en["sections.procedures"] == "Administrative procedures"


def _set(portal: Path, old: str, new: str) -> None:
    config = portal / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(portal: Path) -> list:
    with pytest.raises(InvalidInput) as caught:
        read_portal(PortalPaths.at(portal))
    return caught.value.problems


def test_an_unknown_locale_is_a_problem_naming_the_setting(starter_portal: Path):
    _set(starter_portal, "locale: vi", "locale: fr")
    [problem] = _problems(starter_portal)
    assert (problem.file, problem.code, problem.field) == ("mkdocs.yml", "unknown-locale", "extra.portal.locale")
    assert problem.message == "Không có chuỗi giao diện cho ngôn ngữ 'fr' (extra.portal.locale)."
    assert problem.hint.startswith("Dùng một ngôn ngữ có sẵn (en, vi)")


def test_a_locale_that_names_a_path_is_refused(starter_portal: Path):
    _set(starter_portal, "locale: vi", "locale: ../../strings/vi")
    assert [p.code for p in _problems(starter_portal)] == ["unknown-locale"]


def test_the_theme_language_must_match_the_locale(starter_portal: Path):
    _set(starter_portal, "locale: vi", "locale: en")
    [problem] = _problems(starter_portal)
    assert (problem.code, problem.field) == ("locale-language-mismatch", "theme.language")
    assert problem.message == ("Ngôn ngữ giao diện của cổng (extra.portal.locale: en) khác ngôn ngữ của theme "
                               "(theme.language: vi).")


def test_a_strings_override_with_a_yaml_error_is_a_problem(starter_portal: Path):
    own = starter_portal / "site_templates" / "strings"
    own.mkdir(parents=True)
    (own / "vi.yaml").write_text("site:\n  updated: Cập nhật\n   bad: [\n", encoding="utf-8")
    [problem] = _problems(starter_portal)
    assert (problem.file, problem.code) == ("site_templates/strings/vi.yaml", "strings-unreadable")
    assert problem.line == 3 and problem.message.startswith("Không đọc được tệp chuỗi giao diện:")


def test_a_strings_override_missing_keys_is_a_problem_listing_them(starter_portal: Path):
    own = starter_portal / "site_templates" / "strings"
    own.mkdir(parents=True)
    data = yaml.safe_load((STRINGS / "vi.yaml").read_text(encoding="utf-8"))
    del data["home"]["search_prompt"], data["footer"]
    data["money"]["amount"] = "{amount} đồng {currency}"
    (own / "vi.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = {p.code: p for p in _problems(starter_portal)}
    assert set(problems) == {"strings-missing-key", "strings-unknown-placeholder"}
    missing = problems["strings-missing-key"]
    assert missing.message == ("Thiếu 5 chuỗi giao diện: home.search_prompt, footer.published_by, footer.address, "
                               "footer.phone, footer.email.")
    assert problems["strings-unknown-placeholder"].field == "money.amount"


def test_portal_new_with_locale_en_sets_the_three_settings(tmp_path: Path):
    portal = new_portal(tmp_path / "en", locale="en")
    config = (portal / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  language: en$", config, re.M)
    assert re.search(r"^    locale: en$", config, re.M)
    assert read_portal(PortalPaths.at(portal)).settings.portal.locale == "en"


def test_the_english_build_shows_no_vietnamese_interface_text(built_english: Path):
    vi, en = _load("vi"), _load("en")
    # every Vietnamese interface text long enough to be unambiguous, with its placeholders as the only gaps
    texts = [t for key, t in vi.items() if isinstance(t, str) and t != en[key] and not key.startswith("formats.")]
    fragments = {part.strip() for t in texts for part in PLACEHOLDER.split(t) if len(part.strip()) >= 12}
    inputs = "\n".join(f.read_text(encoding="utf-8") for f in built_english.parent.rglob("*")
                       if f.is_file() and f.suffix in (".yml", ".yaml", ".md") and "site" not in f.relative_to(built_english.parent).parts[:1])
    fragments = {f for f in fragments if f not in inputs}  # the editors' own data may say the same words
    assert len(fragments) > 150
    pages = sorted(built_english.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = sorted(f for f in fragments if f in text)
        assert not found, f"{page.relative_to(built_english)}: {found[:5]}"
    home = (built_english / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home and "Back to top" in home and "Find procedures, agencies, guides" in home
    assert "Administrative procedures" in home
