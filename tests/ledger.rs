//! The funder's ledger (spec §17) against figures worked out by hand: a small model of two
//! fiscal outcomes (one half cashable), one economic, one social, and a public and a
//! private input (`tests/fixtures/ledger.toml`); the errors for ledger fields misused; and
//! fiscal + economic + social = present value in every draw of a model with uncertainty.

mod common;

use common::{Workspace, repo, sroi_command, valid_with};
use serde_json::Value;
use sroi::model::load::load;
use sroi::model::plan::{LedgerPart, Plan};
use sroi::sample::engine::{Column, SimOptions, simulate};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
}

fn ledger_json() -> Value {
    let out = sroi_command()
        .args(["run", "-n", "100", "--format", "json"])
        .arg(repo("tests/fixtures/ledger.toml"))
        .output()
        .expect("run sroi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Every figure of the ledger, worked by hand at the model's 10% discount rate.
///
/// Inputs: the council's 1000 in year 0 (public) is 1000; the charity's 500 in year 1
/// (private) is 500 / 1.1 = 5000/11 = 454.545…; investment 16000/11 = 1454.545…; public
/// investment 1000.
///
/// Outcomes (impact = quantity × value × (1 − deadweight), then drop-off each later year):
/// - A&E (fiscal, Acute trust, half cashable): 10 × 110 = 1100 in year 1, 550 in year 2;
///   PV 1100/1.1 + 550/1.21 = 1000 + 5000/11 = 16000/11 = 1454.545…; cashable 8000/11.
/// - GP (fiscal, agency defaults to its stakeholder "GP practice", cashable defaults to 0):
///   20 × 60.5 × 0.5 = 605 in year 2; PV 605/1.21 = 500.
/// - Back in work (economic): 2 × 1000 = 2000 in year 1; PV 2000/1.1 = 20000/11.
/// - Wellbeing (social): 10 × 121 = 1210 in year 2; PV 1000.
///
/// fiscal = 16000/11 + 500 = 21500/11 = 1954.545…; economic = 20000/11 = 1818.18…;
/// social = 1000; present value = 52500/11, so the SROI ratio = 52500/16000 = 3.28125.
/// fiscal_ratio = 21500/16000 = 1.34375; economic_ratio = 41500/16000 = 2.59375;
/// fiscal return to public = (21500/11)/1000 = 1.954545…; cashable return = 0.727272….
#[test]
fn every_ledger_figure_by_hand() {
    let j = ledger_json();
    let l = &j["ledger"];
    let b = &l["base_case"];
    close(f(&b["fiscal"]), 21500.0 / 11.0);
    close(f(&b["cashable"]), 8000.0 / 11.0);
    close(f(&b["economic"]), 20000.0 / 11.0);
    close(f(&b["social"]), 1000.0);
    close(f(&b["investment"]), 16000.0 / 11.0);
    close(f(&b["public_investment"]), 1000.0);
    close(f(&b["fiscal_ratio"]), 1.34375);
    close(f(&b["economic_ratio"]), 2.59375);
    close(f(&b["fiscal_return_to_public"]), 21.5 / 11.0);
    close(f(&b["cashable_return_to_public"]), 8.0 / 11.0);
    close(f(&j["base_case"]["ratio"]), 3.28125);
    // Every figure is fixed: the draws' summaries and the ratios of means are the same.
    let e = &l["expected"];
    close(f(&e["fiscal_ratio"]), 1.34375);
    close(f(&e["economic_ratio"]), 2.59375);
    close(f(&e["fiscal_return_to_public"]), 21.5 / 11.0);
    close(f(&e["cashable_return_to_public"]), 8.0 / 11.0);
    for (key, want) in [
        ("fiscal", 21500.0 / 11.0),
        ("cashable", 8000.0 / 11.0),
        ("economic", 20000.0 / 11.0),
        ("social", 1000.0),
        ("public_investment", 1000.0),
        ("fiscal_return_to_public", 21.5 / 11.0),
    ] {
        for stat in ["mean", "median", "ci_low", "ci_high"] {
            close(f(&l[key][stat]), want);
        }
    }
    // By agency, in order of first appearance, and by year (undiscounted).
    let agencies = l["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 2);
    assert_eq!(agencies[0]["name"], "Acute trust");
    close(f(&agencies[0]["fiscal"]["mean"]), 16000.0 / 11.0);
    close(f(&agencies[0]["cashable"]["mean"]), 8000.0 / 11.0);
    let years = agencies[0]["by_year"].as_array().unwrap();
    assert_eq!(years.len(), 2);
    assert_eq!(years[0]["year"], 1);
    close(f(&years[0]["fiscal"]), 1100.0);
    close(f(&years[0]["cashable"]), 550.0);
    assert_eq!(years[1]["year"], 2);
    close(f(&years[1]["fiscal"]), 550.0);
    close(f(&years[1]["cashable"]), 275.0);
    assert_eq!(agencies[1]["name"], "GP practice");
    close(f(&agencies[1]["fiscal"]["mean"]), 500.0);
    close(f(&agencies[1]["cashable"]["mean"]), 0.0);
    let years = agencies[1]["by_year"].as_array().unwrap();
    assert_eq!(years.len(), 1);
    assert_eq!(years[0]["year"], 2);
    close(f(&years[0]["fiscal"]), 605.0);
    close(f(&years[0]["cashable"]), 0.0);
    // By organisation: the funders, then the agencies; net = saves − pays.
    let orgs = l["organisations"].as_array().unwrap();
    let want = [
        ("County council", 1000.0, 0.0, 0.0, -1000.0),
        ("Charity", 5000.0 / 11.0, 0.0, 0.0, -5000.0 / 11.0),
        (
            "Acute trust",
            0.0,
            16000.0 / 11.0,
            8000.0 / 11.0,
            16000.0 / 11.0,
        ),
        ("GP practice", 0.0, 500.0, 0.0, 500.0),
    ];
    assert_eq!(orgs.len(), want.len());
    for (o, (name, pays, saves, cashable, net)) in orgs.iter().zip(want) {
        assert_eq!(o["name"], name);
        close(f(&o["pays"]), pays);
        close(f(&o["saves"]), saves);
        close(f(&o["cashable"]), cashable);
        close(f(&o["net"]), net);
    }
}

/// A model with uncertainty in every kind of value and in the cashable share: in each of
/// 5,000 draws, fiscal + economic + social is the present value (to rounding), the
/// cashable part lies between 0 and the fiscal value, and the agencies' values add up to
/// the fiscal value.
#[test]
#[allow(clippy::needless_range_loop)]
fn fiscal_economic_and_social_add_up_to_the_present_value_in_every_draw() {
    let ws = Workspace::new();
    let path = ws.write(
        "model.toml",
        r#"[model]
name = "Uncertain ledger"
discount_rate = "green-book"

[[inputs]]
name = "Grant"
amount = { dist = "uniform", min = 800, max = 1200 }

[[outcomes]]
name = "Fewer admissions"
stakeholder = "Patients"
agency = "Acute trust"
value_type = "fiscal"
cashable = { dist = "beta", mean = 0.3, sd = 0.1 }
quantity = { dist = "poisson", lambda = 12 }
value = { dist = "normal", mean = 200, sd = 50 }
duration = 3
drop_off = { dist = "uniform", min = 0.1, max = 0.6 }
cohorts = [1, 0.5]

[[outcomes]]
name = "Fewer visits"
stakeholder = "GP practice"
value_type = "fiscal"
quantity = 30
value = { dist = "triangular", min = 20, mode = 30, max = 60 }

[[outcomes]]
name = "Earnings"
stakeholder = "Participants"
value_type = "economic"
quantity = 3
value = { dist = "lognormal", mean = 500, sd = 300 }

[[outcomes]]
name = "Wellbeing"
stakeholder = "Participants"
quantity = 10
value = { dist = "uniform", min = -50, max = 300 }
"#,
    );
    let loaded = load(&path).expect("the model loads");
    let plan = Plan::new(&loaded.model);
    let parts = [
        LedgerPart::Fiscal,
        LedgerPart::Cashable,
        LedgerPart::Economic,
        LedgerPart::Social,
        LedgerPart::AgencyFiscal(0),
        LedgerPart::AgencyFiscal(1),
    ];
    let mut columns = vec![Column::PresentValue];
    columns.extend(parts.map(Column::Ledger));
    let opts = SimOptions {
        iterations: 5000,
        seed: 7,
        sampling: sroi::sample::lhs::Method::Random,
        threads: Some(1),
        progress: false,
        pass: (0, 1),
    };
    let cols = simulate(&plan, &opts, &columns).expect("no draw breaks a rule");
    let mut varied = 0;
    for k in 0..opts.iterations {
        let [pv, fiscal, cashable, economic, social, acute, gp] =
            [0, 1, 2, 3, 4, 5, 6].map(|c| cols[c][k]);
        let scale = fiscal.abs() + economic.abs() + social.abs();
        assert!(
            (fiscal + economic + social - pv).abs() <= 1e-12 * scale,
            "draw {k}"
        );
        assert!((acute + gp - fiscal).abs() <= 1e-12 * scale, "draw {k}");
        assert!(
            cashable >= 0.0 && cashable <= acute,
            "draw {k}: {cashable} of {acute}"
        );
        varied += (social < 0.0) as usize;
    }
    // Some draws have a negative social value: the split does not rely on signs.
    assert!(varied > 0);
}

/// Runs `check` on the test model with `from` replaced by `to` and returns its error.
fn check_fails(from: &str, to: &str) -> String {
    let ws = Workspace::new();
    ws.write("model.toml", valid_with(from, to));
    ws.sroi(&["check", "model.toml"]).model_error()
}

#[test]
fn a_cashable_share_above_one_is_refused_with_its_line() {
    let err = check_fails(
        "duration = 2",
        "duration = 2\nvalue_type = \"fiscal\"\ncashable = 40",
    );
    assert_eq!(
        err.lines().next().unwrap(),
        "error: outcomes[1] \"Fewer GP visits\", field `cashable`: must be a proportion within [0, 1]; got 40"
    );
    assert!(err.contains("--> model.toml:24:12"), "{err}");
}

#[test]
fn a_cashable_distribution_reaching_beyond_one_is_refused() {
    let err = check_fails(
        "duration = 2",
        "duration = 2\nvalue_type = \"fiscal\"\ncashable = { dist = \"uniform\", min = 0.5, max = 1.5 }",
    );
    assert!(
        err.contains(
            "outcomes[1] \"Fewer GP visits\", field `cashable`: must be a proportion within [0, 1]"
        ),
        "{err}"
    );
}

#[test]
fn cashable_on_social_value_is_refused() {
    let err = check_fails("duration = 2", "duration = 2\ncashable = 0.5");
    assert_eq!(
        err,
        "error: outcomes[1] \"Fewer GP visits\", field `cashable`: `cashable` is only for fiscal value, and this outcome is social value (the default `value_type`)\n  --> model.toml:23:12\n   |\n23 | cashable = 0.5\n   |            ^^^\n   |\n   = help: add `value_type = \"fiscal\"` if the outcome saves a public body money, or remove `cashable`\n"
    );
}

#[test]
fn an_agency_on_economic_value_is_refused() {
    let err = check_fails(
        "duration = 2",
        "duration = 2\nvalue_type = \"economic\"\nagency = \"Acute trust\"",
    );
    assert_eq!(
        err,
        "error: outcomes[1] \"Fewer GP visits\", field `agency`: `agency` is only for fiscal value, and this outcome is economic value\n  --> model.toml:24:10\n   |\n24 | agency = \"Acute trust\"\n   |          ^^^^^^^^^^^^^\n   |\n   = help: add `value_type = \"fiscal\"` if the outcome saves a public body money, or remove `agency`\n"
    );
}

#[test]
fn a_misspelt_value_type_suggests_the_nearest() {
    let err = check_fails("duration = 2", "duration = 2\nvalue_type = \"fiscl\"");
    assert_eq!(
        err,
        "error: outcomes[1] \"Fewer GP visits\", field `value_type`: unknown value type `fiscl`; did you mean `fiscal`?\n  --> model.toml:23:14\n   |\n23 | value_type = \"fiscl\"\n   |              ^^^^^^^\n   |\n   = help: allowed: fiscal (a saving to a public budget), economic (output, earnings), social (the default)\n"
    );
}

#[test]
fn public_must_be_true_or_false() {
    let err = check_fails("amount = 36000", "amount = 36000\npublic = \"yes\"");
    assert!(
        err.contains("inputs[1] \"Link worker\", field `public`: expected true or false; found the string \"yes\""),
        "{err}"
    );
}

/// `run` of the hand-worked model in `format` at `columns` wide.
fn rendered(format: &str, columns: &str) -> String {
    let out = sroi_command()
        .env("COLUMNS", columns)
        .args(["run", "-n", "100", "--format", format])
        .arg("tests/fixtures/ledger.toml")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sroi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The terminal's "Who pays, who saves" shows the hand-worked figures and fits 80 and 100
/// columns.
#[test]
fn the_terminal_table_shows_who_pays_and_who_saves() {
    for columns in ["80", "100"] {
        let text = rendered("table", columns);
        let width: usize = columns.parse().unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= width, "wider than {width}: {line}");
        }
        let at = text
            .find("Who pays, who saves")
            .expect("the ledger's table");
        let table = &text[at..];
        // County council pays £1,000; the charity £455 (500 / 1.1); the acute trust saves
        // £1,455 of which £727 cashable; the GP practice £500, none of it cashable.
        for row in [
            "│ County council ┆ £1,000 ┆     £0 ┆       £0 ┆ -£1,000 │",
            "│ Charity        ┆   £455 ┆     £0 ┆       £0 ┆   -£455 │",
            "│ Acute trust    ┆     £0 ┆ £1,455 ┆     £727 ┆  £1,455 │",
            "│ GP practice    ┆     £0 ┆   £500 ┆       £0 ┆    £500 │",
            "│ Acute trust ┆    1 ┆ £1,100 ┆     £550 ┆     £550 │",
            "│ GP practice ┆    2 ┆   £605 ┆       £0 ┆     £605 │",
        ] {
            assert!(table.contains(row), "missing {row} in\n{table}");
        }
        insta::assert_snapshot!(format!("ledger_table_{columns}"), table);
    }
}

#[test]
fn markdown_and_csv_carry_the_ledger() {
    let md = rendered("markdown", "100");
    let at = md
        .find("### Fiscal, economic and social value")
        .expect("a ledger section");
    insta::assert_snapshot!("ledger_markdown", &md[at..]);
    let csv = rendered("csv", "100");
    let rows = common::csv_rows(&csv);
    let find = |section: &str, name: &str| {
        rows.iter()
            .find(|r| &r["section"] == section && &r["name"] == name)
            .unwrap_or_else(|| panic!("no {section} {name}"))
            .clone()
    };
    close(
        find("ledger", "fiscal")["base_case"].parse().unwrap(),
        21500.0 / 11.0,
    );
    close(
        find("ledger_ratio", "fiscal_ratio")["base_case"]
            .parse()
            .unwrap(),
        1.34375,
    );
    close(
        find("ledger_net", "Charity")["base_case"].parse().unwrap(),
        -5000.0 / 11.0,
    );
    close(
        find("ledger_year_cashable", "Acute trust year 2")["base_case"]
            .parse()
            .unwrap(),
        275.0,
    );
}

/// The HTML page has `fig-ledger` and `table-ledger` with the hand-worked figures, and the
/// workbook a `Ledger` sheet of numbers.
#[test]
fn html_and_workbook_carry_the_ledger() {
    use calamine::{Data, Reader, Xlsx};
    let ws = Workspace::new();
    let model = repo("tests/fixtures/ledger.toml");
    let model = model.to_str().unwrap();
    let out = ws.sroi(&["report", model, "-n", "100", "-o", "r.html"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
    assert!(html.contains("<figure id=\"fig-ledger\""), "no fig-ledger");
    let at = html
        .find("<table id=\"table-ledger\"")
        .expect("table-ledger");
    let table = &html[at..at + html[at..].find("</table>").unwrap()];
    for figure in [
        "County council",
        "-£1,000",
        "Acute trust",
        "£1,455",
        "£727",
        "-£455",
    ] {
        assert!(table.contains(figure), "missing {figure} in {table}");
    }
    let out = ws.sroi(&["report", model, "-n", "100", "-o", "r.xlsx"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("r.xlsx")).unwrap();
    let sheet = book.worksheet_range("Ledger").expect("a Ledger sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    let find = |figure: &str, who: &str| {
        rows.iter()
            .find(|r| text(&r[0]) == figure && text(&r[1]) == who)
            .unwrap_or_else(|| panic!("no row {figure} {who}"))
            .clone()
    };
    let number = |d: &Data| match d {
        Data::Float(x) => *x,
        other => panic!("not a number: {other:?}"),
    };
    close(number(&find("Fiscal value", "")[3]), 21500.0 / 11.0);
    close(number(&find("Fiscal ratio", "")[3]), 1.34375);
    close(
        number(&find("Net (saves less pays)", "Charity")[3]),
        -5000.0 / 11.0,
    );
    let year = rows
        .iter()
        .find(|r| {
            text(&r[0]) == "Cashable in the year (undiscounted)"
                && text(&r[1]) == "Acute trust"
                && r[2] == Data::Float(2.0)
        })
        .expect("the acute trust's year 2");
    close(number(&year[3]), 275.0);
}

/// `portfolio --objective fiscal` ranks by expected fiscal value less public investment:
/// the hand-worked model nets 21500/11 − 1000 = 954.55 a unit to public budgets (its
/// charity's money is not public); a unit of a copy with every outcome social nets −1000
/// and is never funded, though its NPV is the same. Budget 3000 against 16000/11 = 1454.55
/// a unit: two units of the first.
#[test]
fn a_portfolio_can_maximise_the_fiscal_return() {
    let ws = Workspace::new();
    let fiscal = std::fs::read_to_string(repo("tests/fixtures/ledger.toml")).unwrap();
    ws.write("fiscal.toml", &fiscal);
    let social = fiscal
        .replace("value_type = \"fiscal\"\n", "")
        .replace("value_type = \"economic\"\n", "")
        .replace("agency = \"Acute trust\"\n", "")
        .replace("cashable = 0.5\n", "")
        .replace("Ledger by hand", "All social");
    ws.write("social.toml", &social);
    ws.write(
        "fund.toml",
        "[portfolio]\nname = \"Fund\"\nbudget = 3000\n\n[[candidates]]\nfile = \"social.toml\"\nmax_units = 2\n\n[[candidates]]\nfile = \"fiscal.toml\"\nmax_units = 2\n",
    );
    let out = ws.sroi(&[
        "portfolio",
        "fund.toml",
        "--objective",
        "fiscal",
        "-n",
        "200",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["objective"], "fiscal");
    let c = j["candidates"].as_array().unwrap();
    assert_eq!(c[0]["units"], 0);
    assert_eq!(c[1]["units"], 2);
    close(f(&c[0]["fiscal_net"]["mean"]), -1000.0);
    close(f(&c[1]["fiscal_net"]["mean"]), 21500.0 / 11.0 - 1000.0);
    close(f(&j["objective_value"]), 2.0 * (21500.0 / 11.0 - 1000.0));
    // The frontier is of NPV, as it says, whatever the objective: at the full budget two
    // units of either copy, each 52500/11 − 16000/11 = 36500/11.
    let frontier = j["frontier"].as_array().unwrap();
    close(f(&frontier.last().unwrap()["expected_npv"]), 73000.0 / 11.0);
    // The terminal table shows what the mix was chosen by.
    let table = ws.sroi(&[
        "portfolio",
        "fund.toml",
        "--objective",
        "fiscal",
        "-n",
        "200",
    ]);
    assert!(table.stdout.contains("Unit fiscal net"), "{}", table.stdout);
    assert!(table.stdout.contains("-£1,000") && table.stdout.contains("£955"));
}

/// A candidate at another price year is rebased whole: its public investment too, not only
/// its investment and value. The hand-worked model nets (21500/11 − 1000) per unit against an
/// investment of 16000/11, a ratio of 10500/16000 = 0.65625 that no price factor changes; a
/// copy at 2015/16 prices, rebased to 2024/25 beside it, must keep the same ratio.
#[test]
fn a_rebased_candidate_carries_its_public_investment_to_the_common_prices() {
    let ws = Workspace::new();
    let model = std::fs::read_to_string(repo("tests/fixtures/ledger.toml")).unwrap();
    let at = |year: u32| {
        model.replace(
            "discount_rate = 0.1\n",
            &format!("discount_rate = 0.1\nprice_year = {year}\n"),
        )
    };
    ws.write("now.toml", at(2024));
    ws.write("then.toml", at(2015));
    ws.write(
        "fund.toml",
        "[portfolio]\nname = \"Fund\"\nbudget = 3000\n\n[[candidates]]\nfile = \"now.toml\"\n\n[[candidates]]\nfile = \"then.toml\"\n",
    );
    let out = ws.sroi(&[
        "portfolio",
        "fund.toml",
        "--objective",
        "fiscal",
        "-n",
        "100",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    let c = j["candidates"].as_array().unwrap();
    for candidate in c {
        let net = f(&candidate["fiscal_net"]["mean"]);
        let investment = f(&candidate["investment"]["mean"]);
        close(net / investment, 10500.0 / 16000.0);
    }
    // The 2015/16 copy really was rebased (its investment is larger at 2024/25 prices).
    assert!(f(&c[1]["investment"]["mean"]) > 1.2 * f(&c[0]["investment"]["mean"]));
}

/// The bundled model and scenario files, except the portfolio.
fn bundled() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["models", "scenarios"] {
        for entry in std::fs::read_dir(repo(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 12, "{files:?}");
    files
}

/// Every bundled model says what kind of value each outcome is, and every bundled input
/// (a scenario's inputs replace its model's) says whether it is public money: none relies
/// on a default, so a new outcome or input cannot be typed silently.
#[test]
fn every_bundled_outcome_declares_its_kind_and_every_input_its_purse() {
    let mut outcomes = 0;
    for path in bundled() {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: toml::Table = text.parse().unwrap();
        let name = path.display();
        if let Some(list) = doc.get("outcomes").and_then(|o| o.as_array()) {
            for o in list {
                let o = o.as_table().unwrap();
                let kind = o.get("value_type").and_then(|v| v.as_str());
                assert!(
                    matches!(kind, Some("fiscal" | "economic" | "social")),
                    "{name}: outcome {:?} gives no value_type",
                    o["name"]
                );
                outcomes += 1;
            }
        }
        for i in doc
            .get("inputs")
            .and_then(|i| i.as_array())
            .into_iter()
            .flatten()
        {
            let i = i.as_table().unwrap();
            assert!(
                i.get("public").is_some_and(|p| p.is_bool()),
                "{name}: input {:?} does not say whether it is public",
                i["name"]
            );
        }
    }
    // The five models' outcomes: 12 + 4 + 4 + 3 + 4.
    assert_eq!(outcomes, 27);
}

/// In every bundled model and scenario, fiscal + economic + social is the present value in
/// every one of 2,000 draws, and the cashable part never exceeds the fiscal value.
#[test]
#[allow(clippy::needless_range_loop)]
fn every_bundled_model_splits_its_present_value_into_the_three_kinds() {
    for path in bundled() {
        let Ok(loaded) = load(&path) else {
            // The portfolio file is not a model.
            assert!(
                path.ends_with("fund-2020-five-million.toml"),
                "{}",
                path.display()
            );
            continue;
        };
        let plan = Plan::new(&loaded.model);
        let columns = [
            Column::PresentValue,
            Column::Ledger(LedgerPart::Fiscal),
            Column::Ledger(LedgerPart::Cashable),
            Column::Ledger(LedgerPart::Economic),
            Column::Ledger(LedgerPart::Social),
        ];
        let opts = SimOptions {
            iterations: 2000,
            seed: 42,
            sampling: sroi::sample::lhs::Method::Random,
            threads: Some(1),
            progress: false,
            pass: (0, 1),
        };
        let cols = simulate(&plan, &opts, &columns).expect("no draw breaks a rule");
        for k in 0..opts.iterations {
            let [pv, fiscal, cashable, economic, social] = [0, 1, 2, 3, 4].map(|c| cols[c][k]);
            let scale = fiscal.abs() + economic.abs() + social.abs();
            assert!(
                (fiscal + economic + social - pv).abs() <= 1e-12 * scale,
                "{} draw {k}",
                path.display()
            );
            assert!(
                cashable.abs() <= fiscal.abs(),
                "{} draw {k}",
                path.display()
            );
        }
    }
}

/// A portfolio carries each candidate's ledger for one unit, and it is the ledger `run`
/// reports for the candidate's file at the same draws and seed: candidates are drawn on
/// the same numbers as the file alone.
#[test]
fn a_portfolio_candidates_ledger_is_the_runs() {
    let ws = Workspace::new();
    let model = std::fs::read_to_string(repo("tests/fixtures/ledger.toml")).unwrap();
    ws.write("ledger.toml", model);
    ws.write(
        "p.toml",
        "[portfolio]\nname = \"One\"\nbudget = 1000000\n\n[[candidates]]\nfile = \"ledger.toml\"\nmax_units = 2\n",
    );
    let json = |args: &[&str]| -> Value {
        let out = ws.sroi(args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        serde_json::from_str(&out.stdout).expect("JSON")
    };
    let run = json(&["run", "-n", "3000", "--format", "json", "ledger.toml"]);
    let portfolio = json(&["portfolio", "-n", "3000", "--format", "json", "p.toml"]);
    let ledger = &portfolio["candidates"][0]["ledger"];
    assert_eq!(ledger, &run["ledger"]);
    // And it is the hand-worked ledger, not an empty one.
    close(
        f(&ledger["base_case"]["fiscal"]),
        f(&run["ledger"]["base_case"]["fiscal"]),
    );
    assert!(f(&ledger["base_case"]["fiscal"]) > 0.0);
}
