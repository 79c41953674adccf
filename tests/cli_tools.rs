//! The commands that fit sroi to the shell and the editor, through the real binary:
//! `init` (each template checks, runs and passes the assurance rules; nothing is
//! overwritten without `--force`), `completions` and `man` (every command named),
//! the command-line definition's own consistency, and `schema` (every bundled model,
//! scenario, portfolio, fixture and template validates; each kind of mistake the reader
//! refuses, the schema refuses too).

mod common;

use std::path::Path;

use clap::CommandFactory;
use common::{Workspace, repo};
use serde_json::Value;
use sroi::cli::Cli;
use sroi::cli::init::{DEFAULT_TEMPLATE, TEMPLATES};

/// Every command's name, as the parser knows them (clap's own `help` aside).
fn commands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect()
}

#[test]
fn the_command_line_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_template_is_written_then_checks_runs_and_passes_assurance() {
    for t in TEMPLATES {
        let ws = Workspace::new();
        let file = format!("{}.toml", t.name);
        let out = ws.sroi(&["init", "--template", t.name, &file]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        assert_eq!(
            out.stderr.trim_end(),
            format!(
                "wrote {file} (the {} template); next: sroi check {file}",
                t.name
            )
        );
        let written = std::fs::read_to_string(ws.path().join(&file)).unwrap();
        assert_eq!(written, t.text);

        let check = ws.sroi(&["check", "--assurance", "--deny-warnings", &file]);
        assert_eq!(check.code, Some(0), "{}: {}", t.name, check.stderr);
        assert!(
            check.stdout.contains(&format!("{file}: ok")),
            "{}",
            check.stdout
        );
        assert!(
            check.stdout.contains("Assurance: no findings"),
            "{}",
            check.stdout
        );

        let run = ws.sroi(&["run", "-n", "2000", &file]);
        assert_eq!(run.code, Some(0), "{}: {}", t.name, run.stderr);
        assert!(run.stdout.contains("SROI ratio"), "{}", run.stdout);
    }
}

#[test]
fn init_writes_the_default_template_that_help_names() {
    let ws = Workspace::new();
    let help = ws.sroi(&["init", "--help"]).stdout;
    assert!(
        help.contains(&format!("{DEFAULT_TEMPLATE} (the default)")),
        "{help}"
    );
    let out = ws.sroi(&["init", "mine.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let default = TEMPLATES
        .iter()
        .find(|t| t.name == DEFAULT_TEMPLATE)
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(ws.path().join("mine.toml")).unwrap(),
        default.text
    );
}

#[test]
fn init_never_replaces_a_file_without_force() {
    let ws = Workspace::new();
    ws.write("mine.toml", "my own model\n");
    for t in TEMPLATES {
        let out = ws.sroi(&["init", "-t", t.name, "mine.toml"]);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert!(
            out.stderr
                .contains("`mine.toml` already exists; pass --force"),
            "{}",
            out.stderr
        );
        assert_eq!(
            std::fs::read_to_string(ws.path().join("mine.toml")).unwrap(),
            "my own model\n"
        );
    }
    let out = ws.sroi(&["init", "-t", "arts", "mine.toml", "--force"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let arts = TEMPLATES.iter().find(|t| t.name == "arts").unwrap();
    assert_eq!(
        std::fs::read_to_string(ws.path().join("mine.toml")).unwrap(),
        arts.text
    );
}

#[test]
fn init_lists_the_templates_and_writes_nothing() {
    let ws = Workspace::new();
    let out = ws.sroi(&["init", "--list"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(TEMPLATES.len() >= 3);
    for name in ["volunteering", "arts", "health"] {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(name)),
            "{name} not listed:\n{}",
            out.stdout
        );
    }
    let entries = out.stdout.lines().filter(|l| !l.starts_with(' ')).count();
    assert_eq!(entries, TEMPLATES.len(), "{}", out.stdout);
    assert!(out.stdout.lines().all(|l| l.chars().count() <= 100));
    assert_eq!(std::fs::read_dir(ws.path()).unwrap().count(), 0);
    // Filled to the terminal's width, as COLUMNS gives it.
    let narrow = common::sroi_command()
        .current_dir(ws.path())
        .env("COLUMNS", "60")
        .args(["init", "--list"])
        .output()
        .unwrap();
    let text = String::from_utf8(narrow.stdout).unwrap();
    assert!(text.lines().count() > TEMPLATES.len(), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
}

#[test]
fn init_refuses_bad_usage_and_writes_dash_to_standard_output() {
    let ws = Workspace::new();
    for args in [
        &["init"][..],
        &["init", "--template", "sport", "x.toml"],
        &["init", "--list", "x.toml"],
    ] {
        let out = ws.sroi(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
    }
    assert!(
        ws.sroi(&["init", "-t", "sport", "x.toml"])
            .stderr
            .contains("[possible values: volunteering, arts, health]")
    );
    let out = ws.sroi(&["init", "-t", "health", "-"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let health = TEMPLATES.iter().find(|t| t.name == "health").unwrap();
    assert_eq!(out.stdout, health.text);
    assert_eq!(std::fs::read_dir(ws.path()).unwrap().count(), 0);
}

#[test]
fn completions_for_every_shell_name_every_command() {
    let ws = Workspace::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = ws.sroi(&["completions", shell]);
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        assert!(out.stdout.len() > 1000, "{shell}: {}", out.stdout);
        for command in commands() {
            assert!(
                out.stdout.contains(&command),
                "{shell} completion lacks `{command}`"
            );
        }
        // The flags of a command are completed too (fish writes `--x` as `-l x`).
        for flag in ["template", "assurance", "scenario"] {
            let written = if shell == "fish" {
                format!("-l {flag}")
            } else {
                format!("--{flag}")
            };
            assert!(out.stdout.contains(&written), "{shell} lacks {written}");
        }
    }
    assert_eq!(ws.sroi(&["completions", "tcsh"]).code, Some(2));
}

#[test]
fn the_man_page_is_roff_naming_every_command_each_with_its_own_page() {
    let ws = Workspace::new();
    let out = ws.sroi(&["man"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("\n.TH sroi 1 "), "{}", out.stdout);
    assert!(out.stdout.contains("\n.SH NAME\n"));
    assert!(out.stdout.contains("\n.SH SUBCOMMANDS\n"));
    for command in commands() {
        assert!(
            out.stdout
                .contains(&format!("sroi\\-{}(1)", command.replace('-', "\\-"))),
            "the page does not list {command}"
        );
        let page = ws.sroi(&["man", &command]);
        assert_eq!(page.code, Some(0), "{command}: {}", page.stderr);
        assert!(
            page.stdout.contains(&format!(".TH sroi-{command} 1 ")),
            "{command}: {}",
            page.stdout
        );
        assert!(
            page.stdout.contains(&format!("sroi {command}")),
            "{command}"
        );
    }
    let bad = ws.sroi(&["man", "rn"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("did you mean `run`?"), "{}", bad.stderr);
}

/// `sroi schema ARGS` parsed as JSON.
fn schema(args: &[&str]) -> Value {
    let ws = Workspace::new();
    let mut all = vec!["schema"];
    all.extend_from_slice(args);
    let out = ws.sroi(&all);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("the schema is JSON")
}

/// A TOML file read as JSON, as an editor's schema support reads it.
fn as_json(text: &str) -> Value {
    toml::from_str(text).expect("TOML")
}

fn toml_files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The errors of validating `text` against `schema`, as lines.
fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let instance = as_json(text);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Which schema a file needs, by its first table, as `sroi` tells them apart.
fn kind_of(text: &str) -> &'static str {
    let doc = as_json(text);
    if doc.get("scenario").is_some() {
        "scenario"
    } else if doc.get("portfolio").is_some() {
        "portfolio"
    } else {
        "model"
    }
}

#[test]
fn every_bundled_model_scenario_portfolio_fixture_and_template_validates() {
    let validators: Vec<(&str, jsonschema::Validator)> = [
        ("model", &[][..]),
        ("scenario", &["--scenario"][..]),
        ("portfolio", &["--portfolio"][..]),
    ]
    .into_iter()
    .map(|(k, args)| {
        let s = schema(args);
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        (k, jsonschema::validator_for(&s).expect("a valid schema"))
    })
    .collect();
    let mut seen = std::collections::BTreeMap::new();
    let mut files = Vec::new();
    for dir in ["models", "scenarios", "tests/fixtures"] {
        files.extend(toml_files(dir));
    }
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    for t in TEMPLATES {
        texts.push((format!("template {}", t.name), t.text.to_string()));
    }
    for (name, text) in &texts {
        let kind = kind_of(text);
        *seen.entry(kind).or_insert(0) += 1;
        let v = &validators.iter().find(|(k, _)| *k == kind).unwrap().1;
        let errs = errors(v, text);
        assert!(errs.is_empty(), "{name} ({kind}):\n{}", errs.join("\n"));
    }
    assert!(seen["model"] >= 5 + 3, "{seen:?}");
    assert!(seen["scenario"] >= 6, "{seen:?}");
    assert!(seen["portfolio"] >= 1, "{seen:?}");
}

/// A bundled model with one change made, which must change exactly once.
fn mutate(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replace(from, to)
}

#[test]
fn the_schema_refuses_what_the_reader_refuses() {
    let validator = jsonschema::validator_for(&schema(&[])).unwrap();
    let base = std::fs::read_to_string(repo("models/museum-volunteering-wellbeing.toml")).unwrap();
    let cases = [
        // A misspelt field of an outcome, of an input, of [model].
        (
            "drop_off = { dist = \"uniform\", min = 0.2",
            "drop_of = { dist = \"uniform\", min = 0.2",
        ),
        ("schedule = [176233", "schedul = [176233"),
        ("discount_rate = 0.035", "discount = 0.035"),
        // A misspelt table.
        ("[[exclusions]]", "[[exclusion]]"),
        // A distribution's unknown field, and an unknown distribution.
        (
            "{ dist = \"beta\", alpha = 18, beta = 67 }",
            "{ dist = \"beta\", alfa = 18, beta = 67 }",
        ),
        (
            "{ dist = \"pert\", min = 0.2",
            "{ dist = \"perth\", min = 0.2",
        ),
        // A field of another kind of distribution.
        (
            "{ dist = \"uniform\", min = 0.1, max = 0.3 }\ndrop_off",
            "{ dist = \"uniform\", min = 0.1, max = 0.3, mode = 0.2 }\ndrop_off",
        ),
        // A misspelt field of evidence.
        (
            "measured = true, follow_up_years = 3",
            "measured = true, follow_up = 3",
        ),
        // Wrong types.
        ("duration = 3", "duration = \"three\""),
        ("valuation = \"market\"", "valuation = \"markets\""),
        (
            "{ proxy = \"wellby\" }",
            "{ proxy = \"wellby\", price_year = 2019 }",
        ),
    ];
    let ws = Workspace::new();
    for (from, to) in cases {
        let text = mutate(&base, from, to);
        assert!(
            !errors(&validator, &text).is_empty(),
            "the schema takes `{to}`"
        );
        ws.write("model.toml", &text);
        let check = ws.sroi(&["check", "model.toml"]);
        assert_eq!(
            check.code,
            Some(1),
            "sroi check takes `{to}`: {}",
            check.stdout
        );
    }
    // And the model itself, unchanged, is taken by both, with Taplo's first line too.
    assert!(errors(&validator, &base).is_empty());
    ws.write(
        "model.toml",
        format!("#:schema ./sroi-model.schema.json\n{base}"),
    );
    assert_eq!(ws.sroi(&["check", "model.toml"]).code, Some(0));
}

#[test]
fn the_scenario_schema_refuses_a_misspelt_scenario_field_and_a_new_outcome() {
    let validator = jsonschema::validator_for(&schema(&["--scenario"])).unwrap();
    let base =
        std::fs::read_to_string(repo("scenarios/museum-volunteering-double-scale.toml")).unwrap();
    assert!(errors(&validator, &base).is_empty());
    let misspelt = mutate(&base, "\ndescription = ", "\ndescripton = ");
    assert!(!errors(&validator, &misspelt).is_empty());
    let added = format!("{base}\n[[outcomes]]\nname = \"x\"\n");
    assert!(!errors(&validator, &added).is_empty());
    // The model schema refuses a scenario, which has no [model] name.
    let model = jsonschema::validator_for(&schema(&[])).unwrap();
    assert!(!errors(&model, &base).is_empty());
}

#[test]
fn schema_hover_help_describes_every_field() {
    let s = schema(&[]);
    let outcomes = &s["$defs"]["outcomes"]["properties"];
    for (name, field) in outcomes.as_object().unwrap() {
        let about = field["description"].as_str().unwrap_or("");
        assert!(about.len() > 10, "{name} has no description");
    }
    assert!(Path::new(&repo("docs/editors.md")).exists());
}
