//! `--shard K/N` and `sroi merge` (spec §12): the parts of a run, merged in any order,
//! give the single-process output byte for byte; parts that do not belong together are
//! refused by name.

mod common;

use common::{Output, Workspace, repo};

/// A workspace holding the simple fixture as `simple.toml` and its match-funded scenario
/// as `other.toml`.
fn workspace() -> Workspace {
    let ws = Workspace::new();
    for (from, to) in [
        ("tests/fixtures/simple.toml", "simple.toml"),
        ("tests/fixtures/simple-match-funded.toml", "other.toml"),
    ] {
        ws.write(to, std::fs::read(repo(from)).expect("fixture"));
    }
    ws
}

fn ok(out: Output) -> String {
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    out.stdout
}

/// `sroi ARGS…` in the workspace with the switch that makes shards keep nothing in the
/// first round, so that merging needs the second.
fn sroi_second_round(ws: &Workspace, args: &[&str]) -> Output {
    let out = common::sroi_command()
        .current_dir(ws.path())
        .env("SROI_SHARD_SECOND_ROUND", "1")
        .args(args)
        .output()
        .unwrap();
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The first round of `command` in `n` shards; returns the part names in shard order.
fn one_round(ws: &Workspace, command: &[&str], draws: &str, n: usize) -> Vec<String> {
    (1..=n)
        .map(|k| {
            let name = format!("{}-{k}.json", command[0]);
            let spec = format!("{k}/{n}");
            let mut args: Vec<&str> = command.to_vec();
            args.extend(["-n", draws, "--shard", &spec, "-o", &name]);
            ok(ws.sroi(&args));
            name
        })
        .collect()
}

/// Both rounds of `command` (`run` or `compare` and its files) in `n` shards, the first
/// made to keep nothing; returns the second-round part names, in shard order.
fn two_rounds(ws: &Workspace, command: &[&str], draws: &str, n: usize) -> Vec<String> {
    let shard = |k: usize, round: &str, given: Option<&str>| {
        let name = format!("{round}-{k}.json");
        let spec = format!("{k}/{n}");
        let mut args: Vec<&str> = command.to_vec();
        args.extend(["-n", draws, "--shard", &spec, "-o", &name]);
        if let Some(g) = given {
            args.extend(["--given", g]);
        }
        ok(sroi_second_round(ws, &args));
        name
    };
    let first: Vec<String> = (1..=n).map(|k| shard(k, "first", None)).collect();
    // The first round merged in reverse order.
    let mut merge: Vec<&str> = vec!["merge"];
    merge.extend(first.iter().rev().map(String::as_str));
    merge.extend(["-o", "given.json"]);
    let out = ws.sroi(&merge);
    assert!(
        out.stderr
            .contains("A second round is needed: run every shard again with --given given.json")
    );
    ok(out);
    (1..=n)
        .map(|k| shard(k, "second", Some("given.json")))
        .collect()
}

fn merged(ws: &Workspace, parts: &[&str], format: &str) -> String {
    let mut args = vec!["merge"];
    args.extend(parts);
    args.extend(["--format", format]);
    ok(ws.sroi(&args))
}

#[test]
fn a_sharded_run_merged_in_any_order_is_the_single_run() {
    let ws = workspace();
    let parts = two_rounds(&ws, &["run", "simple.toml"], "10000", 4);
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    for format in ["json", "table", "csv"] {
        let single = ok(ws.sroi(&["run", "simple.toml", "-n", "10000", "--format", format]));
        for order in [[0, 1, 2, 3], [3, 1, 0, 2], [2, 3, 1, 0]] {
            let given: Vec<&str> = order.iter().map(|&i| p[i]).collect();
            assert_eq!(
                merged(&ws, &given, format),
                single,
                "{format}, order {order:?}"
            );
        }
    }
}

#[test]
fn one_round_is_enough_when_the_shards_catch_the_percentiles() {
    let ws = workspace();
    let parts = one_round(&ws, &["run", "simple.toml"], "50000", 3);
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    let single = ok(ws.sroi(&["run", "simple.toml", "-n", "50000", "--format", "json"]));
    assert_eq!(merged(&ws, &[p[1], p[2], p[0]], "json"), single);
    let parts = one_round(&ws, &["compare", "simple.toml", "other.toml"], "20000", 2);
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    let single = ok(ws.sroi(&[
        "compare",
        "simple.toml",
        "other.toml",
        "-n",
        "20000",
        "--format",
        "json",
    ]));
    assert_eq!(merged(&ws, &[p[1], p[0]], "json"), single);
}

#[test]
fn more_shards_than_blocks_leaves_some_empty_and_still_merges() {
    // 3,000 draws are two blocks of 2,048: of five shards, three draw nothing.
    let ws = workspace();
    let parts = two_rounds(&ws, &["run", "simple.toml"], "3000", 5);
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    let single = ok(ws.sroi(&["run", "simple.toml", "-n", "3000", "--format", "json"]));
    assert_eq!(merged(&ws, &p, "json"), single);
}

#[test]
fn a_sharded_comparison_is_the_single_comparison() {
    let ws = workspace();
    let parts = two_rounds(&ws, &["compare", "simple.toml", "other.toml"], "7000", 3);
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    let single = ok(ws.sroi(&[
        "compare",
        "simple.toml",
        "other.toml",
        "-n",
        "7000",
        "--format",
        "json",
    ]));
    assert_eq!(merged(&ws, &[p[2], p[0], p[1]], "json"), single);
}

#[test]
fn a_sharded_comparison_at_a_price_year_is_the_single_comparison_at_it() {
    let ws = workspace();
    let command = [
        "compare",
        "simple.toml",
        "other.toml",
        "--price-year",
        "2015",
    ];
    let parts = one_round(&ws, &command, "20000", 2);
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    let json = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["-n", "20000", "--format", "json"]);
        ok(ws.sroi(&all))
    };
    let single = json(&command);
    assert_eq!(merged(&ws, &[p[1], p[0]], "json"), single);
    // Both files are at 2024-25 prices: at 2015-16's, every money figure is
    // D(2015) / D(2024) = 74.5804 / 100 of the default comparison's.
    let at = |text: &str| -> serde_json::Value { serde_json::from_str(text).unwrap() };
    let (at_2015, at_2024) = (at(&single), at(&json(&command[..3])));
    assert_eq!(at_2015["price_year"], 2015);
    assert_eq!(at_2024["price_year"], 2024);
    for i in 0..2 {
        let inv = |j: &serde_json::Value| {
            j["scenarios"][i]["expected"]["investment"]
                .as_f64()
                .unwrap()
        };
        let ratio = inv(&at_2015) / inv(&at_2024);
        assert!((ratio - 0.745804).abs() < 1e-9, "option {i}: {ratio}");
    }
    // A part on the default price year does not merge with one at 2015.
    ok(ws.sroi(&[
        "compare",
        "simple.toml",
        "other.toml",
        "-n",
        "20000",
        "--shard",
        "2/2",
        "-o",
        "default-2.json",
    ]));
    assert_eq!(
        refused(&ws, &[p[0], "default-2.json"], 1),
        "error: part `default-2.json`: it has price year the default, but `compare-1.json` has 2015; parts of one run must agree\n"
    );
}

