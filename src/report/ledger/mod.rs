//! The funder's ledger (spec §17) as tables any renderer lays out: the three kinds of value,
//! who pays and who saves, and each agency's savings by year. Text and Markdown show them
//! when some value is fiscal or economic; JSON and CSV always carry the figures. `page`
//! draws the HTML section (`fig-ledger`, `table-ledger`), `sheet` the workbook's `Ledger`.

pub mod page;
pub mod sheet;

use super::{Grid, currency_symbol, interval, level_label, money, ratio};
use crate::analysis::ledger::Ledger;
use crate::analysis::stats::Summary;

/// The heading of the organisations' table in every format.
pub const TITLE: &str = "Who pays, who saves";

/// What the organisations' table shows, in a line.
pub const NOTE: &str = "Base case, present values. Pays: discounted investment; saves: the fiscal value falling to its budget, of which cashable (released as cash rather than capacity); net: saves less pays.";

/// Fiscal, cashable, economic and social value and the public investment: base case,
/// mean and interval.
pub fn kinds_grid(l: &Ledger, currency: &str, level: f64) -> Grid {
    let sym = currency_symbol(currency);
    let m = |x: f64| money(x, &sym);
    let row = |name: &str, base: f64, s: &Summary| {
        vec![
            name.to_string(),
            m(base),
            m(s.mean),
            interval(s.ci_low, s.ci_high, m),
        ]
    };
    let b = &l.base_case;
    Grid {
        header: ["Kind of value", "Base case", "Mean", &level_label(level)]
            .map(String::from)
            .to_vec(),
        rows: vec![
            row("Fiscal (public budgets)", b.fiscal, &l.fiscal),
            row("  of which cashable", b.cashable, &l.cashable),
            row("Economic", b.economic, &l.economic),
            row("Social", b.social, &l.social),
            row(
                "Public investment",
                b.public_investment,
                &l.public_investment,
            ),
        ],
        text_columns: 1,
    }
}

/// The ratios in sentences: base case, then the ratio of means.
pub fn ratio_lines(l: &Ledger, currency: &str) -> Vec<String> {
    let sym = currency_symbol(currency);
    let (b, e) = (&l.base_case, &l.expected);
    let per = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), |x| per_pound(x, &sym));
    let mut lines = vec![format!(
        "Fiscal ratio {} and economic ratio {} per {sym}1 invested (base case; expected {} and {}).",
        per_pound(b.fiscal_ratio, &sym),
        per_pound(b.economic_ratio, &sym),
        per_pound(e.fiscal_ratio, &sym),
        per_pound(e.economic_ratio, &sym),
    )];
    if b.fiscal_return_to_public.is_some() {
        lines.push(format!(
            "Each {sym}1 of public investment returns {} to public budgets, {} of it as cash (base case; expected {} and {}).",
            per(b.fiscal_return_to_public),
            per(b.cashable_return_to_public),
            per(e.fiscal_return_to_public),
            per(e.cashable_return_to_public),
        ));
    } else {
        lines.push("No input is public, so there is no return to the public purse.".into());
    }
    lines
}

/// An amount per unit of money, its sign before the symbol as in money figures: £0.18,
/// -£0.09 (a value that rounds to zero is shown unsigned).
fn per_pound(x: f64, sym: &str) -> String {
    let digits = ratio(x.abs());
    if !x.is_finite() {
        return digits;
    }
    let minus = if x < 0.0 && digits != ratio(0.0) {
        "-"
    } else {
        ""
    };
    format!("{minus}{sym}{digits}")
}

/// Who pays, who saves: each funder and agency's payment, saving, cashable saving and net.
pub fn organisations_grid(l: &Ledger, currency: &str) -> Grid {
    let sym = currency_symbol(currency);
    let m = |x: f64| money(x, &sym);
    Grid {
        header: ["Organisation", "Pays", "Saves", "Cashable", "Net"]
            .map(String::from)
            .to_vec(),
        rows: l
            .organisations
            .iter()
            .map(|o| {
                vec![
                    o.name.clone(),
                    m(o.pays),
                    m(o.saves),
                    m(o.cashable),
                    m(o.net),
                ]
            })
            .collect(),
        text_columns: 1,
    }
}

/// Each agency's savings by year: base case, undiscounted, at the model's prices.
pub fn years_grid(l: &Ledger, currency: &str) -> Grid {
    let sym = currency_symbol(currency);
    let m = |x: f64| money(x, &sym);
    Grid {
        header: ["Agency", "Year", "Saving", "Cashable", "Capacity"]
            .map(String::from)
            .to_vec(),
        rows: l
            .agencies
            .iter()
            .flat_map(|a| {
                a.by_year.iter().map(|y| {
                    vec![
                        a.name.clone(),
                        y.year.to_string(),
                        m(y.fiscal),
                        m(y.cashable),
                        m(y.fiscal - y.cashable),
                    ]
                })
            })
            .collect(),
        text_columns: 1,
    }
}

/// The heading of the by-year table.
pub const YEARS_TITLE: &str =
    "When the savings arrive (base case, undiscounted, at the model's prices)";

#[cfg(test)]
mod tests {
    use super::per_pound;

    #[test]
    fn an_amount_per_pound_puts_its_sign_before_the_symbol() {
        assert_eq!(per_pound(0.18, "£"), "£0.18");
        assert_eq!(per_pound(-0.0853, "£"), "-£0.09");
        assert_eq!(per_pound(-0.001, "£"), "£0.00");
        assert_eq!(per_pound(f64::NAN, "£"), "n/a");
    }
}
