//! Hostile and extreme input end to end: nothing hangs or fills memory, nothing that
//! cannot be computed is printed as a result, and names cannot drive a terminal or a
//! spreadsheet. One test (or more) per way each of these used to go wrong.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Workspace;

/// A model with one input and one outcome, with lines spliced in.
fn model(header: &str, parameters: &str, amount: &str, quantity: &str, outcome: &str) -> String {
    format!(
        "[model]\nname = \"H\"\n{header}\n[parameters]\n{parameters}\n\n[[inputs]]\nname = \"G\"\namount = {amount}\n\n\
         [[outcomes]]\nname = \"O\"\nstakeholder = \"S\"\nquantity = {quantity}\nvalue = 10\n{outcome}\n"
    )
}

/// `sroi ARGS` in `ws`, killed (and the test failed) if it takes longer than five minutes (a loaded machine is slow):
/// the hangs these tests guard against never end.
fn bounded(ws: &Workspace, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sroi"))
        .current_dir(ws.path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes while waiting: a large report would otherwise fill a pipe and stop.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(300) {
            let _ = child.kill();
            panic!("sroi {args:?} did not finish within five minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Checks `text` in every command that samples, refused with exit 1 and `needle`.
fn refused(text: &str, needle: &str) {
    let ws = Workspace::new();
    ws.write("m.toml", text);
    for command in ["check", "run", "sensitivity"] {
        let out = bounded(
            &ws,
            &[command, "m.toml", "-n", "300"][..if command == "check" { 2 } else { 4 }],
        );
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{command}: {err}{}",
            stdout(&out)
        );
        assert!(
            err.contains(needle),
            "{command}: missing {needle:?} in\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

// 1. Huge gamma shapes: the incomplete gamma's series never ended.

#[test]
fn huge_gamma_shapes_are_refused_not_looped_on() {
    refused(
        &model(
            "",
            "",
            "100",
            r#"{ dist = "gamma", mean = 10, sd = 1e-7 }"#,
            "",
        ),
        "a gamma distribution with mean 10, sd 1e-7 has shape 1e16: shapes must lie from 1e-100 to 1e8",
    );
    refused(
        &model(
            "",
            "",
            "100",
            r#"{ dist = "gamma", shape = 1e17, scale = 1e-16 }"#,
            "",
        ),
        "has shape 1e17",
    );
}

#[test]
fn the_largest_gamma_shape_allowed_is_analysed() {
    let ws = Workspace::new();
    ws.write(
        "m.toml",
        model(
            "",
            "",
            "100",
            r#"{ dist = "gamma", shape = 1e8, scale = 1e-8 }"#,
            "",
        ),
    );
    let out = bounded(
        &ws,
        &["sensitivity", "m.toml", "-n", "200", "--format", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Gamma(1e8, 1e-8) has mean 1 and sd 1e-4: its 5th percentile is 1 − 1.645e-4.
    let q = &j["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "outcomes.O.quantity")
        .unwrap()["low"];
    assert!(
        (q.as_f64().unwrap() - (1.0 - 1.6449e-4)).abs() < 1e-6,
        "{q}"
    );
}

// 2. Special files: /dev/zero filled memory, a FIFO waited for ever.

#[test]
fn special_files_are_not_read_as_models() {
    let ws = Workspace::new();
    for device in ["/dev/zero", "/dev/null"] {
        let out = bounded(&ws, &["check", device]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("it is not a regular file"),
            "{}",
            stderr(&out)
        );
    }
    let fifo = ws.path().join("fifo.toml");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let out = bounded(&ws, &["check", "fifo.toml"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("not a regular file"));
        // The same for a scenario's base model.
        ws.write(
            "s.toml",
            "[scenario]\nname = \"S\"\nmodel = \"fifo.toml\"\n",
        );
        let out = bounded(&ws, &["check", "s.toml"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let ws = Workspace::new();
    let f = std::fs::File::create(ws.path().join("big.toml")).unwrap();
    f.set_len(3 << 30).unwrap(); // sparse: no disk used
    let out = bounded(&ws, &["check", "big.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("larger than 32 MB"),
        "{}",
        stderr(&out)
    );
}

// 13 (with 2). A scenario's `model` may only name a model, and other files are not echoed.

#[test]
fn a_scenario_cannot_read_or_echo_other_files() {
    let ws = Workspace::new();
    ws.write("secret", "root:$6$SECRETHASH:19000:0:99999:7:::\n");
    ws.write("secret.toml", "root:$6$SECRETHASH:19000:0:99999:7:::\n");
    for (model, needle) in [
        ("/dev/zero", "`/dev/zero` is not a model file"),
        (
            "secret",
            "`secret` is not a model file: a scenario's base model must be a `.toml` file",
        ),
        (
            "secret.toml",
            "the base model `secret.toml` is not valid TOML (line 1)",
        ),
    ] {
        ws.write(
            "s.toml",
            format!("[scenario]\nname = \"S\"\nmodel = \"{model}\"\n"),
        );
        let out = bounded(&ws, &["check", "s.toml"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
        assert!(!err.contains("SECRETHASH"), "{err}");
    }
}

// 3. Memory: a billion draws of sensitivity needed about 96 GB and were refused; now no
// sampling command keeps draws.

#[test]
fn a_billion_draws_of_sensitivity_start_in_flat_memory() {
    // Started, left to sample for a few seconds, its resident memory read, then stopped:
    // it must not have been refused, nor have grown with the draws made so far.
    let ws = Workspace::new();
    ws.write("m.toml", common::VALID);
    let mut child = Command::new(env!("CARGO_BIN_EXE_sroi"))
        .current_dir(ws.path())
        .args([
            "sensitivity",
            "m.toml",
            "-n",
            "1000000000",
            "--threads",
            "2",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(4) {
        if let Some(exit) = child.try_wait().unwrap() {
            panic!("a billion draws ended early: {exit}");
        }
        let rss = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
        peak_kb = peak_kb.max(rss.unwrap_or(0));
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    // Storing even one column of a billion draws would take 8 GB.
    assert!(peak_kb < 400 << 10, "peak {peak_kb} kB");
}

// 4. Limits on size: schedules as long as the years allowed.

#[test]
fn a_schedule_is_capped_at_the_years_allowed() {
    let list = |n: usize| format!("[{}]", vec!["1"; n].join(", "));
    let ws = Workspace::new();
    ws.write(
        "ok.toml",
        model("", "", "0", "1", "").replace("amount = 0", &format!("schedule = {}", list(201))),
    );
    assert!(bounded(&ws, &["check", "ok.toml"]).status.success());
    refused(
        &model("", "", "0", "1", "").replace("amount = 0", &format!("schedule = {}", list(202))),
        "a schedule has at most 201 amounts (years 0 to 200); got 202",
    );
}

#[test]
fn many_stakeholders_and_funders_are_checked_and_run() {
    // Each stakeholder used to be looked up among all those before it, and each
    // funder's investment summed over every input: 100,000 of either took minutes.
    let n = 5_000;
    let mut text = String::from("[model]\nname = \"Many\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[inputs]]\nname = \"I{i}\"\nstakeholder = \"F{i}\"\namount = 1\n"
        ));
    }
    for i in 0..n {
        text.push_str(&format!(
            "[[outcomes]]\nname = \"O{i}\"\nstakeholder = \"S{i}\"\nquantity = 1\nvalue = 2\n"
        ));
    }
    let ws = Workspace::new();
    ws.write("m.toml", text);
    let out = bounded(&ws, &["run", "m.toml", "-n", "20", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["funders"].as_array().map(Vec::len), Some(n));
    assert_eq!(j["stakeholders"].as_array().map(Vec::len), Some(n));
    // Each funder bears 1 of 5,000 (year 0: undiscounted).
    assert_eq!(j["funders"][123]["share"], 1.0 / n as f64);
}

// 5. Overflow: each of these used to exit 0 with n/a, NaN or null beside confident headlines.

#[test]
fn overflow_in_the_base_case_is_refused() {
    let cases = [
        (
            model("discount_rate = -0.99", "", "100", "1", "duration = 200"),
            "in the base case the present value of outcome \"O\" is inf: the arithmetic overflowed",
        ),
        (
            model("", "", "1e-320", "1", ""),
            "in the base case the ratio is inf, beyond 1e100",
        ),
        (
            model("", "people = 1e306", "100", "\"people\"", ""),
            "the outcomes' present values add up to 9.661835748792272e306 (in magnitude), beyond 1e100",
        ),
        (
            model("", "", "0", "1", "").replace("amount = 0", "schedule = [1e308, 1e308]"),
            "the base-case investment is inf, but it must be positive (and at most 1e100)",
        ),
    ];
    for (text, needle) in cases {
        refused(&text, needle);
    }
}

#[test]
fn distributions_beyond_floating_point_are_refused() {
    for (dist, needle) in [
        (
            r#"{ dist = "lognormal", mean = 1000, sd = 1e300 }"#,
            "lognormal(mean 1000, sd 1e300) (sd / mean is too large) cannot be computed with",
        ),
        (
            r#"{ dist = "normal", mean = 0, sd = 1e308 }"#,
            "(mean ± 40 sd is not a finite number)",
        ),
        (
            r#"{ dist = "uniform", min = -1.7e308, max = 1.7e308 }"#,
            "uniform(-1.7e308, 1.7e308) (max − min is not a finite number)",
        ),
    ] {
        refused(&model("", "", "100", dist, ""), needle);
    }
}

#[test]
fn overflow_in_some_draws_is_a_breach() {
    // The base case (rate −0.4775) is fine; draws near −0.99 overflow over 200 years.
    let text = model(
        r#"discount_rate = { dist = "uniform", min = -0.99, max = 0.035 }"#,
        "",
        "100",
        "1",
        "duration = 200",
    );
    let ws = Workspace::new();
    ws.write("m.toml", text);
    let out = bounded(&ws, &["run", "m.toml", "-n", "500"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}{}", stdout(&out));
    assert!(
        err.contains("draws the present value of outcome \"O\" overflowed"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

// 6. Money past 1e15 printed as £18,446,744,073,709,551,615 (a saturated u64).

#[test]
fn huge_money_is_printed_in_scientific_notation() {
    let ws = Workspace::new();
    ws.write("m.toml", model("", "", "100", "4.3e15", ""));
    for format in ["table", "markdown"] {
        let out = bounded(&ws, &["run", "m.toml", "-n", "50", "--format", format]);
        let text = stdout(&out);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(!text.contains("18,446,744"), "{text}");
        // 4.3e15 × 10 / 1.035 = 4.155e16.
        assert!(text.contains("£4.155e16"), "{text}");
    }
}

// 7. Subnormal beta shapes gave 1 in every draw.

#[test]
fn subnormal_beta_shapes_are_refused() {
    refused(
        &model(
            "",
            "",
            "100",
            "1",
            r#"deadweight = { dist = "beta", alpha = 1e-320, beta = 1e-320 }"#,
        ),
        "a beta distribution has alpha 1e-320, beta 1e-320: shapes must lie from 1e-100 to 1e8",
    );
}

// 8. NaN× leverage, undocumented nulls, 309-digit numbers.

#[test]
fn a_vanishing_funder_has_no_leverage_rather_than_nan() {
    let text = model("", "", "100", "1", "").replace(
        "[[outcomes]]",
        "[[inputs]]\nname = \"Tiny\"\nstakeholder = \"Crumb\"\namount = 1e-310\n\n[[outcomes]]",
    );
    let ws = Workspace::new();
    ws.write("m.toml", text);
    let out = bounded(&ws, &["run", "m.toml", "-n", "50"]);
    let table = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!table.contains("NaN"), "{table}");
    let row = table.lines().find(|l| l.contains("Crumb")).unwrap();
    assert!(
        row.trim_end_matches('│').trim_end().ends_with("n/a"),
        "{row}"
    );
    let out = bounded(&ws, &["run", "m.toml", "-n", "50", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["funders"][1]["leverage"], serde_json::Value::Null);
}

#[test]
fn messages_never_print_hundreds_of_digits() {
    let ws = Workspace::new();
    ws.write(
        "m.toml",
        model(
            "",
            "",
            "100",
            "1",
            r#"deadweight = { dist = "uniform", min = 1e300, max = 2e300 }"#,
        ),
    );
    let out = bounded(&ws, &["check", "m.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("1e300"), "{err}");
    assert!(!err.contains("0000000000000000000000"), "{err}");
}

// 13. Injection through names.

const INJECTED: &str = r#"[model]
name = "Inj\u001b[2J"

[[inputs]]
name = "G"
stakeholder = "=HYPERLINK(\"http://x\")"
amount = 100

[[outcomes]]
name = "Line\nbreak | pipe"
stakeholder = "@SUM(A1)\u001b]0;title\u0007"
quantity = 1
value = { dist = "uniform", min = 900, max = 1100 }
"#;

#[test]
fn names_cannot_drive_the_terminal() {
    let ws = Workspace::new();
    ws.write("m.toml", INJECTED);
    for args in [
        &["run", "m.toml", "-n", "50"][..],
        &["run", "m.toml", "-n", "50", "--format", "markdown"],
        &["sensitivity", "m.toml", "-n", "50"],
        &["sensitivity", "m.toml", "-n", "50", "--format", "markdown"],
        &["check", "m.toml"],
    ] {
        let out = bounded(&ws, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
        assert!(text.contains("Inj\\u{1b}[2J"), "{args:?}: {text}");
    }
    // Error messages quote names too.
    ws.write(
        "bad.toml",
        INJECTED.replace("value = {", "value = \"missing\" #"),
    );
    let out = bounded(&ws, &["check", "bad.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
}

#[test]
fn markdown_rows_survive_newlines_and_pipes_in_names() {
    let ws = Workspace::new();
    ws.write("m.toml", INJECTED);
    let out = bounded(&ws, &["run", "m.toml", "-n", "50", "--format", "markdown"]);
    let md = stdout(&out);
    let row = md.lines().find(|l| l.starts_with("| Line")).unwrap();
    assert!(row.starts_with(r"| Line\u{a}break \| pipe |"), "{row}");
    // Every row of that table has as many cells as its header.
    assert_eq!(row.matches(" | ").count(), 5, "{row}");
}

#[test]
fn csv_text_cells_cannot_start_formulas() {
    let ws = Workspace::new();
    ws.write("m.toml", INJECTED);
    for command in ["run", "sensitivity"] {
        let out = bounded(&ws, &[command, "m.toml", "-n", "50", "--format", "csv"]);
        let text = stdout(&out);
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        for row in rows.records() {
            for cell in row.unwrap().iter() {
                let risky = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                assert!(!risky, "{command}: {cell:?}");
            }
        }
        if command == "run" {
            assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
            assert!(text.contains("'@SUM(A1)"), "{text}");
        }
    }
}

// Every format: no NaN, no infinity, and no null but those the guide documents.

/// The JSON keys that may be null, each documented in docs/model-format.md with its reason.
const DOCUMENTED_NULLS: &[&str] = &[
    "price_year",
    "description",
    "based_on",
    "payback_months",
    "discounted_payback_months",
    "proxy_source",
    "leverage",
    "share",
    "ratio_at_low",
    "ratio_at_high",
    "swing",
    "switching_value",
    "switching_change",
    // Spec §15: null for a fixed figure, or where there is no switching value.
    "switching_in_range",
    "switching_percentile",
    "rank_correlation",
    // Monte Carlo error that too few draws (or no spread) cannot measure.
    "expected_ratio",
    "ratio_mean",
    "npv_mean",
    "ratio_median",
    "ratio_ci_low",
    "ratio_ci_high",
    "ratio_precision",
];

fn nulls(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Null => out.push(key.to_string()),
        serde_json::Value::Array(xs) => xs.iter().for_each(|x| nulls(x, key, out)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| nulls(x, k, out)),
        _ => {}
    }
}

#[test]
fn no_format_prints_nan_infinity_or_an_undocumented_null() {
    let ws = Workspace::new();
    // Extremes that are allowed: a tiny funder, outcomes worth nothing in total, a
    // quantity that is always 0, a single draw.
    ws.write(
        "tiny_funder.toml",
        model("", "", "100", "1", "").replace(
            "[[outcomes]]",
            "[[inputs]]\nname = \"Tiny\"\nstakeholder = \"Crumb\"\namount = 1e-310\n\n[[outcomes]]",
        ),
    );
    ws.write("nothing.toml", model("", "", "100", "0", ""));
    ws.write(
        "cancels.toml",
        model("", "", "100", "1", "").replace("value = 10", "value = 10\n\n[[outcomes]]\nname = \"P\"\nstakeholder = \"T\"\nquantity = 1\nvalue = -10"),
    );
    ws.write("huge.toml", model("", "", "1e-90", "1e5", ""));
    let mut files: Vec<String> = [
        "tiny_funder.toml",
        "nothing.toml",
        "cancels.toml",
        "huge.toml",
    ]
    .map(String::from)
    .to_vec();
    for dir in ["models", "tests/fixtures"] {
        for entry in std::fs::read_dir(common::repo(dir)).unwrap() {
            files.push(entry.unwrap().path().display().to_string());
        }
    }
    let word = regex_lite_words();
    for file in &files {
        for n in ["1", "200"] {
            for command in ["run", "sensitivity"] {
                for format in ["table", "json", "csv", "markdown"] {
                    let out = bounded(&ws, &[command, file, "-n", n, "--format", format]);
                    assert!(out.status.success(), "{command} {file}: {}", stderr(&out));
                    let text = stdout(&out);
                    for bad in &word {
                        assert!(
                            !contains_word(&text, bad),
                            "{command} {file} -n {n} --format {format} prints {bad}:\n{text}"
                        );
                    }
                    if format == "json" {
                        let j: serde_json::Value = serde_json::from_str(&text).unwrap();
                        let mut found = Vec::new();
                        nulls(&j, "", &mut found);
                        for key in found {
                            assert!(
                                DOCUMENTED_NULLS.contains(&key.as_str()),
                                "{command} {file}: undocumented null `{key}`"
                            );
                        }
                    }
                }
            }
        }
    }
    let fixtures = |f: &str| {
        common::repo(&format!("tests/fixtures/{f}"))
            .display()
            .to_string()
    };
    for pair in [
        [
            fixtures("simple.toml"),
            fixtures("simple-match-funded.toml"),
        ],
        ["tiny_funder.toml".to_string(), "nothing.toml".to_string()],
        ["cancels.toml".to_string(), "huge.toml".to_string()],
    ] {
        for format in ["table", "json", "csv", "markdown"] {
            let args = [
                "compare", &pair[0], &pair[1], "-n", "100", "--format", format,
            ];
            let out = bounded(&ws, &args);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            let text = stdout(&out);
            for bad in &word {
                assert!(!contains_word(&text, bad), "{args:?} prints {bad}:\n{text}");
            }
            if format == "json" {
                let j: serde_json::Value = serde_json::from_str(&text).unwrap();
                let mut found = Vec::new();
                nulls(&j, "", &mut found);
                for key in found {
                    assert!(
                        DOCUMENTED_NULLS.contains(&key.as_str()),
                        "{args:?}: undocumented null `{key}`"
                    );
                }
            }
        }
    }
    let guide = std::fs::read_to_string(common::repo("docs/model-format.md")).unwrap();
    for key in DOCUMENTED_NULLS {
        assert!(
            guide.contains(&format!("`{key}`")),
            "the guide does not mention `{key}`"
        );
    }
}

/// The spellings of a number that is not one.
fn regex_lite_words() -> Vec<&'static str> {
    vec!["NaN", "nan", "inf", "Infinity", "infinity"]
}

/// Whether `word` occurs in `text` on its own (not inside a longer word like "information").
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        !letter(before) && !letter(after)
    })
}
