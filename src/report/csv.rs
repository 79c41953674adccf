//! `--format csv`: one row per reported quantity, every row self-describing.
//!
//! Each row repeats the model, seed, sampling method, draws and interval level so rows from several runs
//! (or the options of a comparison) can be stacked in one sheet and still be told apart.

use serde::Serialize;

use super::text::{spreadsheet_number, spreadsheet_text};
use crate::analysis::compare::CompareReport;
use crate::analysis::ledger::Ledger;
use crate::analysis::precision::MonteCarloError;
use crate::analysis::stats::Summary;
use crate::analysis::summary::{Headline, RunReport};
use crate::sample::lhs::Method;

#[derive(Serialize, Default, Clone)]
struct Row {
    model: String,
    seed: u64,
    sampling: Method,
    iterations: usize,
    ci_level: f64,
    section: &'static str,
    name: String,
    stakeholder: String,
    /// For a difference: the option it is measured from.
    versus: String,
    base_case: Option<f64>,
    mean: Option<f64>,
    sd: Option<f64>,
    median: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    share: Option<f64>,
}

/// Collects rows that share a model, seed, sampling method, draws and level.
struct Rows {
    template: Row,
    rows: Vec<Row>,
}

impl Rows {
    fn new(model: &str, seed: u64, sampling: Method, iterations: usize, ci_level: f64) -> Rows {
        Rows {
            template: Row {
                model: model.to_string(),
                seed,
                sampling,
                iterations,
                ci_level,
                ..Row::default()
            },
            rows: Vec::new(),
        }
    }

    /// A row of a summary of draws.
    fn summary(
        &mut self,
        section: &'static str,
        name: &str,
        base: Option<f64>,
        s: &Summary,
    ) -> &mut Row {
        self.single(section, name, None);
        let row = self.rows.last_mut().expect("just pushed");
        row.base_case = base;
        row.sd = Some(s.sd);
        row.mean = Some(s.mean);
        row.median = Some(s.median);
        row.ci_low = Some(s.ci_low);
        row.ci_high = Some(s.ci_high);
        row
    }

    /// A row of one figure (a probability, a payback, a mean ratio), in `mean`.
    fn single(&mut self, section: &'static str, name: &str, value: Option<f64>) -> &mut Row {
        self.rows.push(Row {
            section,
            name: name.to_string(),
            mean: value,
            ..self.template.clone()
        });
        self.rows.last_mut().expect("just pushed")
    }

    fn headline(&mut self, h: &Headline) {
        let b = &h.base_case;
        self.summary("total", "ratio", Some(b.ratio), &h.ratio);
        if let Some(before) = b.ratio_before_optimism_bias {
            let row = self.single("total", "ratio_before_optimism_bias", None);
            row.base_case = Some(before);
        }
        self.summary(
            "total",
            "present_value",
            Some(b.present_value),
            &h.present_value,
        );
        self.summary("total", "investment", Some(b.investment), &h.investment);
        self.summary("total", "npv", Some(b.npv), &h.npv);
        let e = &h.expected;
        self.single("expected", "ratio", Some(e.ratio));
        self.single("expected", "present_value", Some(e.present_value));
        self.single("expected", "investment", Some(e.investment));
        self.single("expected", "npv", Some(e.npv));
        self.single("probability", "ratio_above_1", Some(h.prob_ratio_above_1));
        self.precision(&h.monte_carlo_error);
        let payback = self.single("total", "payback_months", None);
        payback.base_case = b.payback_months;
        let discounted = self.single("total", "discounted_payback_months", None);
        discounted.base_case = b.discounted_payback_months;
        if let Some(w) = &h.weighted {
            let b = &w.base_case;
            self.summary("weighted", "ratio", Some(b.ratio), &w.ratio);
            self.summary(
                "weighted",
                "present_value",
                Some(b.present_value),
                &w.present_value,
            );
            self.summary("weighted", "npv", Some(b.npv), &w.npv);
            self.single(
                "probability",
                "weighted_ratio_above_1",
                Some(w.prob_ratio_above_1),
            );
        }
        for f in &h.funders {
            self.summary("funder", &f.name, Some(f.base_case), &f.investment)
                .share = Some(f.share);
            self.single(
                "funder_attributed_present_value",
                &f.name,
                Some(f.attributed_present_value),
            );
            self.single("funder_leverage", &f.name, f.leverage);
        }
        for a in &h.acceptability {
            self.single(
                "acceptability",
                &format!("ratio_at_least_{}", a.threshold),
                Some(a.probability),
            );
        }
    }
}

impl Rows {
    /// The Monte Carlo error: a ± in `mean`, or where a figure could lie in `ci_low`
    /// and `ci_high` (95%, whatever the run's level).
    fn precision(&mut self, m: &MonteCarloError) {
        const SECTION: &str = "monte_carlo_error";
        self.single(SECTION, "expected_ratio", m.expected_ratio);
        self.single(SECTION, "ratio_mean", m.ratio_mean);
        self.single(SECTION, "npv_mean", m.npv_mean);
        for (name, range) in [
            ("ratio_median", m.ratio_median),
            ("ratio_ci_low", m.ratio_ci_low),
            ("ratio_ci_high", m.ratio_ci_high),
            ("prob_ratio_above_1", Some(m.prob_ratio_above_1)),
        ] {
            let row = self.single(SECTION, name, None);
            row.ci_low = range.map(|r| r[0]);
            row.ci_high = range.map(|r| r[1]);
        }
        self.single(SECTION, "ratio_precision", m.ratio_precision);
        self.single(SECTION, "chance_precision", Some(m.chance_precision));
        self.single(
            SECTION,
            "draws_for_printed_digits",
            Some(m.draws_for_printed_digits as f64),
        );
    }
}

