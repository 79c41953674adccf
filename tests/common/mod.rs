//! Helpers shared by the end-to-end tests: run the real binary on a model written to a
//! temporary directory, so messages name a stable file (`model.toml`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `sroi` binary, to be run as if on a terminal-less machine: tables take their
/// default width whatever `COLUMNS` the test runner has.
pub fn sroi_command() -> Command {
    let mut c = Command::cargo_bin("sroi").expect("the sroi binary");
    c.env_remove("COLUMNS");
    c
}

/// A temporary directory holding files for one test.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// Writes `text` (or bytes) to `name` in the workspace.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write a test file");
        path
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `sroi ARGS…` run inside the workspace.
    pub fn sroi(&self, args: &[&str]) -> Output {
        let out = sroi_command()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .expect("run sroi");
        Output {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// What a run printed and how it ended.
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// The standard error of a run refused for a bad model or file: exit code 1, nothing on
    /// standard output, and no panic.
    pub fn model_error(self) -> String {
        assert_eq!(
            self.code,
            Some(1),
            "stdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        assert!(self.stdout.is_empty(), "nothing on stdout: {}", self.stdout);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self.stderr
    }
}

/// `sroi ARGS…` run from the repository root (so file names in the output are stable);
/// its standard output, after checking that it succeeded.
pub fn sroi_in_repo(args: &[&str]) -> String {
    let out = sroi_command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run sroi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The path of a file in the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A small valid model that error tests change one line of.
pub const VALID: &str = r#"[model]
name = "Test scheme"

[parameters]
caseload = 200
gp_visits = { dist = "gamma", mean = 6, sd = 2 }
reduction = { dist = "beta", mean = 0.2, sd = 0.08 }
visits_avoided = "caseload * gp_visits * reduction"

[[inputs]]
name = "Link worker"
stakeholder = "Primary care network"
amount = 36000

[[outcomes]]
name = "Fewer GP visits"
stakeholder = "NHS"
quantity = "visits_avoided"
value = 42
deadweight = 0.1
attribution = { dist = "uniform", min = 0.1, max = 0.3 }
duration = 2
drop_off = 0.5
"#;

/// `VALID` with `from` replaced by `to` (which must occur).
pub fn valid_with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "the test model has no `{from}`");
    VALID.replacen(from, to, 1)
}

/// The rows of CSV output, after checking that every row has the header's width.
pub fn csv_rows(text: &str) -> Vec<CsvRow> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = std::sync::Arc::new(reader.headers().expect("a header row").clone());
    let rows: Vec<CsvRow> = reader
        .records()
        .map(|r| CsvRow {
            headers: headers.clone(),
            record: r.expect("a CSV row"),
        })
        .collect();
    assert!(
        rows.iter().all(|r| r.record.len() == headers.len()),
        "ragged CSV:\n{text}"
    );
    rows
}

/// A row of a CSV file, read by column name (`row["section"]`) or by position.
#[derive(Debug, Clone)]
pub struct CsvRow {
    headers: std::sync::Arc<csv::StringRecord>,
    record: csv::StringRecord,
}

impl std::ops::Index<&str> for CsvRow {
    type Output = str;
    fn index(&self, column: &str) -> &str {
        let at = self
            .headers
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("no column {column:?} in {:?}", self.headers));
        &self.record[at]
    }
}

impl std::ops::Index<usize> for CsvRow {
    type Output = str;
    fn index(&self, at: usize) -> &str {
        &self.record[at]
    }
}

/// The flags of every headless Chromium run in the tests: no sandbox (the tests may run
/// as root), no GPU, nothing that reaches the network, no scrollbars in screenshots.
pub const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// One scheme at `price_year`'s prices with every money figure × `money`: at 2024-25
/// prices with `money` 1, or at 2015-16 prices with 0.745804 (index 74.5804 against 100
/// for 2024-25, the March 2026 HM Treasury series), the same scheme once rebased.
pub fn scheme(price_year: i64, money: f64) -> String {
    format!(
        "[model]\nname = \"Scheme at {price_year}\"\nprice_year = {price_year}\ndiscount_rate = 0.035\n\n\
         [[inputs]]\nname = \"Grant\"\namount = {}\n\n\
         [[outcomes]]\nname = \"Wellbeing\"\nstakeholder = \"People\"\nquantity = 40\n\
         value = {{ dist = \"uniform\", min = {}, max = {} }}\nduration = 2\n",
        10_000.0 * money,
        200.0 * money,
        400.0 * money
    )
}

/// The headless browser the report tests render with: the first of Chromium's usual names
/// on `PATH`, or `None` (those tests then say they were skipped).
pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        })
}
