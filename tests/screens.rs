//! The HTML report on a phone (390 px), a laptop (1280 px) and paper, measured in headless
//! Chromium: nothing wider than the screen, no table hiding columns, chart text at least
//! 11 CSS px, the contents in one column on a phone, the first screen in plain words,
//! axe-core's WCAG 2.0/2.1 A and AA rules passed, and a three-option comparison of one
//! model's scenarios printed without repeating its assumptions.
//!
//! Chromium comes from Debian's `chromium` package and axe-core from npm, both installed
//! by `.ci/run` (axe-core into `target/axe`, or wherever `SROI_AXE` points at
//! `axe.min.js`). Where either is missing the tests that need it say so and pass without
//! looking.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workspace, chromium, repo};
use serde_json::Value;

fn axe() -> Option<PathBuf> {
    std::env::var_os("SROI_AXE")
        .map(PathBuf::from)
        .or_else(|| Some(repo("target/axe/node_modules/axe-core/axe.min.js")))
        .filter(|p| p.is_file())
}

fn skip(what: &str) {
    eprintln!(
        "SKIPPED: {what} is not installed, so the report was not measured. Run .ci/run, \
         which installs Chromium (Debian's `chromium`) and axe-core \
         (`npm install --prefix target/axe axe-core`)."
    );
}

