"""Recomputes a workbook's `Value Map` sheet with the `formulas` package, an Excel
formula engine independent of sroi, and prints the SROI ratio it finds: the cell right of
the one in column A that reads `SROI ratio`. Usage: python3 recalc.py BOOK.xlsx [SHEET]"""
import sys

import formulas
import openpyxl

path = sys.argv[1]
sheet = sys.argv[2] if len(sys.argv) > 2 else "Value Map"
ws = openpyxl.load_workbook(path)[sheet]
row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "SROI ratio")
formula = ws.cell(row, 2).value
if not (isinstance(formula, str) and formula.startswith("=")):
    sys.exit(f"the SROI ratio is not a formula: {formula!r}")
model = formulas.ExcelModel().loads(path).finish()
solution = model.calculate()
key = f"'[{path.rsplit('/', 1)[-1]}]{sheet.upper()}'!B{row}"
value = solution[key].value[0][0]
print(repr(float(value)))
