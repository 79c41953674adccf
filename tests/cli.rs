//! The command line as a whole: every mistake of a model in one `check`, `check` and
//! `proxies` as JSON, `check` of a portfolio, the modes of files written with `-o`, the
//! line naming them and `--quiet`, exit codes, and flags and extensions a command does
//! not take refused.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{VALID, Workspace, sroi_command, sroi_in_repo};

/// A model with five different mistakes, one of each kind the two stages find: an
/// unknown field (a typo), a missing required field, a value out of range, an unknown
/// parameter in an expression, and a distribution missing a field.
const FIVE_MISTAKES: &str = r#"[model]
name = "Five mistakes"

[[inputs]]
name = "Grant"
stakeholder = "Funder"
amount = 1000

[[outcomes]]
name = "Better wellbeing"
stakeholder = "Participants"
quantity = 10
deadweight = 1.4
atribution = 0.2

[[outcomes]]
name = "Fewer GP visits"
stakeholder = "NHS"
quantity = 5
value = "gp_cost * 2"
drop_off = { dist = "beta", mean = 0.2 }
"#;

#[test]
fn check_reports_every_mistake_at_once_in_line_order() {
    let ws = Workspace::new();
    ws.write("model.toml", FIVE_MISTAKES);
    let e = ws.sroi(&["check", "model.toml"]).model_error();
    let expected = [
        (
            "outcomes[1] \"Better wellbeing\": missing required field `value`",
            "model.toml:9:1",
        ),
        (
            "field `deadweight`: must be a proportion within [0, 1]; got 1.4",
            "model.toml:13:14",
        ),
        (
            "unknown field `atribution`; did you mean `attribution`?",
            "model.toml:14:1",
        ),
        (
            "field `value`: unknown parameter `gp_cost` in the expression",
            "model.toml:20:10",
        ),
        (
            "field `drop_off`: a beta distribution needs `sd` to go with `mean`",
            "model.toml:21:12",
        ),
    ];
    let mut from = 0;
    for (message, place) in expected {
        let at = e[from..]
            .find(message)
            .unwrap_or_else(|| panic!("`{message}` after byte {from} in:\n{e}"));
        from += at;
        assert!(e[from..].contains(place), "{place} in:\n{e}");
    }
    assert!(e.ends_with("error: 5 problems in model.toml\n"), "{e}");
}

#[test]
fn a_field_the_reader_could_not_read_is_not_also_called_missing() {
    let ws = Workspace::new();
    ws.write(
        "model.toml",
        VALID.replace("value = 42", "value = true\ndeadwieght = 0.1"),
    );
    let e = ws.sroi(&["check", "model.toml"]).model_error();
    assert!(e.contains("field `value`: expected a number"), "{e}");
    assert!(!e.contains("missing required field `value`"), "{e}");
    assert!(e.contains("did you mean `deadweight`?"), "{e}");
    assert!(e.ends_with("error: 2 problems in model.toml\n"), "{e}");
}

fn json_of(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e} in:\n{text}"))
}

#[test]
fn check_writes_json_with_and_without_assurance() {
    let file = "models/social-prescribing-link-worker.toml";
    let plain = json_of(&sroi_in_repo(&["check", file, "--format", "json"]));
    assert_eq!(plain["file"], file);
    assert_eq!(plain["valid"], true);
    assert_eq!(plain["kind"], "forecast");
    assert!(plain.get("findings").is_none());
    let run = json_of(&sroi_in_repo(&[
        "run", file, "-n", "1000", "--format", "json",
    ]));
    assert_eq!(plain["base_case"]["ratio"], run["base_case"]["ratio"]);

    let assured = json_of(&sroi_in_repo(&[
        "check",
        file,
        "--assurance",
        "--format",
        "json",
    ]));
    let findings = assured["findings"]
        .as_array()
        .expect("an array of findings");
    for f in findings {
        for key in ["code", "level", "item", "message", "fix", "accepted"] {
            assert!(f.get(key).is_some(), "{key} in {f}");
        }
    }
    let text = sroi_in_repo(&["check", file, "--assurance"]);
    for f in findings {
        assert!(
            text.contains(f["code"].as_str().unwrap()),
            "{f} in:\n{text}"
        );
    }
}

#[test]
fn check_takes_only_the_formats_it_writes() {
    let out = sroi_command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "models/dance-for-dementia.toml", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[possible values: table, json]"));
}