/// The error of `sroi merge PARTS`, checked to be a clean refusal with exit `code`.
fn refused(ws: &Workspace, parts: &[&str], code: i32) -> String {
    let mut args = vec!["merge"];
    args.extend(parts);
    let out = ws.sroi(&args);
    assert_eq!(
        out.code,
        Some(code),
        "stdout: {}\nstderr: {}",
        out.stdout,
        out.stderr
    );
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    out.stderr
}

#[test]
fn missing_duplicated_and_mixed_parts_are_refused_by_name() {
    let ws = workspace();
    let parts = two_rounds(&ws, &["run", "simple.toml"], "5000", 3);
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    assert_eq!(
        refused(&ws, &[p[0], p[2]], 1),
        "error: shard 2 of 3 is missing (the parts given: `second-1.json`, `second-3.json`); merge needs every shard once\n"
    );
    assert_eq!(
        refused(&ws, &[p[0], p[1], p[2], p[1]], 1),
        "error: part `second-2.json`: it is shard 2 of 3, and so is `second-2.json`; give each shard once\n"
    );
    assert_eq!(
        refused(&ws, &[p[0], p[1], "first-3.json"], 1),
        "error: part `first-3.json`: it holds the first round and `second-1.json` the second; merge the parts of one round at a time\n"
    );
    assert_eq!(
        refused(&ws, &["given.json"], 1),
        "error: part `given.json`: it is the merged first round: give it to every shard with --given, then merge their parts\n"
    );
    // A part of another run: another seed, another number of draws, another model.
    ok(ws.sroi(&[
        "run",
        "simple.toml",
        "-n",
        "5000",
        "--seed",
        "7",
        "--shard",
        "1/3",
        "-o",
        "seed7.json",
    ]));
    assert_eq!(
        refused(&ws, &["first-2.json", "first-3.json", "seed7.json"], 1),
        "error: part `seed7.json`: it has seed 7, but `first-2.json` has 42; parts of one run must agree\n"
    );
    ok(ws.sroi(&[
        "run",
        "simple.toml",
        "-n",
        "6000",
        "--shard",
        "1/3",
        "-o",
        "n6000.json",
    ]));
    assert!(
        refused(&ws, &["first-2.json", "first-3.json", "n6000.json"], 1)
            .contains("part `n6000.json`: it has draws 6000, but `first-2.json` has 5000")
    );
    ok(ws.sroi(&[
        "run",
        "other.toml",
        "-n",
        "5000",
        "--shard",
        "1/3",
        "-o",
        "other.json",
    ]));
    assert!(
        refused(&ws, &["first-2.json", "first-3.json", "other.json"], 1).contains(
            "part `other.json`: it has files other.toml, but `first-2.json` has simple.toml"
        )
    );
}

