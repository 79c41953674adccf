//! The written reports and exports: the HTML page parsed back (ids, well-formed SVG,
//! nothing loaded from elsewhere, the embedded JSON equal to `--format json`), the
//! workbook read back with calamine and checked against the JSON, the draws file, and the
//! output rules (format from the extension, `-o -`, checks before sampling, closed pipes).

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{Workspace, repo};
use scraper::{Html, Selector};
use serde_json::Value;

const FLAGSHIP: &str = "models/social-prescribing-link-worker.toml";

fn path(rel: &str) -> String {
    repo(rel).to_str().unwrap().to_string()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn ok(out: &common::Output) {
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

/// Checks what every page must be, and returns its embedded JSON.
fn check_page(html: &str, figures: &[&str], tables: &[&str]) -> Value {
    let doc = Html::parse_document(html);
    for id in figures {
        let figure = doc
            .select(&sel(&format!("figure#{id}")))
            .next()
            .unwrap_or_else(|| panic!("no figure {id}"));
        let svg = figure
            .select(&sel("svg"))
            .next()
            .unwrap_or_else(|| panic!("{id} has no svg"));
        // Well-formed XML, with a title and text on its axes.
        let xml = svg.html();
        let parsed = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{id}: SVG not well-formed: {e}"));
        let root = parsed.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        let title = root.children().find(|n| n.has_tag_name("title"));
        assert!(
            title.and_then(|t| t.text()).is_some_and(|t| !t.is_empty()),
            "{id}: no <title>"
        );
        assert!(
            root.descendants()
                .filter(|n| n.has_tag_name("text"))
                .count()
                >= 4
        );
        let caption = figure.select(&sel("figcaption")).next().expect("a caption");
        assert!(
            caption
                .text()
                .collect::<String>()
                .contains("How to read this")
        );
    }
    for id in tables {
        let table = doc
            .select(&sel(&format!("table#{id}")))
            .next()
            .unwrap_or_else(|| panic!("no table {id}"));
        assert!(table.select(&sel("tbody tr")).count() >= 1, "{id} is empty");
    }
    // Ids are unique.
    let ids: Vec<_> = doc
        .select(&sel("[id]"))
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "repeated ids in {ids:?}");
    // Nothing loaded from elsewhere: no src, no stylesheet links, no @import or url(),
    // and links only to the page itself or to cited web pages.
    assert_eq!(doc.select(&sel("[src]")).count(), 0);
    assert_eq!(doc.select(&sel("link")).count(), 0);
    for style in doc.select(&sel("style")) {
        let css = style.text().collect::<String>();
        assert!(!css.contains("@import") && !css.contains("url("), "{css}");
    }
    for a in doc.select(&sel("[href]")) {
        let href = a.value().attr("href").unwrap();
        assert!(
            a.value().name() == "a"
                && (href.starts_with('#')
                    || href.starts_with("https://")
                    || href.starts_with("http://")),
            "a load from elsewhere: {}",
            a.html()
        );
    }
    // Only the data script; nothing runs.
    let scripts: Vec<_> = doc.select(&sel("script")).collect();
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].value().attr("type"), Some("application/json"));
    assert_eq!(scripts[0].value().attr("id"), Some("sroi-result"));
    serde_json::from_str(&scripts[0].text().collect::<String>()).expect("embedded JSON")
}

fn json_of(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let ws = Workspace::new();
    let out = ws.sroi(&a);
    ok(&out);
    serde_json::from_str(&out.stdout).unwrap()
}

const RUN_FIGURES: [&str; 4] = [
    "fig-ratio",
    "fig-outcomes",
    "fig-stakeholders",
    "fig-acceptability",
];
const RUN_TABLES: [&str; 4] = [
    "table-summary",
    "table-impact-map",
    "table-assumptions",
    "table-funders",
];