#[test]
fn proxies_writes_json_entries_with_their_fields() {
    let all = json_of(&sroi_in_repo(&["proxies", "--format", "json"]));
    let all = all.as_array().expect("an array");
    assert!(all.len() > 10, "{} entries", all.len());
    let one = json_of(&sroi_in_repo(&[
        "proxies", "show", "wellby", "--format", "json",
    ]));
    let one = &one.as_array().expect("an array")[0];
    assert_eq!(one["id"], "wellby");
    assert_eq!(one["price_year"], 2019);
    assert_eq!(one["value"]["dist"], "triangular");
    assert_eq!(one["value"]["mode"], 13000.0);
    assert_eq!(one["central"], 13000.0);
    assert!(one["source"].as_str().unwrap().contains("HM Treasury"));
    assert!(all.iter().any(|e| e == one));
}

#[test]
fn check_of_a_portfolio_checks_it_and_every_candidate() {
    let file = "scenarios/fund-2020-five-million.toml";
    let text = sroi_in_repo(&["check", file]);
    assert!(text.starts_with(&format!("{file}: ok\n")), "{text}");
    assert!(
        text.contains("a budget of £5,000,000 over 9 candidates"),
        "{text}"
    );
    assert!(text.contains("museum-volunteering-double-scale.toml (at most 1 unit)\n"));
    for model in [
        "models/social-prescribing-link-worker.toml: ok",
        "models/dance-for-dementia.toml: ok",
        "scenarios/hwf-2017-two-years.toml: ok",
    ] {
        assert!(text.contains(model), "{model} in:\n{text}");
    }
    let json = json_of(&sroi_in_repo(&["check", file, "--format", "json"]));
    assert_eq!(json["budget"], 5_000_000.0);
    assert_eq!(json["candidates"].as_array().unwrap().len(), 9);
    assert_eq!(json["candidates"][0]["valid"], true);

    // A bad candidate is reported under the portfolio's name.
    let ws = Workspace::new();
    ws.write("bad.toml", VALID.replace("amount = 36000", "amount = -1"));
    ws.write(
        "p.toml",
        "[portfolio]\nname = \"P\"\nbudget = 100000\n\n[[candidates]]\nfile = \"bad.toml\"\nmax_units = 2\n",
    );
    let e = ws.sroi(&["check", "p.toml"]).model_error();
    assert!(e.contains("p.toml"), "{e}");
    assert!(e.contains("bad.toml"), "{e}");
}

