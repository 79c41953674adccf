//! `sroi voi --format html` (or `-o voi.html`): the value of information as a page to
//! read, email or print. The findings in words lead; then the decision and its EVPI, a
//! chart of what knowing each quantity would be worth against the EVPI, every quantity and
//! group in tables, and how the figures are made and should be read. The same page
//! template as the other reports, with the command's JSON embedded.

use super::{GROUPS, QUANTITIES, byline, group_grid, options_grid, quantity_grid};
use crate::analysis::summary::group_thousands;
use crate::analysis::voi::{NOT_FUNDED, VoiReport};
use crate::error::Error;
use crate::report::figures;
use crate::report::page::{self, Ids, Page, Section, Table, table};
use crate::report::{Grid, currency_symbol, money};

/// Renders a value-of-information result, `json` its `--format json`, as one page.
pub fn render(r: &VoiReport, json: &str) -> Result<String, Error> {
    let mut lead = r.findings.clone();
    lead.extend(r.notes.iter().map(|n| format!("Note: {n}.")));
    page::render(&Page {
        title: super::title(r),
        subtitle: vec![byline(r)],
        headline: None,
        lead,
        description: None,
        sections: sections(r, &mut Ids::default()),
        methods: methods(r),
        json: json.to_string(),
    })
}

/// The decision in words: what the options are and what each is worth.
fn decision(r: &VoiReport) -> String {
    if r.options.len() == 2 && r.options[0] == NOT_FUNDED {
        format!(
            "The decision is whether to fund {}: not funding it is worth nothing, funding it its \
             net present value (present value minus investment), draw by draw. On current \
             information the better choice is the option with the higher expected net benefit.",
            r.options[1]
        )
    } else {
        format!(
            "The decision is which of the {} options to choose, each worth its net present value \
             (present value minus investment) on the same draws. On current information the \
             better choice is the option with the highest expected net benefit.",
            r.options.len()
        )
    }
}

/// The EVPI, its Monte Carlo error and the noise floor, each with what it means.
fn summary_grid(r: &VoiReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    let row = |name: &str, x: f64, meaning: &str| {
        vec![name.to_string(), money(x, &sym), meaning.to_string()]
    };
    Grid {
        header: ["Figure", "Amount", "What it means"]
            .map(String::from)
            .to_vec(),
        rows: vec![
            row(
                "EVPI",
                r.evpi,
                "The expected value of perfect information: what knowing every quantity \
                 exactly before deciding would be worth, the expected loss from deciding on \
                 current information, and the most any research could be worth to this \
                 decision.",
            ),
            row(
                "Its Monte Carlo error",
                r.evpi_standard_error,
                "The standard error of the EVPI: how far it may lie from the figure more draws \
                 would give.",
            ),
            row(
                "Noise floor",
                r.noise_floor,
                "What the method finds in a quantity unrelated to anything: an EVPPI below it, \
                 or below 1% of the EVPI, is indistinguishable from 0.",
            ),
        ],
        text_columns: 1,
    }
}

/// The page's parts: the decision, what to measure, and quantities known together. `ids`
/// hands out the spec's ids, so that the parts can sit beside others on one page.
pub fn sections(r: &VoiReport, ids: &mut Ids) -> Vec<Section> {
    let mut figures_shown = Vec::new();
    figures_shown.extend(figures::evppi(r, &ids.take("fig-evppi", 0)));
    let mut summary = table(
        &ids.take("table-voi-summary", 0),
        "What perfect information would be worth to the decision",
        summary_grid(r),
    );
    summary.text_also = vec![2];
    let mut quantities = table(&ids.take("table-evppi", 0), QUANTITIES, quantity_grid(r));
    quantities.note = Some(
        "Shares of the EVPI do not add up to 100%: what one quantity would tell overlaps with \
         what others would, and quantities combine in products, which is why groups are valued \
         together below."
            .into(),
    );
    let mut out = vec![
        Section {
            heading: "What to measure next: the decision".into(),
            anchor: "voi-decision".into(),
            lines: vec![decision(r)],
            figures: vec![],
            beside: Vec::new(),
            tables: vec![
                table(
                    &ids.take("table-voi-options", 0),
                    "The options and their expected net benefit",
                    options_grid(r),
                ),
                summary,
            ],
        },
        Section {
            heading: "What is worth measuring".into(),
            anchor: "voi-quantities".into(),
            lines: vec![],
            figures: figures_shown,
            beside: Vec::new(),
            tables: vec![quantities],
        },
    ];
    if !r.groups.is_empty() {
        out.push(Section {
            heading: "Quantities worth knowing together".into(),
            anchor: "voi-groups".into(),
            lines: vec![],
            figures: vec![],
            beside: Vec::new(),
            tables: vec![groups_table(r, &ids.take("table-evppi-groups", 0))],
        });
    }
    out
}

/// The groups, each with its members named under it.
fn groups_table(r: &VoiReport, id: &str) -> Table {
    let mut t = table(id, GROUPS, group_grid(r));
    for (row, g) in t.rows.iter_mut().zip(&r.groups) {
        if let Some(name) = row.first_mut() {
            name.sub = Some(g.members.join(", "));
        }
    }
    t
}

/// How the figures are made, and how to read them.
pub fn methods(r: &VoiReport) -> Vec<String> {
    vec![
        format!(
            "The decision's net benefit: each option's net present value in each of {} Monte \
             Carlo draws (seed {}), discounted as in a run{}. The same files, draws and \
             seed give the same figures on any computer.",
            group_thousands(r.iterations as u64),
            r.seed,
            if r.options.first().is_some_and(|o| o == NOT_FUNDED) {
                "; not funding is worth 0"
            } else {
                ""
            }
        ),
        "EVPI, the expected value of perfect information: the mean over the draws of the best \
         option's net benefit in that draw, minus the best mean net benefit. Its Monte Carlo \
         standard error is the standard deviation of the draws' losses over the square root of \
         their number."
            .to_string(),
        format!(
            "EVPPI, the expected value of partial perfect information: the same, with each \
             option's net benefit replaced by its expectation given the quantity (or group), \
             estimated from the one set of draws ({} of them) by nonparametric regression \
             (Strong, Oakley & Brennan 2014, Medical Decision Making 34(3):311–326): {}. \
             Estimates are kept within 0 and the EVPI; the noise floor is the estimate for a \
             quantity drawn independently of everything.",
            group_thousands(r.regression_draws as u64),
            r.method
        ),
        "How to read it: each figure is the most that learning it could be worth to this one \
         decision. A study is worth doing for the decision only if it costs less than the EVPPI \
         of what it would measure, and in practice it is worth less, since no study measures \
         exactly. The figures are for the decision as modelled (one scheme); a funder making \
         the same decision for many schemes multiplies them. They say nothing of measuring for \
         other reasons, such as reporting what was achieved."
            .to_string(),
    ]
}
