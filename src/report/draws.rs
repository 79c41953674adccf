//! `--draws PATH.csv`: every draw, one row each (one per option per draw for a
//! comparison), for R's BCEA, voi or dampack, or a spreadsheet.
//!
//! Columns (spec §8): `draw` (0-based), `option` (comparisons only, 1-based), `ratio`,
//! `present_value`, `investment`, `npv`, then every named quantity by its stable name in
//! the model's order (for a comparison: the first option's, then any names a later option
//! adds), empty where an option lacks it. Rows stream a chunk of draws at a time
//! (`sample::stream`), so memory does not grow with the draws, and are written in draw
//! order, so the file is the same byte for byte for any number of threads. Figures are
//! written with Rust's shortest round-trip form: read back, each is the same `f64`.

use std::io::Write;

use crate::analysis::summary::RunSettings;
use crate::error::Error;
use crate::model::checked::{Model, QId};
use crate::model::plan::Plan;
use crate::sample::stream::{Source, TOTALS, for_each_chunk};

/// Writes every draw of `options` (one model, or a comparison's options in file order) to
/// `out`. `compare` adds the `option` column.
pub fn write(
    options: &[(&Model, &Plan)],
    opts: &RunSettings,
    compare: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    // Every name, in the first option's order, then names later options add.
    let mut names: Vec<&str> = Vec::new();
    for (model, _) in options {
        for q in &model.quantities {
            if !names.contains(&q.name.as_str()) {
                names.push(&q.name);
            }
        }
    }
    // For each option, its quantities in its own order and the column each goes to.
    let layout: Vec<(Vec<QId>, Vec<usize>)> = options
        .iter()
        .map(|(model, _)| {
            let mut ids = Vec::new();
            let mut columns = Vec::new();
            for (c, name) in names.iter().enumerate() {
                if let Some(q) = model.quantity(name) {
                    ids.push(q);
                    columns.push(c);
                }
            }
            (ids, columns)
        })
        .collect();
    let sources: Vec<Source<'_>> = options
        .iter()
        .zip(&layout)
        .map(|((_, plan), (ids, _))| Source {
            plan,
            quantities: ids,
        })
        .collect();

    let mut head = vec!["draw"];
    if compare {
        head.push("option");
    }
    head.extend(TOTALS);
    head.extend(names.iter().copied());
    out.write_all(csv_row(head.into_iter()).as_bytes())?;

    let mut line = String::new();
    let mut cells = vec![String::new(); names.len()];
    for_each_chunk(
        &sources,
        opts.seed,
        opts.uniforms(),
        opts.iterations,
        opts.threads,
        |first, rows| -> std::io::Result<()> {
            let n = rows[0].len() / sources[0].width();
            for i in 0..n {
                for (o, (source, (_, columns))) in sources.iter().zip(&layout).enumerate() {
                    let row = &rows[o][i * source.width()..][..source.width()];
                    line.clear();
                    line.push_str(&(first + i).to_string());
                    if compare {
                        line.push(',');
                        line.push_str(&(o + 1).to_string());
                    }
                    for x in &row[..TOTALS.len()] {
                        line.push(',');
                        push_number(&mut line, *x);
                    }
                    for c in cells.iter_mut() {
                        c.clear();
                    }
                    for (x, &c) in row[TOTALS.len()..].iter().zip(columns) {
                        push_number(&mut cells[c], *x);
                    }
                    for c in &cells {
                        line.push(',');
                        line.push_str(c);
                    }
                    line.push('\n');
                    out.write_all(line.as_bytes())?;
                }
            }
            Ok(())
        },
    )?;
    out.flush()
}

/// A number as CSV: the shortest form that reads back as the same `f64`; `NaN` and
/// infinities as R and spreadsheets spell them.
fn push_number(s: &mut String, x: f64) {
    use std::fmt::Write as _;
    if x.is_nan() {
        s.push_str("NA");
    } else if x.is_infinite() {
        s.push_str(if x > 0.0 { "Inf" } else { "-Inf" });
    } else {
        let _ = write!(s, "{x}");
    }
}

/// A header row, quoting names that need it (`outcomes."GP visits".value` has quotes).
fn csv_row<'a>(cells: impl Iterator<Item = &'a str>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let cells: Vec<&str> = cells.collect();
    let _ = w.write_record(&cells);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes the draws to the file at `path` (already checked): to a temporary file beside
/// it, renamed into place when complete, so a failure leaves no half-written file and
/// replaces nothing.
pub fn write_file(
    path: &std::path::Path,
    options: &[(&Model, &Plan)],
    opts: &RunSettings,
    compare: bool,
) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.unwrap_or_default(),
        std::process::id()
    ));
    let written = std::fs::File::create(&tmp).and_then(|file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(options, opts, compare, &mut out)
    });
    match written.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(fail(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_exactly() {
        for x in [0.1, 1.0 / 3.0, -2.5e-12, 123456789.125, 0.0] {
            let mut s = String::new();
            push_number(&mut s, x);
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{s}");
        }
        let mut s = String::new();
        push_number(&mut s, f64::NAN);
        assert_eq!(s, "NA");
    }

    #[test]
    fn quoted_names_are_quoted_once_more() {
        assert_eq!(
            csv_row(["draw", "outcomes.\"A\".value"].into_iter()),
            "draw,\"outcomes.\"\"A\"\".value\"\n"
        );
    }
}