/// The mode of a file `sroi` writes with `-o` under `umask`, created or replaced.
fn mode_written(umask: &str, existing: Option<u32>) -> u32 {
    let ws = Workspace::new();
    ws.write("model.toml", VALID);
    let out = ws.path().join("out.json");
    let mut force = "";
    if let Some(mode) = existing {
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(mode)).unwrap();
        force = " --force";
    }
    let bin = assert_cmd::cargo::cargo_bin("sroi");
    let status = std::process::Command::new("sh")
        .current_dir(ws.path())
        .arg("-c")
        .arg(format!(
            "umask {umask} && exec '{}' run model.toml -n 500 -o out.json{force}",
            bin.display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::metadata(&out).unwrap().permissions().mode() & 0o777
}

#[test]
fn files_written_with_o_get_the_modes_the_umask_gives_or_keep_their_own() {
    assert_eq!(mode_written("022", None), 0o644);
    assert_eq!(mode_written("077", None), 0o600);
    assert_eq!(mode_written("002", None), 0o664);
    assert_eq!(mode_written("022", Some(0o640)), 0o640);
    assert_eq!(mode_written("077", Some(0o644)), 0o644);
}

#[test]
fn a_file_written_is_named_on_standard_error_unless_quiet() {
    let ws = Workspace::new();
    ws.write("model.toml", VALID);
    let out = ws.sroi(&["run", "model.toml", "-n", "300", "-o", "a.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.ends_with("wrote a.json\n"), "{}", out.stderr);
    assert_eq!(out.stderr.matches("a.json").count(), 1, "{}", out.stderr);

    let quiet = ws.sroi(&["--quiet", "run", "model.toml", "-n", "300", "-o", "b.json"]);
    assert_eq!(quiet.code, Some(0));
    assert_eq!(quiet.stderr, "", "quiet says nothing");
    assert!(ws.path().join("b.json").exists());

    // Quiet silences warnings too (300 draws are too few for the digits shown), and may
    // stand after the command; errors still show.
    let noisy = ws.sroi(&["run", "model.toml", "-n", "300"]);
    assert!(
        noisy.stderr.contains("warning: too few draws"),
        "{}",
        noisy.stderr
    );
    let silenced = ws.sroi(&["run", "model.toml", "-n", "300", "-q"]);
    assert_eq!(silenced.stderr, "");
    assert_eq!(silenced.stdout, noisy.stdout);
    let failed = ws.sroi(&["run", "missing.toml", "--quiet"]);
    assert_eq!(failed.code, Some(1));
    assert!(failed.stderr.contains("missing.toml"), "{}", failed.stderr);
}

#[test]
fn no_figure_printed_saturates_at_an_integers_limit() {
    // A model whose value is fixed while its cost is wild: the draws that would settle
    // the last digit are beyond any run.
    let ws = Workspace::new();
    ws.write(
        "model.toml",
        VALID.replace(
            "amount = 36000",
            "amount = { dist = \"lognormal\", mean = 36000, sd = 3600000 }",
        ),
    );
    let out = ws.sroi(&["run", "model.toml", "-n", "200"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Before, it advised "about 1,600,000,000,000 draws (-n 1600000000000)", a count no
    // run may make; and a wilder model, u64's limit.
    let warning = out.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        warning.contains("more than 1,000,000,000 draws, the most one run takes, would be needed"),
        "{warning}"
    );
    assert!(
        out.stdout.contains(
            "Too few draws for the digits shown: more than 1,000,000,000 would settle them"
        ),
        "{}",
        out.stdout
    );
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains("-n 1"), "{text}");
        assert!(!text.contains("18446744073709551615"), "{text}");
    }
}

/// `sroi ARGS` from the repository root: exit code and standard error.
fn usage(args: &[&str]) -> (Option<i32>, String) {
    let out = sroi_command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_refuses_flags_it_does_not_use() {
    let model = "models/dance-for-dementia.toml";
    for args in [
        vec!["sensitivity", model, "--ci", "0.5"],
        vec!["sensitivity", model, "--thresholds", "9"],
        vec!["voi", model, "--ci", "0.9"],
        vec!["voi", model, "--thresholds", "2"],
        vec![
            "portfolio",
            "scenarios/fund-2020-five-million.toml",
            "--thresholds",
            "2",
        ],
        vec!["merge", "part.json", "--seed", "3"],
        vec!["merge", "part.json", "-n", "100"],
        vec!["check", model, "-n", "100"],
        vec!["check", model, "-o", "x.txt"],
        vec!["proxies", "--seed", "1"],
        vec!["report", model, "-o", "r.html", "--shard", "1/2"],
    ] {
        let (code, stderr) = usage(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("unexpected argument"), "{args:?}: {stderr}");
    }
}

#[test]
fn merge_honours_dash_refuses_unknown_extensions_and_workbooks() {
    let ws = Workspace::new();
    ws.write("model.toml", VALID);
    for k in 1..=2 {
        let out = ws.sroi(&[
            "run",
            "model.toml",
            "-n",
            "2000",
            "--shard",
            &format!("{k}/2"),
            "-o",
            &format!("part-{k}.json"),
        ]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
    }
    let whole = ws.sroi(&["run", "model.toml", "-n", "2000"]);
    let merged = ws.sroi(&["merge", "part-1.json", "part-2.json", "-o", "-"]);
    assert_eq!(merged.code, Some(0), "{}", merged.stderr);
    assert_eq!(merged.stdout, whole.stdout);
    assert!(!ws.path().join("-").exists(), "`-o -` is standard output");

    for (out, says) in [
        ("out.foo", "cannot tell the format of `out.foo`"),
        (
            "out.xlsx",
            "`sroi merge` writes a table, JSON, CSV or Markdown",
        ),
        (
            "out.html",
            "`sroi merge` writes a table, JSON, CSV or Markdown",
        ),
    ] {
        let r = ws.sroi(&["merge", "part-1.json", "part-2.json", "-o", out]);
        assert_eq!(r.code, Some(2), "{out}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{out}: {}", r.stderr);
        assert!(!ws.path().join(out).exists());
    }
    // A missing part and a repeated part are both bad input: exit 1.
    let missing = ws.sroi(&["merge", "part-1.json"]);
    assert_eq!(missing.code, Some(1), "{}", missing.stderr);
    assert!(missing.stderr.contains("shard 2 of 2 is missing"));
    let repeated = ws.sroi(&["merge", "part-1.json", "part-1.json", "part-2.json"]);
    assert_eq!(repeated.code, Some(1), "{}", repeated.stderr);
    let absent = ws.sroi(&["merge", "part-1.json", "part-9.json"]);
    assert_eq!(absent.code, Some(1), "{}", absent.stderr);
}