/// Runs Chromium headless on `page` and returns the DOM it ends with.
fn dump(browser: &Path, page: &Path, window: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args(common::HEADLESS)
        .args([
            "--allow-file-access-from-files",
            "--virtual-time-budget=20000",
        ])
        .arg(format!("--window-size={window}"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the probe measures, in the page as laid out `width` CSS px wide: the page's and
/// the viewport's widths, every table wider than its box, the smallest chart text in CSS
/// px (its font size times the chart's scale), how many columns the contents list has,
/// and the first screen's text.
const PROBE: &str = r#"<script>
(function () {
  var cut = [];
  document.querySelectorAll('table').forEach(function (t) {
    var p = t.parentElement;
    if (t.scrollWidth > p.clientWidth + 2) cut.push(t.id + ':' + t.scrollWidth + '>' + p.clientWidth);
  });
  var font = 1e9, texts = 0;
  document.querySelectorAll('svg').forEach(function (s) {
    var box = s.getBoundingClientRect();
    if (box.width === 0) return;
    var scale = box.width / s.viewBox.baseVal.width;
    s.querySelectorAll('text').forEach(function (t) {
      var size = parseFloat(t.getAttribute('font-size')) * scale;
      texts += 1;
      if (size < font) font = size;
    });
  });
  var nav = document.querySelector('nav ol');
  var lead = document.querySelector('.lead');
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({
    w: document.documentElement.scrollWidth, vw: window.innerWidth, cut: cut,
    font: font, texts: texts,
    nav: nav ? getComputedStyle(nav).columnCount : null,
    lead: lead ? lead.innerText : ''
  });
  (parent !== window ? parent.document.body : document.body).appendChild(out);
})();
</script>"#;

/// The report `page` laid out `width` px wide, measured by [`PROBE`].
fn measure(browser: &Path, page: &Path, width: u32) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(page).unwrap();
    let at = html.rfind("</body>").unwrap();
    std::fs::write(
        dir.path().join("page.html"),
        format!("{}{PROBE}{}", &html[..at], &html[at..]),
    )
    .unwrap();
    // Chromium opens no window narrower than 500 px: the page goes in a frame that wide.
    let wrap = dir.path().join("wrap.html");
    std::fs::write(
        &wrap,
        format!(
            "<!doctype html><html><body style=\"margin:0\"><iframe src=\"page.html\" \
             style=\"width:{width}px;height:3000px;border:0\"></iframe></body></html>"
        ),
    )
    .unwrap();
    let dom = dump(browser, &wrap, "1400,3000", &["--dump-dom"]);
    probe_json(&dom, "probe")
}

fn probe_json(dom: &str, id: &str) -> Value {
    let start = dom
        .find(&format!("<pre id=\"{id}\">"))
        .unwrap_or_else(|| panic!("the probe {id} did not run: {dom:.2000}"));
    let text = &dom[start + id.len() + 11..];
    let text = &text[..text.find("</pre>").unwrap()];
    let text = text
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap()
}

fn report(ws: &Workspace, name: &str, files: &[&str]) -> PathBuf {
    let mut args = vec!["report".to_string()];
    args.extend(files.iter().map(|f| repo(f).to_str().unwrap().to_string()));
    args.extend(["-n", "2000", "-o", name].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ws.sroi(&args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    ws.path().join(name)
}

const ONE: &[&str] = &["models/social-prescribing-link-worker.toml"];
const THREE: &[&str] = &[
    "scenarios/hwf-2017-guidance.toml",
    "scenarios/hwf-2017-two-years.toml",
    "scenarios/hwf-2017-three-years.toml",
];

fn check_screen(m: &Value, page: &str, width: u32) {
    let at = format!("{page} at {width} px");
    assert!(
        m["w"].as_f64().unwrap() <= m["vw"].as_f64().unwrap(),
        "{at}: the page is wider than the screen: {m}"
    );
    assert_eq!(
        m["cut"].as_array().unwrap().len(),
        0,
        "{at}: tables hide columns: {}",
        m["cut"]
    );
    assert!(
        m["texts"].as_u64().unwrap() > 20,
        "{at}: no chart text: {m}"
    );
    let font = m["font"].as_f64().unwrap();
    assert!(font >= 11.0, "{at}: chart text {font:.1} px: {m}");
}

#[test]
fn reports_fit_a_phone_and_a_laptop() {
    let Some(browser) = chromium() else {
        return skip("Chromium");
    };
    let ws = Workspace::new();
    let one = report(&ws, "one.html", ONE);
    let three = report(&ws, "three.html", THREE);
    for (page, name) in [(&one, "one option"), (&three, "three options")] {
        let phone = measure(&browser, page, 390);
        check_screen(&phone, name, 390);
        assert_eq!(phone["nav"], "1", "{name}: contents in columns on a phone");
        check_screen(&measure(&browser, page, 1280), name, 1280);
    }
}

#[test]
fn the_first_screen_speaks_plainly() {
    let Some(browser) = chromium() else {
        return skip("Chromium");
    };
    let ws = Workspace::new();
    let page = report(&ws, "one.html", ONE);
    let html = std::fs::read_to_string(&page).unwrap();
    let lead = measure(&browser, &page, 1280)["lead"]
        .as_str()
        .unwrap()
        .to_string();
    // The figures the sentence must state, from the embedded result.
    let json = &html[html.find("id=\"sroi-result\">").unwrap() + 17..];
    let json: Value = serde_json::from_str(&json[..json.find("</script>").unwrap()]).unwrap();
    let h = &json["run"];
    let f = |x: &Value| format!("£{:.2}", x.as_f64().unwrap());
    let headline = format!(
        "Each £1 invested is expected to return {} of social value: in 95 cases out of 100 \
         between {} and {}, with a {:.1}% chance of returning more than it costs.",
        f(&h["expected"]["ratio"]),
        f(&h["ratio"]["ci_low"]),
        f(&h["ratio"]["ci_high"]),
        100.0 * h["prob_ratio_above_1"].as_f64().unwrap()
    );
    assert!(
        html.contains(&format!("<p id=\"headline\">{headline}</p>")),
        "{lead}"
    );
    assert!(
        lead.contains(&format!(
            "Base case: {} per £1, the figure a classic SROI report quotes",
            f(&h["base_case"]["ratio"])
        )),
        "{lead}"
    );
    for jargon in [
        "Draws:",
        "±",
        "Monte Carlo",
        "draws' ratios",
        "Interval ends",
    ] {
        assert!(
            !lead.contains(jargon),
            "{jargon:?} on the first screen: {lead}"
        );
    }
    let methods = &html[html.find("id=\"methods\"").unwrap()..];
    assert!(methods.contains("Monte Carlo error (95%): expected ratio ±"));
    // The histogram marks the expected ratio, and every chart states its figures.
    let expected = format!("expected {:.2}", h["expected"]["ratio"].as_f64().unwrap());
    assert!(html.contains(&expected), "histogram lacks {expected}");
    assert_eq!(html.matches("<desc>").count(), html.matches("<svg").count());
    // Words, not a terminal's: no raw Markdown, no "(s)", no hard hyphens in headings.
    let text = html.split("<script").next().unwrap();
    for raw in ["`", "(s)", "Attrib-ution", "Dead-weight", "Displace-ment"] {
        assert!(!text.contains(raw), "{raw:?} in the page");
    }
}

#[test]
fn a_comparison_names_its_options_in_its_charts() {
    let ws = Workspace::new();
    let page = report(&ws, "three.html", THREE);
    let html = std::fs::read_to_string(&page).unwrap();
    let acceptability = &html[html.find("<figure id=\"fig-acceptability\">").unwrap()..];
    let acceptability = &acceptability[..acceptability.find("</figure>").unwrap()];
    assert!(!acceptability.contains(">Option 2<"), "{acceptability}");
    assert!(acceptability.contains("2. Health and Wellbeing Fund 2017"));
    let difference = &html[html.find("<figure id=\"fig-difference\">").unwrap()..];
    assert!(difference[..difference.find("</figure>").unwrap()].contains("3. Health and"));
    // Assumptions once per model: the later scenarios list only what they define otherwise.
    let notes = html.matches("defined as for option 1").count();
    assert!(notes >= 4, "{notes} notes of rows printed once");
}

#[test]
fn axe_finds_no_wcag_a_or_aa_violation() {
    let Some(browser) = chromium() else {
        return skip("Chromium");
    };
    let Some(axe) = axe() else {
        return skip("axe-core");
    };
    let script = std::fs::read_to_string(axe).unwrap();
    let ws = Workspace::new();
    for (name, files) in [("one.html", ONE), ("three.html", THREE)] {
        let page = report(&ws, name, files);
        let html = std::fs::read_to_string(&page).unwrap();
        let at = html.rfind("</body>").unwrap();
        let run = "<script>axe.run(document, {runOnly: {type: 'tag', values: \
                   ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(function (r) {\
                   var d = document.createElement('pre'); d.id = 'axe';\
                   d.textContent = JSON.stringify(r.violations.map(function (v) {\
                   return {id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map(\
                   function (n) { return n.target.join(' '); })}; }));\
                   document.body.appendChild(d); });</script>";
        let checked = ws.path().join(format!("axe-{name}"));
        std::fs::write(
            &checked,
            format!(
                "{}<script>{script}</script>{run}{}",
                &html[..at],
                &html[at..]
            ),
        )
        .unwrap();
        let dom = dump(&browser, &checked, "1280,2000", &["--dump-dom"]);
        let violations = probe_json(&dom, "axe");
        assert_eq!(violations, Value::Array(vec![]), "{name}: {violations:#}");
    }
}

#[test]
fn three_options_of_one_model_print_on_few_pages() {
    let Some(browser) = chromium() else {
        return skip("Chromium");
    };
    let ws = Workspace::new();
    let page = report(&ws, "three.html", THREE);
    let pdf = ws.path().join("three.pdf");
    dump(
        &browser,
        &page,
        "1280,2000",
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    // Page objects, not the /Pages nodes of the page tree.
    let pages = bytes
        .windows(12)
        .filter(|w| &w[..11] == b"/Type /Page" && w[11] != b's')
        .count();
    // Each option repeating its 100-row assumptions printed 31 pages; once, 22. Each
    // option's own ledger (who pays, who saves) and the model's assurance findings
    // (printed once, later options saying they are not repeated) take that to 28.
    assert!((10..=28).contains(&pages), "{pages} pages printed");
}