#[test]
fn the_run_page_has_every_figure_and_table_and_embeds_the_json() {
    let model = path(FLAGSHIP);
    let args = ["run", model.as_str(), "-n", "3000", "--seed", "5"];
    let ws = Workspace::new();
    let mut html_args = args.to_vec();
    html_args.extend(["--format", "html"]);
    let out = ws.sroi(&html_args);
    ok(&out);
    let embedded = check_page(&out.stdout, &RUN_FIGURES, &RUN_TABLES);
    assert_eq!(embedded, json_of(&args));
    // The assumptions table lists every named quantity of the model, with its source
    // where the model gives one.
    let doc = Html::parse_document(&out.stdout);
    let rows = doc.select(&sel("#table-assumptions tbody tr")).count();
    let check = common::sroi_in_repo(&["check", FLAGSHIP]);
    assert!(rows >= 10, "{rows} quantities");
    assert!(check.contains("quantities") || !check.is_empty());
    let text = doc
        .select(&sel("#table-impact-map"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(text.contains("Fewer GP consultations"), "{text}");
}

#[test]
fn the_one_file_report_adds_the_tornado_and_the_several_file_report_the_differences() {
    let ws = Workspace::new();
    let model = path(FLAGSHIP);
    let out = ws.sroi(&["report", &model, "-n", "2000", "-o", "one.html"]);
    ok(&out);
    let html = std::fs::read_to_string(ws.path().join("one.html")).unwrap();
    let mut figures = RUN_FIGURES.to_vec();
    figures.push("fig-tornado");
    let j = check_page(&html, &figures, &RUN_TABLES);
    let s = json_of(&["sensitivity", &model, "-n", "2000"]);
    assert_eq!(j["sensitivity"], s);
    assert_eq!(j["run"], json_of(&["run", &model, "-n", "2000"]));

    let (a, b) = (
        path("scenarios/hwf-2017-two-years.toml"),
        path("scenarios/hwf-2017-three-years.toml"),
    );
    let out = ws.sroi(&["report", &a, &b, "-n", "2000", "-o", "two.html"]);
    ok(&out);
    let html = std::fs::read_to_string(ws.path().join("two.html")).unwrap();
    let j = check_page(
        &html,
        &[
            "fig-difference",
            "fig-acceptability",
            "fig-ratio",
            "fig-outcomes",
            "fig-stakeholders",
            "fig-ratio-2",
        ],
        &[
            "table-decision",
            "table-summary",
            "table-funders",
            "table-impact-map",
            "table-assumptions",
            "table-impact-map-2",
        ],
    );
    assert_eq!(j["comparison"], json_of(&["compare", &a, &b, "-n", "2000"]));
    // compare --format html embeds compare's own JSON.
    let out = ws.sroi(&["compare", &a, &b, "-n", "2000", "--format", "html"]);
    ok(&out);
    let j = check_page(
        &out.stdout,
        &["fig-difference"],
        &["table-decision", "table-summary"],
    );
    assert_eq!(j, json_of(&["compare", &a, &b, "-n", "2000"]));
}

fn cell(range: &calamine::Range<Data>, r: u32, c: u32) -> Data {
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

/// Excel keeps 15 significant figures or so: equal to well within that.
#[track_caller]
fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-13 * a.abs().max(1.0), "{a} vs {b}");
}

fn number(d: Data) -> f64 {
    match d {
        Data::Float(x) => x,
        Data::Int(i) => i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_workbook_holds_the_figures_as_numbers() {
    let ws = Workspace::new();
    let model = path(FLAGSHIP);
    let out = ws.sroi(&["report", &model, "-n", "2000", "-o", "r.xlsx"]);
    ok(&out);
    let j = json_of(&["run", &model, "-n", "2000"]);
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("r.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Value Map",
            "Impact map",
            "Assumptions",
            "Outcomes",
            "Stakeholders",
            "Funders",
            "Acceptability",
            "Monte Carlo error",
            "Ledger",
            "Sensitivity",
            "Standard tests",
            "Proxies",
            "Assurance",
            "Left out"
        ]
    );
    // The Monte Carlo error: the expected ratio's ±, and where the interval's ends and
    // the chance could lie, as the JSON has them.
    let e = book.worksheet_range("Monte Carlo error").unwrap();
    let m = &j["monte_carlo_error"];
    assert_eq!(cell(&e, 1, 0).to_string(), "Expected ratio");
    close(
        number(cell(&e, 1, 1)),
        j["expected"]["ratio"].as_f64().unwrap(),
    );
    close(
        number(cell(&e, 1, 2)),
        m["expected_ratio"].as_f64().unwrap(),
    );
    for (row, key) in [
        (5, "ratio_ci_low"),
        (6, "ratio_ci_high"),
        (7, "prob_ratio_above_1"),
    ] {
        close(number(cell(&e, row, 3)), m[key][0].as_f64().unwrap());
        close(number(cell(&e, row, 4)), m[key][1].as_f64().unwrap());
    }
    let s = book.worksheet_range("Summary").unwrap();
    let header: Vec<String> = (0..6).map(|c| cell(&s, 0, c).to_string()).collect();
    assert_eq!(
        header,
        [
            "Figure",
            "Base case",
            "Mean",
            "Median",
            "Interval low",
            "Interval high"
        ]
    );
    for (row, key) in [
        (1, "ratio"),
        (2, "present_value"),
        (3, "investment"),
        (4, "npv"),
    ] {
        close(
            number(cell(&s, row, 1)),
            j["base_case"][key].as_f64().unwrap(),
        );
        close(number(cell(&s, row, 2)), j[key]["mean"].as_f64().unwrap());
        close(number(cell(&s, row, 3)), j[key]["median"].as_f64().unwrap());
        close(number(cell(&s, row, 4)), j[key]["ci_low"].as_f64().unwrap());
        close(
            number(cell(&s, row, 5)),
            j[key]["ci_high"].as_f64().unwrap(),
        );
        // Column G: the expected value, beside the base case's figures.
        close(
            number(cell(&s, row, 6)),
            j["expected"][key].as_f64().unwrap(),
        );
    }
    assert_eq!(cell(&s, 0, 6).to_string(), "Expected");
    let o = book.worksheet_range("Outcomes").unwrap();
    for (i, outcome) in j["outcomes"].as_array().unwrap().iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(
            cell(&o, r, 0).to_string(),
            outcome["name"].as_str().unwrap()
        );
        close(
            number(cell(&o, r, 3)),
            outcome["present_value"]["mean"].as_f64().unwrap(),
        );
    }
    let f = book.worksheet_range("Funders").unwrap();
    let funder = &j["funders"][0];
    assert_eq!(cell(&f, 1, 0).to_string(), funder["name"].as_str().unwrap());
    close(
        number(cell(&f, 1, 2)),
        funder["investment"]["mean"].as_f64().unwrap(),
    );

    // Several files: one Summary block per option, a blank row between, named in A.
    let (a, b) = (
        path("scenarios/hwf-2017-two-years.toml"),
        path("scenarios/hwf-2017-three-years.toml"),
    );
    let out = ws.sroi(&["compare", &a, &b, "-n", "2000", "-o", "c.xlsx"]);
    ok(&out);
    let c = json_of(&["compare", &a, &b, "-n", "2000"]);
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("c.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names[names.len() - 4..],
        ["Differences", "Proxies", "Assurance", "Left out"]
    );
    let s = book.worksheet_range("Summary").unwrap();
    let name = c["scenarios"][1]["name"].as_str().unwrap();
    assert_eq!(cell(&s, 6, 0), Data::Empty);
    assert!(cell(&s, 7, 0).to_string().contains(name));
    close(
        number(cell(&s, 8, 2)),
        c["scenarios"][1]["ratio"]["mean"].as_f64().unwrap(),
    );
    let d = book.worksheet_range("Differences").unwrap();
    close(
        number(cell(&d, 1, 3)),
        c["differences"][0]["npv"]["mean"].as_f64().unwrap(),
    );
}

#[test]
fn every_draw_goes_to_csv_the_same_for_any_thread_count() {
    let ws = Workspace::new();
    let model = path("tests/fixtures/simple.toml");
    for threads in ["1", "2"] {
        let out = ws.sroi(&[
            "run",
            &model,
            "-n",
            "40000",
            "--threads",
            threads,
            "--draws",
            &format!("d{threads}.csv"),
            "--format",
            "json",
        ]);
        ok(&out);
    }
    let one = std::fs::read(ws.path().join("d1.csv")).unwrap();
    assert_eq!(one, std::fs::read(ws.path().join("d2.csv")).unwrap());
    let text = String::from_utf8(one).unwrap();
    let header: Vec<String> = csv::Reader::from_reader(text.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "draw",
            "ratio",
            "present_value",
            "investment",
            "npv",
            "parameters.people",
            "parameters.share",
            "parameters.reached",
            "inputs.Grant.amount",
            "outcomes.Wellbeing.quantity",
            "outcomes.Wellbeing.value",
            "outcomes.Wellbeing.deadweight",
            "outcomes.Wellbeing.attribution",
            "outcomes.Wellbeing.drop_off",
            "outcomes.\"Fewer GP visits\".quantity",
            "outcomes.\"Fewer GP visits\".value",
        ]
    );
    let rows = common::csv_rows(&text);
    assert_eq!(rows.len(), 40000);
    let j = json_of(&["run", &model, "-n", "40000"]);
    // Each row's figures agree with each other, and their mean with the run's.
    let mut sum = 0.0;
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0].parse::<usize>().unwrap(), i);
        let f = |k: usize| r[k].parse::<f64>().unwrap();
        assert_eq!(f(1), f(2) / f(3));
        assert_eq!(f(4), f(2) - f(3));
        // reached = people * share
        assert_eq!(f(7), f(5) * f(6));
        sum += f(1);
    }
    let mean = j["ratio"]["mean"].as_f64().unwrap();
    assert!(
        (sum / 40000.0 - mean).abs() < 1e-9 * mean.abs(),
        "{} vs {mean}",
        sum / 40000.0
    );

    // A comparison: one row per draw per option, names an option lacks left empty.
    let (a, b) = (
        path("models/museum-volunteering-wellbeing.toml"),
        path("scenarios/museum-volunteering-double-scale.toml"),
    );
    let out = ws.sroi(&["compare", &a, &b, "-n", "500", "--draws", "c.csv"]);
    ok(&out);
    let text = std::fs::read_to_string(ws.path().join("c.csv")).unwrap();
    assert!(text.starts_with("draw,option,ratio,present_value,investment,npv,"));
    let rows = common::csv_rows(&text);
    assert_eq!(rows.len(), 1000);
    assert_eq!((&rows[0][0], &rows[0][1]), ("0", "1"));
    assert_eq!((&rows[1][0], &rows[1][1]), ("0", "2"));
    assert_eq!((&rows[999][0], &rows[999][1]), ("499", "2"));
}

