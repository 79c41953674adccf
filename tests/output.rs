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
    // Every row has the header's number of fields.
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let width = reader.headers().unwrap().len();
    assert!(reader.records().all(|r| r.unwrap().len() == width));
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
