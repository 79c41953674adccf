//! Every command's terminal output fits the terminal: at 80 and at 100 columns (as
//! `COLUMNS` says, the way a shell passes a terminal's width on), no line of standard
//! output or standard error is wider, tables, prose, warnings and `--help` alike; and the
//! width is an argument of the renderer, so one process renders at two widths at once.

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

/// The model the two-width test renders: long names, so 80 and 100 columns differ.
const TWO_WIDTHS_MODEL: &str = "models/social-prescribing-link-worker.toml";

/// What the binary prints for `args` with `COLUMNS` at `columns`.
fn printed(args: &[&str], columns: usize) -> String {
    let out = sroi_command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", columns.to_string())
        .args(args)
        .output()
        .expect("run sroi");
    assert!(out.status.success(), "sroi {}", args.join(" "));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A result rendered at a width.
type Renderer<'a> = dyn Fn(usize) -> String + Sync + 'a;

/// One process renders the same run and sensitivity analysis at 80 and at 100 columns,
/// from four threads at once in alternating order, and every rendering is byte for byte
/// what the binary prints with `COLUMNS` at that width (a width kept in a global setting
/// of the process would give one thread the other's width).
#[test]
fn one_process_renders_the_same_report_at_80_and_100_columns() {
    use sroi::analysis::summary::{DEFAULT_THRESHOLDS, RunSettings, run};
    use sroi::report::{Render, Text};

    // The binary's defaults: seed 42, a 95% interval, thresholds 1, 2, 3 and 5.
    let opts = RunSettings {
        iterations: 2000,
        seed: 42,
        sampling: sroi::sample::lhs::Method::Lhs,
        threads: None,
        ci_level: 0.95,
        progress: false,
        thresholds: DEFAULT_THRESHOLDS.to_vec(),
    };
    // Cargo runs integration tests from the package's root, as the binary is run here,
    // so the file is named the same way in both.
    let loaded = sroi::model::load::load(std::path::Path::new(TWO_WIDTHS_MODEL)).unwrap();
    let plan = sroi::model::plan::Plan::new(&loaded.model);
    let ran = run(&loaded, &plan, &opts).unwrap();
    let swung =
        sroi::analysis::sensitivity::analyse(&loaded.model, &plan, &loaded.file, &opts, 1.0)
            .unwrap();
    let run_table = |width| ran.render(Text::Table { width });
    let sensitivity_table = |width| swung.render(Text::Table { width });
    let sensitivity_markdown = |width| swung.render(Text::Markdown { width });
    let cases: [(&str, &str, &Renderer); 3] = [
        ("run", "table", &run_table),
        ("sensitivity", "table", &sensitivity_table),
        ("sensitivity", "markdown", &sensitivity_markdown),
    ];
    for (command, format, render) in cases {
        let case = [command, TWO_WIDTHS_MODEL, "-n", "2000", "--format", format];
        let [at_80, at_100] = [80, 100].map(|w| printed(&case, w));
        // The two widths must differ, or this test could not tell them apart.
        assert_ne!(at_80, at_100, "sroi {}", case.join(" "));
        std::thread::scope(|s| {
            for thread in 0..4 {
                let (at_80, at_100) = (&at_80, &at_100);
                s.spawn(move || {
                    for round in 0..3 {
                        let mut widths = [80, 100];
                        if (thread + round) % 2 == 1 {
                            widths.reverse();
                        }
                        for width in widths {
                            let expected = if width == 80 { at_80 } else { at_100 };
                            let got = render(width);
                            assert!(
                                &got == expected,
                                "sroi {} at {width} columns differs in thread {thread}:\n{got}",
                                case.join(" ")
                            );
                        }
                    }
                });
            }
        });
    }
}
