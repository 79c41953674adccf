//! `sroi check`: what a valid model contains, and its base case, without sampling.

use crate::analysis::summary::BaseCase;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::report::{currency_symbol, money, paybacks, ratio};

/// The summary `check` prints for a valid model, with any control character in its names
/// shown as its code.
pub fn render(loaded: &Loaded, plan: &Plan) -> String {
    crate::report::text::printable(&summary(loaded, plan))
}

fn summary(loaded: &Loaded, plan: &Plan) -> String {
    let m = &loaded.model;
    let sym = currency_symbol(&m.currency);
    let base = BaseCase::of(plan);
    let list = |items: Vec<String>| items.join(", ");
    let mut out = format!("{}: ok\n{}\n", loaded.file, m.name);
    if let Some(d) = &m.description {
        out.push_str(&format!("  {}\n", d.trim()));
    }
    if let Some(s) = &loaded.scenario {
        out.push_str(&format!(
            "  Scenario of \"{}\" ({})\n",
            s.base_name, s.base_file
        ));
        for change in &s.changes {
            out.push_str(&format!("    {change}\n"));
        }
    }
    out.push_str(&format!(
        "  Currency {}{}, discount rate {}\n",
        m.currency,
        m.price_year
            .map(|y| format!(" at {y} prices"))
            .unwrap_or_default(),
        match m.discount_rate {
            Some(d) => d.describe(m),
            None => format!("{} (default)", crate::model::checked::DEFAULT_DISCOUNT_RATE),
        }
    ));
    let own: Vec<String> = m
        .inputs
        .iter()
        .map(|i| ("inputs", &i.name, i.discount_rate))
        .chain(
            m.outcomes
                .iter()
                .map(|o| ("outcomes", &o.name, o.discount_rate)),
        )
        .filter_map(|(what, name, d)| Some(format!("{what} \"{name}\" {}", d?.describe(m))))
        .collect();
    if !own.is_empty() {
        out.push_str(&format!("  Own discounting: {}\n", list(own)));
    }
    if !m.price_conversions.is_empty() {
        let info = crate::model::prices::series_info();
        out.push_str(&format!(
            "  Price years ({}), rebased with the GDP deflator ({}, {}):\n",
            m.price_conversions.len(),
            info.publisher.split(" (").next().unwrap_or(&info.publisher),
            info.vintage.split(" (").next().unwrap_or(&info.vintage),
        ));
        if !m.deflators.is_empty() {
            let own: Vec<String> = m
                .deflators
                .iter()
                .map(|(y, v, was)| match was {
                    Some(b) => format!("{y} = {v} (replaces {b})"),
                    None => format!("{y} = {v} (added)"),
                })
                .collect();
            out.push_str(&format!(
                "    [deflators] from the model: {}\n",
                own.join(", ")
            ));
        }
        for c in &m.price_conversions {
            out.push_str(&format!(
                "    {}: {} to {} prices, × {:.4}\n",
                c.quantity, c.from, c.to, c.factor
            ));
        }
    }
    out.push_str(&format!(
        "  Stakeholders ({}): {}\n",
        m.stakeholders.len(),
        list(m.stakeholders.clone())
    ));
    out.push_str(&format!(
        "  Funders ({}): {}\n",
        m.funders.len(),
        list(m.funders.clone())
    ));
    out.push_str(&format!(
        "  Inputs ({}): {}\n",
        m.inputs.len(),
        list(m.inputs.iter().map(|i| i.name.clone()).collect())
    ));
    out.push_str(&format!(
        "  Outcomes ({}): {}\n",
        m.outcomes.len(),
        list(m.outcomes.iter().map(|o| o.name.clone()).collect())
    ));
    out.push_str(&format!(
        "  Parameters ({}): {}\n",
        m.parameters.len(),
        list(
            m.parameters
                .iter()
                .map(|&q| crate::model::checked::short_name(&m.quantities[q].name).to_string())
                .collect()
        )
    ));
    let random = m.quantities.iter().filter(|q| q.is_random()).count();
    let expressions = m.quantities.iter().filter(|q| !q.is_leaf()).count();
    out.push_str(&format!(
        "  Quantities: {} named, {random} random, {expressions} expressions\n",
        m.quantities.len()
    ));
    out.push_str(&format!(
        "  Base case: ratio {} per {sym}1 (present value {}, investment {}, payback {})\n",
        ratio(base.ratio),
        money(base.present_value, &sym),
        money(base.investment, &sym),
        paybacks(&base)
    ));
    let warnings = &loaded.warnings.diagnostics;
    if !warnings.is_empty() {
        out.push_str(&format!(
            "  Warnings ({}, shown in full on standard error):\n",
            warnings.len()
        ));
        for w in warnings {
            out.push_str(&format!("    {}\n", w.title()));
        }
    }
    out
}