impl Rows {
    /// The funder's ledger: each kind of value, the ratios (base case in `base_case`,
    /// ratio of means in `mean`), each agency's value and its savings by year, and each
    /// organisation's payments and savings (base case).
    fn ledger(&mut self, l: &Ledger) {
        let b = &l.base_case;
        self.summary("ledger", "fiscal", Some(b.fiscal), &l.fiscal);
        self.summary("ledger", "cashable", Some(b.cashable), &l.cashable);
        self.summary("ledger", "economic", Some(b.economic), &l.economic);
        self.summary("ledger", "social", Some(b.social), &l.social);
        self.summary(
            "ledger",
            "public_investment",
            Some(b.public_investment),
            &l.public_investment,
        );
        if let Some(s) = &l.fiscal_return_to_public {
            self.summary(
                "ledger",
                "fiscal_return_to_public",
                b.fiscal_return_to_public,
                s,
            );
        }
        let e = &l.expected;
        for (name, base, expected) in [
            ("fiscal_ratio", Some(b.fiscal_ratio), Some(e.fiscal_ratio)),
            (
                "economic_ratio",
                Some(b.economic_ratio),
                Some(e.economic_ratio),
            ),
            (
                "fiscal_return_to_public",
                b.fiscal_return_to_public,
                e.fiscal_return_to_public,
            ),
            (
                "cashable_return_to_public",
                b.cashable_return_to_public,
                e.cashable_return_to_public,
            ),
        ] {
            self.single("ledger_ratio", name, expected).base_case = base;
        }
        for a in &l.agencies {
            self.summary("ledger_agency_fiscal", &a.name, None, &a.fiscal);
            self.summary("ledger_agency_cashable", &a.name, None, &a.cashable);
            for y in &a.by_year {
                let name = format!("{} year {}", a.name, y.year);
                self.single("ledger_year_fiscal", &name, None).base_case = Some(y.fiscal);
                self.single("ledger_year_cashable", &name, None).base_case = Some(y.cashable);
            }
        }
        for o in &l.organisations {
            self.single("ledger_pays", &o.name, None).base_case = Some(o.pays);
            self.single("ledger_saves", &o.name, None).base_case = Some(o.saves);
            self.single("ledger_saves_cashable", &o.name, None)
                .base_case = Some(o.cashable);
            self.single("ledger_net", &o.name, None).base_case = Some(o.net);
        }
    }
}

fn write(rows: impl IntoIterator<Item = Row>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let row = Row {
            model: spreadsheet_text(&row.model),
            name: spreadsheet_text(&row.name),
            stakeholder: spreadsheet_text(&row.stakeholder),
            versus: spreadsheet_text(&row.versus),
            base_case: spreadsheet_number(row.base_case),
            mean: spreadsheet_number(row.mean),
            sd: spreadsheet_number(row.sd),
            median: spreadsheet_number(row.median),
            ci_low: spreadsheet_number(row.ci_low),
            ci_high: spreadsheet_number(row.ci_high),
            share: spreadsheet_number(row.share),
            ..row
        };
        // Writing to a Vec cannot fail; serialisation of plain fields cannot either.
        let _ = w.serialize(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Renders a run as CSV with a header row.
pub fn render(r: &RunReport) -> String {
    let mut rows = Rows::new(&r.model, r.seed, r.sampling, r.iterations, r.ci_level);
    rows.headline(&r.headline);
    for o in &r.outcomes {
        let row = rows.summary("outcome", &o.name, Some(o.base_case), &o.present_value);
        row.stakeholder = o.stakeholder.clone();
        row.share = Some(o.share);
    }
    for s in &r.stakeholders {
        rows.summary("stakeholder", &s.name, Some(s.base_case), &s.present_value)
            .share = Some(s.share);
        if s.weight.is_some() {
            rows.single("stakeholder_weight", &s.name, s.weight);
        }
    }
    rows.ledger(&r.ledger);
    write(rows.rows)
}

/// Renders a comparison as CSV: each option's headline, then each difference.
pub fn render_compare(c: &CompareReport) -> String {
    let mut all = Vec::new();
    for s in &c.scenarios {
        let mut rows = Rows::new(&s.name, c.seed, c.sampling, c.iterations, c.ci_level);
        rows.headline(&s.headline);
        rows.ledger(&s.ledger);
        all.extend(rows.rows);
    }
    for d in &c.differences {
        let mut rows = Rows::new(&d.name, c.seed, c.sampling, c.iterations, c.ci_level);
        rows.template.versus = d.baseline.clone();
        rows.summary("difference", "present_value", None, &d.present_value);
        rows.summary("difference", "investment", None, &d.investment);
        rows.summary("difference", "npv", None, &d.npv);
        rows.summary("difference", "ratio", None, &d.ratio);
        rows.single("probability", "higher_npv", Some(d.prob_higher_npv));
        rows.single("probability", "higher_ratio", Some(d.prob_higher_ratio));
        all.extend(rows.rows);
    }
    let decision = &c.decision;
    for (i, s) in c.scenarios.iter().enumerate() {
        let mut rows = Rows::new(&s.name, c.seed, c.sampling, c.iterations, c.ci_level);
        rows.single("decision", "prob_best_npv", Some(decision.prob_best_npv[i]));
        rows.single("decision", "expected_loss", Some(decision.expected_loss[i]));
        all.extend(rows.rows);
    }
    write(all)
}
