"""Recomputes a workbook's `Value Map` sheet with the `formulas` package, an Excel
formula engine independent of sroi, and prints the SROI ratio it finds: the cell right of
the one in column A that reads `SROI ratio`.

The workbook is first saved again by openpyxl, which keeps the formulas but drops every
cached result, so the figure printed can only come from recomputing them.

Usage: python3 recalc.py BOOK.xlsx [SHEET] [CELL=VALUE ...]
Each CELL=VALUE (e.g. M24=0.5) sets a cell of the sheet before recomputing."""
import os
import sys
import tempfile

import formulas
import openpyxl

path = sys.argv[1]
sheet = sys.argv[2] if len(sys.argv) > 2 else "Value Map"
book = openpyxl.load_workbook(path)
ws = book[sheet]
for change in sys.argv[3:]:
    cell, value = change.split("=", 1)
    ws[cell] = float(value)
row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "SROI ratio")
formula = ws.cell(row, 2).value
if not (isinstance(formula, str) and formula.startswith("=")):
    sys.exit(f"the SROI ratio is not a formula: {formula!r}")
with tempfile.TemporaryDirectory() as tmp:
    bare = os.path.join(tmp, "bare.xlsx")
    book.save(bare)
    solution = formulas.ExcelModel().loads(bare).finish().calculate()
    value = solution[f"'[bare.xlsx]{sheet.upper()}'!B{row}"].value[0][0]
print(repr(float(value)))
