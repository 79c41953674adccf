//! Snapshots of every output format for one fixed model (`tests/fixtures/simple.toml`,
//! 2,000 draws, seed 42), run from the repository root so the file name is stable.
//! The figures themselves are checked elsewhere (`run.rs`, unit tests); these pin the
//! layout a reader sees.

mod common;

use common::sroi_in_repo as sroi;

fn run(format: &str) -> String {
    sroi(&[
        "run",
        "tests/fixtures/simple.toml",
        "-n",
        "2000",
        "--format",
        format,
    ])
}

#[test]
fn table() {
    insta::assert_snapshot!(run("table"));
}

#[test]
fn csv() {
    let text = run("csv");
    common::csv_rows(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn markdown() {
    insta::assert_snapshot!(run("markdown"));
}

#[test]
fn json() {
    insta::assert_snapshot!(run("json"));
}

#[test]
fn check_summary() {
    insta::assert_snapshot!(sroi(&["check", "tests/fixtures/simple.toml"]));
}
