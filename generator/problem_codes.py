"""The registry of problem codes: every code the generator reports, with what it means.

A :class:`~generator.errors.Problem` carries one of these codes. They are a public interface
(CI annotations, ``--format json`` records, editors' search for help): a code is never renamed
or given another meaning, only added. ``tests/test_problem_codes.py`` checks that every code the
source can report is listed here and that ``docs/problem-codes.md`` is this table
(``python -m generator.problem_codes > docs/problem-codes.md`` writes it).
"""

from __future__ import annotations

# code → (stage, meaning). Stages: settings, filesystem, yaml, catalogue, content, statistics, dossiers, build.
PROBLEM_CODES: dict[str, tuple[str, str]] = {
    # --- settings (mkdocs.yml, extra.portal) ------------------------------------------------------
    "no-mkdocs-config": ("settings", "the portal root has no mkdocs.yml"),
    "mkdocs-config-unreadable": ("settings", "mkdocs.yml cannot be read as YAML"),
    "missing": ("settings", "a required setting (e.g. site_name) is missing"),
    "unknown-locale": ("settings", "extra.portal.locale names no strings file (shipped or in site_templates/strings/)"),
    "mkdocs-config-tag": ("settings", "mkdocs.yml uses a YAML tag that could run code (only !!python/name:, !ENV, !relative are allowed)"),
    "mkdocs-config-inherit": ("settings", "mkdocs.yml INHERIT points outside the portal"),
    "strings-unreadable": ("settings", "a UI strings file (site_templates/strings/<locale>.yaml) is not readable YAML"),
    "strings-missing-key": ("settings", "a UI strings override lacks keys of the shipped file"),
    "strings-unknown-placeholder": ("settings", "a UI string uses a {placeholder} the generator does not fill"),
    "strings-wrong-type": ("settings", "a UI string is not text where text is expected"),
    "locale-language-mismatch": ("settings", "extra.portal.locale and Material's theme.language name different languages"),
    "cms-app-id-missing": ("settings", "extra.portal.cms names a GitLab backend without an OAuth application id"),
    # --- YAML files (generator/load/yaml_nodes.py) ------------------------------------------------
    "encoding": ("yaml", "a text file is not UTF-8"),
    "yaml-syntax": ("yaml", "the YAML cannot be parsed"),
    "yaml-many-documents": ("yaml", "a file holds more than one YAML document"),
    "yaml-tag": ("yaml", "a YAML tag (!!python/…, !custom) is used: tags are refused"),
    "yaml-alias": ("yaml", "a YAML anchor or alias (&x / *x) is used: aliases are refused"),
    "yaml-key": ("yaml", "a mapping key is not plain text"),
    "duplicate-key": ("yaml", "the same key appears twice in one mapping"),
    "not-a-mapping": ("yaml", "the file's top level is not a mapping of fields"),
    # --- files and folders (any input; generator/load/safe_files.py, generator/site/own_folders.py) ---------
    "file-name": ("filesystem", "a file or folder name the site cannot publish (control or invisible characters, backslash, …)"),
    "own-folder-link": ("filesystem", "the cache or output folder (or a folder in it) is a symbolic link"),
    "own-folder-foreign": ("filesystem", "the cache folder was not made by the generator, so it is never emptied"),
    "yaml-too-deep": ("yaml", "YAML nested deeper than the documented limit (50 levels)"),
    # --- the catalogue: procedures/ (contract section 1) -----------------------------------------
    "no-procedures-folder": ("catalogue", "the portal has no procedures/ folder"),
    "agency-folder-name": ("catalogue", "an agency folder name is not lowercase ASCII, digits and '-'"),
    "agency-file-missing": ("catalogue", "an agency folder has no agency.yaml"),
    "file-outside-agency": ("catalogue", "a YAML file lies directly in procedures/, outside any agency folder"),
    "link-outside": ("filesystem", "a file is a symbolic link that leads outside the portal"),
    "missing-field": ("catalogue", "a required field is missing"),
    "unknown-field": ("catalogue", "a field the contract does not know (often misspelt)"),
    "not-whole-number": ("catalogue", "a count or amount is not a whole number written in digits (e.g. 200.000)"),
    "not-a-number": ("catalogue", "a value is not a number written with digits and a '.' decimal point"),
    "negative-number": ("catalogue", "a number is below its allowed minimum"),
    "not-true-false": ("catalogue", "a yes/no field is not true or false"),
    "invalid-choice": ("catalogue", "a value is not one of the allowed choices"),
    "invalid-format": ("catalogue", "a text does not have the required form (code, URL, agency id)"),
    "empty-text": ("catalogue", "a text field is empty or not text"),
    "not-a-list": ("catalogue", "a field that takes a list has a single value"),
    "empty-list": ("catalogue", "a list that needs at least one item is empty"),
    "not-a-group": ("catalogue", "a field that takes a group of sub-fields has a single value"),
    "invalid-date": ("catalogue", "a date is not YYYY-MM-DD or does not exist"),
    "same-day-without-note": ("catalogue", "processing_time.days is 0 without a note saying so"),
    "online-url-missing": ("catalogue", "online level 3/4/partial/full without a url"),
    "invalid-value": ("catalogue", "a value the contract refuses for another reason"),
    "unknown-parent": ("catalogue", "an agency's parent is not an agency of the catalogue"),
    "duplicate-code": ("catalogue", "two procedures have the same code"),
    "invisible-character": ("catalogue", "invisible format characters (bidi controls, Unicode Cf) removed from a text (warning)"),
    "number-too-large": ("catalogue", "a number above its documented maximum (days, fees, counts)"),
    # --- editorial pages: content/ (contract section 3) ------------------------------------------
    "content-conflict": ("content", "an editor's page has the address of a generated section"),
    "content-file-type": ("content", "a file type content/ does not publish (HTML, JavaScript, CSS, unknown types)"),
    "content-shadows-asset": ("content", "a file in content/ has the path of a generator or theme asset"),
    "svg-unsafe": ("content", "an SVG in content/ holds script, event handlers, foreignObject or external references"),
    "content-front-matter": ("content", "a content page's front matter is not plain YAML text (tags, lists where text is expected, syntax)"),
    "content-front-matter-ignored": ("content", "a front matter key the generator does not use, ignored (warning)"),
    # --- monthly statistics: statistics/ (contract section 2) ------------------------------------
    "empty-file": ("statistics", "a statistics file is empty or has no header row"),
    "row-fields": ("statistics", "a CSV row has more or fewer cells than the header"),
    "csv-unreadable": ("statistics", "a CSV file cannot be parsed"),
    "xlsx-unreadable": ("statistics", "an Excel workbook cannot be read"),
    "unknown-column": ("statistics", "a column the contract does not know (often misspelt)"),
    "extra-column": ("statistics", "an extra column, ignored (warning)"),
    "duplicate-column": ("statistics", "the same column twice in a header"),
    "missing-column": ("statistics", "a required column is missing"),
    "missing-value": ("statistics", "a required count is empty"),
    "negative-count": ("statistics", "a count is negative"),
    "period-format": ("statistics", "a period is not a month YYYY-MM"),
    "unknown-agency": ("statistics", "an agency id that is not in procedures/"),
    "unknown-procedure": ("statistics", "a procedure code that is not in the catalogue"),
    "duplicate-row": ("statistics", "the same (period, agency, procedure) twice"),
    "identity": ("statistics", "received ≠ resolved + pending + withdrawn in a row"),
    "carried-over-mismatch": ("statistics", "carried_over differs from the previous month's pending (warning)"),
    "missing-month": ("statistics", "a month is missing between two reported months (warning)"),
    "file-too-large": ("statistics", "a statistics file (or an Excel sheet uncompressed) is larger than the documented cap"),
    "period-out-of-range": ("statistics", "a period before 2000-01 or after the month following the build date"),
    "dossier-missing-column": ("dossiers", "a required column of section 5 is missing"),
    "dossier-missing-value": ("dossiers", "a required value is empty"),
    "dossier-unknown-agency": ("dossiers", "the agency is not in procedures/"),
    "dossier-unknown-procedure": ("dossiers", "the procedure code is not in the catalogue"),
    "dossier-bad-datetime": ("dossiers", "a date-time is not ISO 8601, yyyyMMddHHmmss or a date"),
    "dossier-due-before-received": ("dossiers", "due_at is before received_at"),
    "dossier-finished-before-received": ("dossiers", "finished_at is before received_at"),
    "dossier-finished-without-outcome": ("dossiers", "finished_at is given without outcome"),
    "dossier-outcome-without-finished": ("dossiers", "outcome is given without finished_at"),
    "dossier-unknown-channel": ("dossiers", "a channel that is not online/direct/postal or 1/2/3"),
    "dossier-unknown-outcome": ("dossiers", "an outcome that is not resolved/withdrawn/refused or a TrangThaiHoSo code"),
    "dossier-bad-count": ("dossiers", "supplement_requests or supplement_days is negative or not a whole number"),
    "dossier-bad-flag": ("dossiers", "apology or paid_online is not true/false"),
    "dossier-unknown-rating": ("dossiers", "a rating that is not satisfied/neutral/dissatisfied"),
    "dossier-duplicate-id": ("dossiers", "the same dossier_id twice (the message names the other line, never the id)"),
    "dossier-not-utf8": ("dossiers", "a CSV export is not UTF-8"),
    "dossier-empty-file": ("dossiers", "a dossier file has no header"),
    "dossier-unreadable": ("dossiers", "a file that is not readable Parquet or CSV"),
    "dossier-source-not-found": ("dossiers", "--dossiers matched no file"),
    "dossier-personal-column": ("dossiers", "a column named as personal data: never loaded; drop it from the export (warning)"),
    "dossier-reported-differs": ("dossiers", "a committed monthly count differs from the one computed from dossiers (warning)"),
    "dossier-replaces-reported": ("dossiers", "a non-itemised monthly row left out: dossiers cover that month and agency (warning)"),
    "calendar-not-mapping": ("dossiers", "calendar.yaml is not a mapping"),
    "calendar-unknown-key": ("dossiers", "calendar.yaml has a key other than days_off / working_days"),
    "calendar-not-list": ("dossiers", "a calendar.yaml entry is not a list"),
    "calendar-bad-date": ("dossiers", "a calendar.yaml date is not YYYY-MM-DD"),
    "calendar-conflict": ("dossiers", "a day is listed both as off and as worked"),
    "dossier-aggregates-stale": ("dossiers", "the stored aggregates of portal aggregate were made from another catalogue, limits, fees, calendar or dossiers/"),
    # --- build (valid input, but the site cannot be built as asked) -------------------------------
    "output-folder-unsafe": ("build", "the output folder would replace the portal or its inputs, or holds other files"),
    "staging-path-outside": ("build", "a file name that would be written outside the staging folder"),
    "duplicate-page-address": ("build", "two generated pages at one address"),
    "template-error": ("build", "a page template (shipped or overridden) fails to render"),
    "mkdocs-failed": ("build", "MkDocs refused to build the staged site"),
    "build-worker-failed": ("build", "a worker process of the build's pass over the built pages ended before it finished (its last words are in the message)"),
    "mkdocs-warning": ("build", "a warning from MkDocs (an error with --strict)"),
    "content-not-sanitised": ("build", "an editor's page was built without the markers its HTML is sanitised between (theme override or engine dropped them)"),
    "broken-link": ("build", "a built page links to a page or file that does not exist (an error with --strict)"),
    "broken-anchor": ("build", "a built page links to a #section that does not exist (an error with --strict)"),
    "cms-bundle-missing": ("build", "node_modules has no Decap CMS bundle: /quan-tri/ is not published (warning)"),
    "cms-server-missing": ("build", "portal serve --cms: node_modules has no decap-server"),
    "cms-node-missing": ("build", "portal serve --cms: Node.js is not installed"),
    "cms-server-failed": ("build", "portal serve --cms: decap-server did not start on its port"),
}


def stage_of(code: str) -> str:
    return PROBLEM_CODES[code][0]


def markdown_table() -> str:
    """``docs/problem-codes.md``: the registry as a table, grouped by stage."""
    lines = [
        "# Problem codes",
        "",
        "Every problem the generator reports carries one of these stable codes (`portal validate`/`portal build`",
        "with `--format json` or `github`). Written from `generator/problem_codes.py`:",
        "`python -m generator.problem_codes > docs/problem-codes.md`.",
        "",
        "| code | stage | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{code}` | {stage} | {meaning} |" for code, (stage, meaning) in PROBLEM_CODES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(markdown_table(), end="")
