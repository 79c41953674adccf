//! The reports as a reader sees them: each kind rendered in headless Chromium, which must
//! lay out every chart, log no console error (the page runs no script and loads nothing,
//! so any message is a fault), take a screenshot that is not blank, and print to PDF.
//!
//! Chromium comes from Debian's `chromium` package (`.ci/run` installs it). Where it is
//! missing the test says so and passes without looking: run `.ci/run`, or
//! `apt-get install chromium`, to see it run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workspace, chromium, repo};

/// Runs Chromium headless on `page` with `args`; returns its standard output and error.
fn headless(browser: &Path, page: &Path, profile: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(browser)
        .args(common::HEADLESS)
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium failed: {:?}", out);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// True if the PNG has ink: more than a few colours and a fair share of non-white pixels.
fn has_ink(png_path: &Path) -> bool {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut inked = 0usize;
    let mut colours = std::collections::HashSet::new();
    for px in pixels.chunks(channels) {
        if px[..3].iter().any(|&c| c < 200) {
            inked += 1;
        }
        if colours.len() < 1000 {
            colours.insert(px[..3].to_vec());
        }
    }
    let total = pixels.len() / channels;
    colours.len() > 20 && inked * 50 > total
}

fn check(browser: &Path, ws: &Workspace, page: &str, figures: &[&str]) {
    let page = ws.path().join(page);
    let profile = tempfile::tempdir().unwrap();
    let (dom, log) = headless(browser, &page, profile.path(), &["--dump-dom"]);
    for id in figures {
        let at = dom
            .find(&format!("<figure id=\"{id}\">"))
            .unwrap_or_else(|| panic!("{}: no figure {id}", page.display()));
        let svg = &dom[at..];
        let end = svg.find("</figure>").unwrap();
        assert!(
            svg[..end].contains("<svg") && svg[..end].contains("<text"),
            "{id}: no chart drawn"
        );
    }
    for line in log.lines() {
        assert!(
            !(line.contains("CONSOLE")
                || line.contains("Failed to load")
                || line.contains("Refused to")),
            "{}: console error: {line}",
            page.display()
        );
    }
    let shot = page.with_extension("png");
    headless(
        browser,
        &page,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1000,1400",
        ],
    );
    assert!(has_ink(&shot), "{}: a blank screenshot", shot.display());
    let pdf = page.with_extension("pdf");
    headless(
        browser,
        &page,
        profile.path(),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let pages = bytes.windows(10).filter(|w| w == b"/Type /Pag").count();
    assert!(pages >= 3, "{}: {pages} pages printed", pdf.display());
    if let Some(dir) = std::env::var_os("SROI_SCREENSHOTS") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&shot, dir.join(shot.file_name().unwrap())).unwrap();
        std::fs::copy(&pdf, dir.join(pdf.file_name().unwrap())).unwrap();
    }
}

#[test]
fn every_report_kind_renders_and_prints_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED: Chromium is not installed, so the reports were not rendered. \
             Install Debian's `chromium` package (as .ci/run does) to run this test."
        );
        return;
    };
    let ws = Workspace::new();
    let model = repo("models/social-prescribing-link-worker.toml");
    let model = model.to_str().unwrap();
    let (a, b) = (
        repo("scenarios/hwf-2017-two-years.toml"),
        repo("scenarios/hwf-2017-three-years.toml"),
    );
    for args in [
        vec!["report", model, "-n", "20000", "-o", "report-one.html"],
        vec![
            "report",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "-n",
            "20000",
            "-o",
            "report-compare.html",
        ],
        vec!["run", model, "-n", "20000", "-o", "run.html"],
        vec!["voi", model, "-n", "20000", "-o", "voi.html"],
    ] {
        let out = ws.sroi(&args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
    }
    let run = [
        "fig-ratio",
        "fig-outcomes",
        "fig-stakeholders",
        "fig-acceptability",
    ];
    let mut one = run.to_vec();
    one.push("fig-tornado");
    check(&browser, &ws, "report-one.html", &one);
    check(
        &browser,
        &ws,
        "report-compare.html",
        &[
            "fig-difference",
            "fig-acceptability",
            "fig-ratio",
            "fig-outcomes",
        ],
    );
    check(&browser, &ws, "run.html", &run);
    check(&browser, &ws, "voi.html", &["fig-evppi"]);
}