#[test]
fn truncated_or_corrupted_parts_are_refused_by_name() {
    let ws = workspace();
    let parts = two_rounds(&ws, &["run", "simple.toml"], "5000", 2);
    let text = std::fs::read_to_string(ws.path().join(&parts[0])).unwrap();
    ws.write("cut.json", &text[..text.len() - 100]);
    assert!(
        refused(&ws, &["cut.json", &parts[1]], 1)
            .starts_with("error: part `cut.json`: it is truncated or damaged: its header promises")
    );
    // One digit of the results changed, the length kept.
    let at = text.rfind("\"count\":").unwrap() + 8;
    let mut damaged = text.into_bytes();
    damaged[at] = if damaged[at] == b'1' { b'2' } else { b'1' };
    ws.write("damaged.json", &damaged);
    assert_eq!(
        refused(&ws, &["damaged.json", &parts[1]], 1),
        "error: part `damaged.json`: it is corrupted: its results do not match their checksum; write it again\n"
    );
    ws.write(
        "model.json",
        std::fs::read(ws.path().join("simple.toml")).unwrap(),
    );
    assert_eq!(
        refused(&ws, &["model.json"], 1),
        "error: part `model.json`: it is not a part file written by `sroi run --shard` or `sroi merge`\n"
    );
}

#[test]
fn parts_laid_out_by_another_version_are_refused_not_misread() {
    // Parts written before their tallies' layout was recorded held histogram bins of a
    // 4,096th of a power of two; read as today's (a 256th), their bins would name other
    // values. Such a part, whole and with its checksum right, is refused at every round.
    let ws = workspace();
    let parts = two_rounds(&ws, &["run", "simple.toml"], "5000", 2);
    let laid_out = |name: &str, part: &str, tallies: &str| {
        let text = std::fs::read_to_string(ws.path().join(part)).unwrap();
        assert!(text.lines().next().unwrap().contains(",\"tallies\":2,"));
        ws.write(name, text.replacen(",\"tallies\":2,", tallies, 1));
    };
    let earlier = |name: &str, part: &str| laid_out(name, part, ",");
    earlier("old-second.json", &parts[0]);
    let why = "it was written by an earlier version of sroi, which laid out its results in another way; run the shards again with one version\n";
    assert_eq!(
        refused(&ws, &["old-second.json", &parts[1]], 1),
        format!("error: part `old-second.json`: {why}")
    );
    earlier("old-given.json", "given.json");
    let out = ws.sroi(&[
        "run",
        "simple.toml",
        "-n",
        "5000",
        "--shard",
        "1/2",
        "-o",
        "again.json",
        "--given",
        "old-given.json",
    ]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr, format!("error: part `old-given.json`: {why}"));
    assert!(!ws.path().join("again.json").exists());
    let first = one_round(&ws, &["run", "simple.toml"], "5000", 2);
    earlier("old-first.json", &first[0]);
    assert_eq!(
        refused(&ws, &["old-first.json", &first[1]], 1),
        format!("error: part `old-first.json`: {why}")
    );
    // And one laid out by a later version, which this one cannot read either.
    laid_out("new-first.json", &first[0], ",\"tallies\":3,");
    assert_eq!(
        refused(&ws, &["new-first.json", &first[1]], 1),
        format!(
            "error: part `new-first.json`: {}",
            why.replace("an earlier", "a later")
        )
    );
}

#[test]
fn a_shard_needs_an_output_file_and_a_changed_model_is_noticed() {
    let ws = workspace();
    let out = ws.sroi(&["run", "simple.toml", "--shard", "1/2"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("--shard writes a partial result: name its file with -o")
    );
    let out = ws.sroi(&["run", "simple.toml", "--shard", "3/2", "-o", "x.json"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("a shard is K/N with 1 ≤ K ≤ N"));
    let parts = two_rounds(&ws, &["run", "simple.toml"], "4000", 2);
    let text = std::fs::read_to_string(ws.path().join("simple.toml")).unwrap();
    ws.write(
        "simple.toml",
        text.replace("name = \"Simple test scheme\"", "name = \"Renamed\""),
    );
    assert_eq!(
        refused(&ws, &[&parts[0], &parts[1]], 1),
        "error: part `second-1.json`: `simple.toml` changed since the parts were written; run the shards again\n"
    );
}

#[test]
fn a_changed_base_model_of_a_scenario_is_noticed() {
    // `other.toml` is a scenario of `simple.toml`: its own text does not change when the
    // base model does, but its draws do, so parts written before and after the change
    // must not merge.
    let ws = workspace();
    let shard = |k: &str, part: &str| {
        ok(ws.sroi(&["run", "other.toml", "-n", "4000", "--shard", k, "-o", part]));
    };
    shard("1/2", "a.json");
    let text = std::fs::read_to_string(ws.path().join("simple.toml")).unwrap();
    assert!(text.contains("deadweight = 0.2"));
    ws.write(
        "simple.toml",
        text.replace("deadweight = 0.2", "deadweight = 0.25"),
    );
    shard("2/2", "b.json");
    let err = refused(&ws, &["a.json", "b.json"], 1);
    assert!(err.contains("a different model"), "{err}");
}