#[test]
fn output_rules_are_checked_before_sampling_and_nothing_is_written_on_error() {
    let ws = Workspace::new();
    let model = path("tests/fixtures/simple.toml");
    // An unknown extension: usage error, nothing written.
    let out = ws.sroi(&["run", &model, "-n", "100", "-o", "r.pdf"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--format"), "{}", out.stderr);
    assert!(!ws.path().join("r.pdf").exists());
    // ... unless --format says.
    let out = ws.sroi(&["run", &model, "-n", "100", "-o", "r.out", "--format", "csv"]);
    ok(&out);
    // `-o -` is standard output, not a file named `-`.
    let out = ws.sroi(&["run", &model, "-n", "100", "-o", "-", "--format", "json"]);
    ok(&out);
    assert!(out.stdout.starts_with('{'));
    assert!(!ws.path().join("-").exists());
    // A missing folder, or a workbook to standard output, is refused before any sampling:
    // a billion draws would take minutes.
    let out = ws.sroi(&["run", &model, "-n", "1000000000", "-o", "no/such/r.json"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    let out = ws.sroi(&["run", &model, "-n", "1000000000", "--format", "xlsx"]);
    assert_eq!(out.code, Some(2));
    ws.write("taken.csv", "keep me");
    let out = ws.sroi(&["run", &model, "-n", "1000000000", "--draws", "taken.csv"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        std::fs::read_to_string(ws.path().join("taken.csv")).unwrap(),
        "keep me"
    );
    // A report must be a page or a workbook.
    let out = ws.sroi(&["report", &model, "-n", "100", "-o", "r.json"]);
    assert_eq!(out.code, Some(2));
    assert!(!ws.path().join("r.json").exists());
}

#[cfg(unix)]
#[test]
fn closed_pipes_are_not_a_panic() {
    let bin = assert_cmd::cargo::cargo_bin("sroi");
    // Standard error closed: the error cannot be shown, but the exit code still says 1.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("\"$0\" run no-such-model.toml 2>&-")
        .arg(&bin)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    // Standard output read by something that stops early.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("\"$0\" run \"$1\" -n 2000 --format csv | head -c 10 >/dev/null; exit 0")
        .arg(&bin)
        .arg(repo("tests/fixtures/simple.toml"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// The amount in a cell such as `£2,601` or `-£1,200`.
fn pounds(cell: &str) -> f64 {
    cell.replace(['£', ','], "").parse().unwrap()
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// `sroi voi` of `model` at 4,000 draws, seed 7, with `extra` arguments.
fn voi_args<'a>(model: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["voi", model, "-n", "4000", "--seed", "7"];
    args.extend_from_slice(extra);
    args
}

/// One number attribute of an SVG element.
fn attr(node: &roxmltree::Node, name: &str) -> f64 {
    node.attribute(name).unwrap().parse().unwrap()
}

#[test]
fn the_voi_page_leads_with_the_findings_and_charts_each_quantity_against_the_evpi() {
    let ws = Workspace::new();
    // Breathe Magic is a close call (a 70% chance above 1), so more than one quantity is
    // worth knowing.
    let model = path("models/magic-therapy-hemiplegia.toml");
    let j = json_of(&voi_args(&model, &[]));
    ok(&ws.sroi(&voi_args(&model, &["-o", "voi.html"])));
    let html = std::fs::read_to_string(ws.path().join("voi.html")).unwrap();
    let embedded = check_page(
        &html,
        &["fig-evppi"],
        &[
            "table-voi-options",
            "table-voi-summary",
            "table-evppi",
            "table-evppi-groups",
        ],
    );
    assert_eq!(embedded, j);
    let doc = Html::parse_document(&html);
    // The findings in words lead the page, as in every other format.
    let lead = texts(&doc, ".lead p");
    let findings: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(lead[..findings.len()], findings[..]);
    assert!(findings.iter().any(|f| f.contains("would be worth up to")));
    // Every quantity a row, largest first, in pounds with its share.
    let quantities = j["quantities"].as_array().unwrap();
    let rows: Vec<Vec<String>> = doc
        .select(&sel("#table-evppi tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect::<String>())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), quantities.len());
    for (row, q) in rows.iter().zip(quantities) {
        assert_eq!(row[0], q["name"].as_str().unwrap());
        assert_eq!(pounds(&row[1]), q["evppi"].as_f64().unwrap().round());
        let share = 100.0 * q["share_of_evpi"].as_f64().unwrap();
        assert_eq!(row[2], format!("{share:.1}%"));
    }
    // Each group with its members under its name.
    let group = &j["groups"][0];
    let first = texts(&doc, "#table-evppi-groups tbody tr td:first-child");
    assert!(first[0].starts_with(group["name"].as_str().unwrap()));
    assert!(first[0].contains(group["members"][0].as_str().unwrap()));
    // The EVPI and the noise floor, in pounds.
    let summary = texts(&doc, "#table-voi-summary tbody td.num");
    assert_eq!(pounds(&summary[0]), j["evpi"].as_f64().unwrap().round());
    assert_eq!(
        pounds(&summary[2]),
        j["noise_floor"].as_f64().unwrap().round()
    );
    // The chart: a bar per quantity worth something, up to 12, drawn to scale, then one
    // row for those worth nothing; the EVPI marked.
    let svg = doc.select(&sel("#fig-evppi svg")).next().unwrap().html();
    let svg = roxmltree::Document::parse(&svg).unwrap();
    let bars: Vec<_> = svg
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .collect();
    let evppi = |i: usize| quantities[i]["evppi"].as_f64().unwrap();
    let worth = (0..quantities.len()).filter(|&i| evppi(i) > 0.0).count();
    assert!(
        (2..12).contains(&worth),
        "{worth} quantities worth something"
    );
    // The bars, the row for the rest, then the legend's swatch.
    assert_eq!(bars.len(), worth + 2);
    let (w0, w1) = (attr(&bars[0], "width"), attr(&bars[1], "width"));
    assert!(evppi(1) > 0.0, "a second bar to compare with");
    assert!((w1 - w0 * evppi(1) / evppi(0)).abs() < 0.05, "{w0} {w1}");
    let words: String = svg
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" | ");
    let evpi = j["evpi"].as_f64().unwrap().round() as u64;
    let evpi = format!("£{}", sroi::analysis::summary::group_thousands(evpi));
    assert!(
        words.contains(&format!("EVPI, knowing everything: {evpi}")),
        "{words}"
    );
    assert!(
        words.contains(quantities[0]["name"].as_str().unwrap()),
        "{words}"
    );
    let rest = format!("each of the other {} quantities", quantities.len() - worth);
    assert!(words.contains(&rest), "{words}");
    // The EVPI line sits where an amount equal to the EVPI would end.
    let left = attr(&bars[0], "x");
    let solid = svg
        .descendants()
        .filter(|n| n.has_tag_name("line") && n.attribute("stroke-dasharray") == Some("none"))
        .map(|n| attr(&n, "x1"))
        .next()
        .unwrap();
    let scale = w0 / evppi(0);
    let at = left + scale * j["evpi"].as_f64().unwrap();
    assert!((solid - at).abs() < 0.05, "EVPI line at {solid}, not {at}");
    let caption = texts(&doc, "#fig-evppi figcaption").concat();
    assert!(
        caption.contains(quantities[0]["name"].as_str().unwrap()),
        "{caption}"
    );
    assert!(caption.contains(&evpi), "{caption}");
    // How to read it, and where the method comes from.
    let methods = texts(&doc, "#methods li").concat();
    assert!(
        methods.contains("Strong, Oakley & Brennan 2014"),
        "{methods}"
    );
    assert!(methods.contains("How to read it"), "{methods}");
    // --format html gives the same page on standard output.
    let out = ws.sroi(&voi_args(&model, &["--format", "html"]));
    ok(&out);
    assert_eq!(out.stdout, html);
}

#[test]
fn the_voi_workbook_holds_the_figures_as_numbers_and_the_same_run_the_same_bytes() {
    let ws = Workspace::new();
    let model = path("models/dance-for-dementia.toml");
    let j = json_of(&voi_args(&model, &[]));
    for name in ["v1.xlsx", "v2.xlsx"] {
        ok(&ws.sroi(&voi_args(&model, &["-o", name])));
    }
    let bytes = std::fs::read(ws.path().join("v1.xlsx")).unwrap();
    assert_eq!(bytes, std::fs::read(ws.path().join("v2.xlsx")).unwrap());
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("v1.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Value of information",
            "Options",
            "EVPPI by quantity",
            "EVPPI by group",
            "Findings"
        ]
    );
    let s = book.worksheet_range("Value of information").unwrap();
    assert_eq!(cell(&s, 1, 0).to_string(), "EVPI");
    close(number(cell(&s, 1, 1)), j["evpi"].as_f64().unwrap());
    close(
        number(cell(&s, 2, 1)),
        j["evpi_standard_error"].as_f64().unwrap(),
    );
    close(number(cell(&s, 3, 1)), j["noise_floor"].as_f64().unwrap());
    assert_eq!(
        cell(&s, 4, 1).to_string(),
        j["current_choice"].as_str().unwrap()
    );
    assert_eq!(number(cell(&s, 5, 1)), 4000.0);
    assert_eq!(number(cell(&s, 7, 1)), 7.0);
    let o = book.worksheet_range("Options").unwrap();
    for (i, name) in j["options"].as_array().unwrap().iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(cell(&o, r, 0).to_string(), name.as_str().unwrap());
        close(
            number(cell(&o, r, 1)),
            j["expected_net_benefit"][i].as_f64().unwrap(),
        );
        let current = name == &j["current_choice"];
        assert_eq!(cell(&o, r, 2).to_string(), if current { "yes" } else { "" });
    }
    let q = book.worksheet_range("EVPPI by quantity").unwrap();
    let quantities = j["quantities"].as_array().unwrap();
    assert_eq!(q.height(), quantities.len() + 1);
    for (i, x) in quantities.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(cell(&q, r, 0).to_string(), x["name"].as_str().unwrap());
        close(number(cell(&q, r, 1)), x["evppi"].as_f64().unwrap());
        close(number(cell(&q, r, 2)), x["share_of_evpi"].as_f64().unwrap());
    }
    let g = book.worksheet_range("EVPPI by group").unwrap();
    let groups = j["groups"].as_array().unwrap();
    assert_eq!(g.height(), groups.len() + 1);
    for (i, x) in groups.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(cell(&g, r, 0).to_string(), x["name"].as_str().unwrap());
        let members = x["members"].as_array().unwrap();
        assert_eq!(number(cell(&g, r, 2)), members.len() as f64);
        close(number(cell(&g, r, 3)), x["evppi"].as_f64().unwrap());
    }
    let f = book.worksheet_range("Findings").unwrap();
    assert_eq!(
        cell(&f, 1, 1).to_string(),
        j["findings"][0].as_str().unwrap()
    );

    // `sroi report --voi` adds the same sheets after the report's own, and the same
    // section to the page, its JSON under `voi`.
    let out = ws.sroi(&[
        "report", &model, "-n", "4000", "--seed", "7", "--voi", "-o", "r.xlsx",
    ]);
    ok(&out);
    let book: Xlsx<_> = calamine::open_workbook(ws.path().join("r.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "Summary");
    assert!(
        names
            .windows(5)
            .any(|w| w[0] == "Value of information" && w[4] == "Findings"),
        "{names:?}"
    );
    let out = ws.sroi(&[
        "report", &model, "-n", "4000", "--seed", "7", "--voi", "-o", "r.html",
    ]);
    ok(&out);
    let html = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
    let mut figures = RUN_FIGURES.to_vec();
    figures.extend(["fig-tornado", "fig-evppi"]);
    let mut tables = RUN_TABLES.to_vec();
    tables.extend(["table-evppi", "table-evppi-groups"]);
    let embedded = check_page(&html, &figures, &tables);
    assert_eq!(embedded["voi"], j);
    assert_eq!(
        embedded["run"],
        json_of(&["run", &model, "-n", "4000", "--seed", "7"])
    );
}

#[test]
fn the_voi_page_of_several_options_names_the_choice_among_them() {
    let ws = Workspace::new();
    let (a, b) = (
        path("scenarios/hwf-2017-two-years.toml"),
        path("scenarios/hwf-2017-three-years.toml"),
    );
    let args = ["voi", a.as_str(), b.as_str(), "-n", "2000"];
    let mut page = args.to_vec();
    page.extend(["--format", "html"]);
    let out = ws.sroi(&page);
    ok(&out);
    let embedded = check_page(
        &out.stdout,
        &["fig-evppi"],
        &["table-voi-options", "table-voi-summary", "table-evppi"],
    );
    let j = json_of(&args);
    assert_eq!(embedded, j);
    let doc = Html::parse_document(&out.stdout);
    let decision = texts(&doc, "#voi-decision p").concat();
    assert!(
        decision.contains("which of the 2 options to choose"),
        "{decision}"
    );
    // No "not funded" option: the options are the two files' models, the choice marked.
    let rows: Vec<String> = texts(&doc, "#table-voi-options tbody tr");
    assert_eq!(rows.len(), 2);
    let current = j["current_choice"].as_str().unwrap();
    assert!(
        rows.iter()
            .any(|r| r.contains(current) && r.contains("current choice"))
    );
    let methods = texts(&doc, "#methods li").concat();
    assert!(!methods.contains("not funding"), "{methods}");
}
