"""Benchmark: how long the pool import takes to refuse a hostile 1,000,000-cell XLSX, before and after.

    .venv/bin/python -m bench.import_caps [--runs 3]

Builds two XLSX files of 1,000,000 cells each in memory (under the 2 MB upload limit: the cells compress
well and the optional cell references are left out, as a hostile file would):
"wide" (1,000 rows x 1,000 columns) and "long" (62,500 rows x 16 columns, under the column cap). Then it
times, in the same run:
- before: the reader of main at 670129b (`load_workbook(read_only=True)`, every row into a list, the
  caps checked afterwards), loaded from git;
- after: `ervaringswerk.pool.importing.read_table`, which streams and stops at the first cap;
- baseline: `zipfile` listing the file, a cost every XLSX read pays.
Reports the median per variant and the ratio before/after. Results go to bench/results/import-caps-*.json.
Nothing touches a database.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
BEFORE_COMMIT = "670129b"


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def build_xlsx(rows: int, columns: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["x"])
    small = io.BytesIO()
    workbook.save(small)
    letters = [_column(c) for c in range(columns)]
    parts = []
    for r in range(1, rows + 1):
        cells = "<c><v>1</v></c>" * columns  # the cell reference is optional in the format
        parts.append(f'<row r="{r}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{letters[-1]}{rows}"/><sheetData>{"".join(parts)}</sheetData></worksheet>'
    ).encode()
    source, out = zipfile.ZipFile(small), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            target.writestr(info.filename, data)
    return out.getvalue()


def _old_reader():
    command = ["git", "show", f"{BEFORE_COMMIT}:ervaringswerk/pool/importing.py"]
    code = subprocess.run(  # noqa: S603 - a fixed git command on our own repository
        command,
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    namespace = {"__name__": "ervaringswerk.pool._importing_before", "__package__": "ervaringswerk.pool"}
    exec(compile(code, "importing_before.py", "exec"), namespace)  # noqa: S102 - our own code from git

    def before(filename, content):
        # the old import_check: size check, read everything, then the row cap
        if len(content) > namespace["MAX_BYTES"]:
            return "refused: size"
        header, rows = namespace["_read_rows"](filename, content)
        return (
            f"refused: {len(rows)} rows > {namespace['MAX_ROWS']}"
            if len(rows) > namespace["MAX_ROWS"]
            else "ok"
        )

    return before


def _time(call, runs: int) -> tuple[float, str]:
    times, answer = [], ""
    for _run in range(runs):
        start = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), answer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from ervaringswerk.pool.importing import FileRefused, read_table

    before = _old_reader()

    def after(filename, content):
        try:
            read_table(filename, content)
        except FileRefused as exc:
            return f"refused: {exc}"
        return "ok"

    report = {"load_average": os.getloadavg(), "runs": args.runs, "files": {}}
    for name, (rows, columns) in {"wide": (1000, 1000), "long": (62_500, 16)}.items():
        content = build_xlsx(rows, columns)
        baseline, _answer = _time(lambda c=content: len(zipfile.ZipFile(io.BytesIO(c)).infolist()), args.runs)
        new, new_answer = _time(lambda c=content: after("pool.xlsx", c), args.runs)
        old, old_answer = _time(lambda c=content: before("pool.xlsx", c), max(1, min(args.runs, 2)))
        report["files"][name] = {
            "cells": rows * columns,
            "bytes": len(content),
            "baseline_zip_listing_s": round(baseline, 4),
            "before_s": round(old, 3),
            "before_answer": old_answer,
            "after_s": round(new, 4),
            "after_answer": new_answer,
            "before_over_after": round(old / new, 1) if new else None,
        }
        print(f"{name}: {rows * columns:,} cells, {len(content) / 1024:.0f} KB")
        print(f"  before {old:.2f} s ({old_answer})")
        print(f"  after  {new:.3f} s ({new_answer})")
        print(f"  zip listing baseline {baseline * 1000:.1f} ms; before/after = {old / new:.0f}x")
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"import-caps-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(f"load average {report['load_average']}")


if __name__ == "__main__":
    sys.exit(main())
