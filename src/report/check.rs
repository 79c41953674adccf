//! `sroi check`: what a valid model contains, and its base case, without sampling.

use crate::analysis::assurance::{Finding, Level, RULES, unused_acceptances};
use crate::analysis::summary::BaseCase;
use crate::model::checked::Model;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::report::{currency_symbol, money, paybacks, ratio};

/// What `check --format json` prints for a valid model: what it is, its base case and
/// warnings and, with `--assurance`, the findings (`{ "file", "kind", "findings" }` of
/// spec §16, with more beside).
pub fn json(loaded: &Loaded, plan: &Plan, findings: Option<&[Finding]>) -> serde_json::Value {
    let m = &loaded.model;
    let warnings: Vec<serde_json::Value> = loaded
        .warnings
        .diagnostics
        .iter()
        .map(|d| {
            let place = d.span.as_ref().and_then(|s| loaded.warnings.place(s));
            serde_json::json!({
                "item": d.item,
                "field": d.field,
                "message": d.message,
                "help": d.help,
                "file": place.map(|p| p.0),
                "line": place.map(|p| p.1),
            })
        })
        .collect();
    let mut out = serde_json::json!({
        "file": loaded.file,
        "kind": m.kind,
        "valid": true,
        "model": m.name,
        "scenario_of": loaded.scenario.as_ref().map(|s| &s.base_file),
        "currency": m.currency,
        "price_year": m.price_year,
        "inputs": m.inputs.iter().map(|i| &i.name).collect::<Vec<_>>(),
        "outcomes": m.outcomes.iter().map(|o| &o.name).collect::<Vec<_>>(),
        "base_case": BaseCase::of_model(m, plan),
        "warnings": warnings,
    });
    if let Some(findings) = findings {
        // Each finding's code, level, item, message, fix and accepted reason (or null).
        out["findings"] = serde_json::to_value(findings).unwrap_or_default();
        out["unused_acceptances"] =
            serde_json::to_value(unused_acceptances(m, findings)).unwrap_or_default();
    }
    out
}

/// The summary `check` prints for a valid model, with any control character in its names
/// shown as its code, filled to `width` columns (the terminal's).
pub fn render(loaded: &Loaded, plan: &Plan, width: usize) -> String {
    let text = crate::report::text::printable(&summary(loaded, plan));
    crate::report::text::fit_lines(&text, width)
}

fn summary(loaded: &Loaded, plan: &Plan) -> String {
    let m = &loaded.model;
    let sym = currency_symbol(&m.currency);
    let base = BaseCase::of_model(m, plan);
    let list = |items: Vec<String>| items.join(", ");
    let mut out = format!("{}: ok\n{}: {}\n", loaded.file, m.kind.title(), m.name);
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
                "    {}: {} to {} prices, ×\u{a0}{:.4}\n",
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
    if !m.exclusions.is_empty() {
        out.push_str(&format!("  Left out ({}):\n", m.exclusions.len()));
        for x in &m.exclusions {
            out.push_str(&format!("    {}: {}\n", x.name, x.reason));
        }
    }
    if !loaded.proxies.is_empty() {
        for line in crate::report::proxies::check_lines(&loaded.proxies) {
            out.push_str(&format!("{line}\n"));
        }
    }
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
    if let (Some(before), Some(t)) = (base.ratio_before_optimism_bias, &m.optimism_bias) {
        out.push_str(&format!(
            "  Optimism bias: ratio {} before the confidence grades' corrections, {} after\n    corrections {} for grades 1-6 ({})\n",
            ratio(before),
            ratio(base.ratio),
            t.corrections.map(|c| format!("{}%", c * 100.0)).join(", "),
            t.source
        ));
    }
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

/// The assurance findings `check --assurance` adds: each with its rule code, level, item,
/// what was found and a one-line fix; accepted ones last, with their reasons; then any
/// `accept` entry that covers no finding, to be removed; filled to `width` columns.
pub fn render_assurance(model: &Model, findings: &[Finding], width: usize) -> String {
    let wrap = |text: &str, first: &str, rest: &str| wrap(text, width, first, rest);
    let mut out = findings_text(findings, width);
    let unused = unused_acceptances(model, findings);
    if !unused.is_empty() {
        out.push_str(&format!(
            "  Accepted but not found ({}): remove these `accept` entries, or a reader takes \
             them for a finding reviewed:\n",
            unused.len()
        ));
        for u in &unused {
            out.push_str(&wrap(
                &format!("{} on {}: \"{}\"", u.code, u.on, u.reason),
                "  ",
                "       ",
            ));
        }
    }
    out
}

/// The findings in words, filled to `width` columns: open ones with their fixes, then
/// accepted ones with reasons.
fn findings_text(findings: &[Finding], width: usize) -> String {
    let wrap = |text: &str, first: &str, rest: &str| wrap(text, width, first, rest);
    if findings.is_empty() {
        return format!(
            "\nAssurance: no findings ({} rules, A001-A{:03})\n",
            RULES.len(),
            RULES.len()
        );
    }
    let open: Vec<&Finding> = findings.iter().filter(|f| f.accepted.is_none()).collect();
    let accepted: Vec<&Finding> = findings.iter().filter(|f| f.accepted.is_some()).collect();
    let errors = open.iter().filter(|f| f.level == Level::Error).count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut out = format!(
        "\nAssurance: {} an assessor would question ({}, {}){}\n",
        plural(open.len(), "finding", "findings"),
        plural(errors, "error", "errors"),
        plural(open.len() - errors, "warning", "warnings"),
        if accepted.is_empty() {
            String::new()
        } else {
            format!(", and {} accepted", accepted.len())
        }
    );
    for f in &open {
        out.push_str(&wrap(
            &format!("{} {} {}: {}", f.code, f.level.as_str(), f.item, f.message),
            "  ",
            "       ",
        ));
        out.push_str(&wrap(&format!("fix: {}", f.fix), "       ", "            "));
    }
    if !accepted.is_empty() {
        out.push_str(&format!(
            "  Accepted ({}, listed but not counted):\n",
            accepted.len()
        ));
        for f in &accepted {
            out.push_str(&wrap(
                &format!("{} {} {}: {}", f.code, f.level.as_str(), f.item, f.message),
                "  ",
                "       ",
            ));
            let reason = f.accepted.as_deref().unwrap_or_default();
            out.push_str(&wrap(
                &format!("accepted: {reason}"),
                "       ",
                "                 ",
            ));
        }
    }
    out
}

/// Text wrapped at its spaces to `width` columns: `first` before the first line, `rest`
/// before the others. A word longer than a line, or `code in backticks`, stays whole.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let kept: String = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                super::text::unbreakable(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`");
    super::text::wrap(&kept, width, first, rest)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_keeps_code_whole() {
        let text =
            "fix: add `engagement = { method, people, when }` to the entry for this stakeholder";
        let out = wrap(text, 80, "  ", "    ");
        assert_eq!(out.lines().count(), 2, "{out}");
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
        assert!(
            out.contains("`engagement = { method, people, when }`"),
            "{out}"
        );
        assert_eq!(wrap("short", 80, "- ", "  "), "- short\n");
        let long = "x".repeat(100);
        assert_eq!(
            wrap(&long, 80, "", ""),
            format!("{long}\n"),
            "a long word stays whole"
        );
    }
}
