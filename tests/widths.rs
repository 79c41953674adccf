//! Every command's terminal output fits the terminal: at 80 and at 100 columns (as
//! `COLUMNS` says, the way a shell passes a terminal's width on), no line of standard
//! output or standard error is wider, tables, prose, warnings and `--help` alike.

mod common;

use common::sroi_command;

/// Commands over the bundled models and scenarios: every subcommand's terminal view,
/// each with long names, long descriptions and long file names to fill.
const COMMANDS: &[&[&str]] = &[
    &[
        "run",
        "models/social-prescribing-link-worker.toml",
        "-n",
        "2000",
    ],
    &[
        "run",
        "models/museum-volunteering-wellbeing.toml",
        "-n",
        "2000",
    ],
    &["check", "models/social-prescribing-link-worker.toml"],
    &["check", "models/arts-on-prescription.toml", "--assurance"],
    &["check", "scenarios/hwf-2017-three-years.toml"],
    &[
        "compare",
        "scenarios/hwf-2017-two-years.toml",
        "scenarios/hwf-2017-three-years.toml",
        "scenarios/hwf-2017-guidance.toml",
        "-n",
        "2000",
    ],
    &[
        "sensitivity",
        "models/social-prescribing-link-worker.toml",
        "-n",
        "2000",
    ],
    &[
        "voi",
        "models/social-prescribing-link-worker.toml",
        "-n",
        "2000",
    ],
    &[
        "voi",
        "scenarios/hwf-2017-two-years.toml",
        "scenarios/hwf-2017-three-years.toml",
        "-n",
        "2000",
    ],
    &[
        "portfolio",
        "scenarios/fund-2020-five-million.toml",
        "-n",
        "2000",
    ],
    &["proxies"],
    &["proxies", "loneliness"],
    &["proxies", "show", "wellby"],
    &["--help"],
    &["run", "--help"],
    &["compare", "--help"],
    &["sensitivity", "--help"],
    &["voi", "--help"],
    &["portfolio", "--help"],
    &["report", "--help"],
    &["merge", "--help"],
    &["check", "--help"],
    &["proxies", "--help"],
];

/// The lines of `text` wider than `columns` characters.
fn too_wide(text: &str, columns: usize) -> Vec<String> {
    text.lines()
        .filter(|l| l.chars().count() > columns)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_command_fits_80_and_100_columns() {
    for columns in [80, 100] {
        for args in COMMANDS {
            let out = sroi_command()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("COLUMNS", columns.to_string())
                .args(*args)
                .output()
                .expect("run sroi");
            assert!(out.status.success(), "sroi {}", args.join(" "));
            let stdout = String::from_utf8(out.stdout).expect("UTF-8");
            let stderr = String::from_utf8(out.stderr).expect("UTF-8");
            assert!(
                stdout.lines().count() > 3,
                "sroi {}: {stdout}",
                args.join(" ")
            );
            let wide: Vec<String> = too_wide(&stdout, columns)
                .into_iter()
                .chain(too_wide(&stderr, columns))
                .collect();
            assert!(
                wide.is_empty(),
                "sroi {} at {columns} columns has lines wider:\n{}",
                args.join(" "),
                wide.join("\n")
            );
        }
    }
}

#[test]
fn a_narrower_terminal_gets_narrower_tables() {
    let at = |columns: usize| {
        let out = sroi_command()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COLUMNS", columns.to_string())
            .args([
                "run",
                "models/social-prescribing-link-worker.toml",
                "-n",
                "2000",
            ])
            .output()
            .expect("run sroi");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    };
    // The outcomes' table fills the width it is given: exactly, once names wrap; the
    // headline's sentences (79 characters the longest) wrap below 80.
    assert_eq!(at(100), 100);
    assert_eq!(at(80), 80);
    assert_eq!(at(70), 70);
}

#[test]
fn tables_split_no_word_at_80_columns() {
    let at_80 = |args: &[&str]| {
        let out = sroi_command()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COLUMNS", "80")
            .args(args)
            .output()
            .expect("run sroi");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    // Every word of the funders' names stays whole; before, "reimbursement",
    // "voluntary" and "community" were cut mid-word to fit the box.
    let run = at_80(&[
        "run",
        "models/social-prescribing-link-worker.toml",
        "-n",
        "2000",
    ]);
    for whole in ["reimbursement", "voluntary", "community", "consultations"] {
        assert!(run.contains(whole), "{whole:?} not whole in:\n{run}");
    }
    // A scenario's outcomes' table keeps "consultations" whole (it was cut "con|sultations").
    let scenario = at_80(&["run", "scenarios/hwf-2017-three-years.toml", "-n", "2000"]);
    let (part, whole) = (
        scenario.matches("sultations").count(),
        scenario.matches("consultations").count(),
    );
    assert!(whole > 0 && part == whole, "{scenario}");
    let compare = at_80(&[
        "compare",
        "scenarios/hwf-2017-two-years.toml",
        "scenarios/hwf-2017-three-years.toml",
        "-n",
        "2000",
    ]);
    for whole in ["Department", "commissioners", "Wellbeing"] {
        assert!(
            compare.contains(whole),
            "{whole:?} not whole in:\n{compare}"
        );
    }
}
