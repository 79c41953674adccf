//! `{ proxy = "ID" }` replaced by the library's value, before the model is checked.
//!
//! A proxy becomes exactly what the user could have written by hand: its number or
//! distribution, carrying `price_year` when the library's price year differs from the
//! model's, so the model's own price-year rebasing (spec §9) converts it with the same
//! deflator series and lists it with the other conversions. The spans of the value are
//! moved to the reference in the model, so any later problem points at the line that
//! uses the proxy. Each use is recorded for `check` and the reports.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::prices::{Deflators, factor};
use crate::model::proxy::library::{Entry, Library};
use crate::model::raw::{
    At, RawDist, RawDistField, RawModel, RawQuantity, Span, item_label, quote_key,
};
use crate::model::suggest::nearest;

/// One place a model uses a proxy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProxyUse {
    /// The proxy's identifier.
    pub id: String,
    /// The stable name of the quantity it fills, e.g. `outcomes."Fewer GP visits".value`.
    pub quantity: String,
    /// What it values.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// Its category in the library (`wellbeing`, `health`, …).
    pub category: String,
    /// Its value as written in the library (at `price_year` prices).
    pub value: String,
    /// The library's price year.
    pub price_year: i64,
    /// The model's price year, to which the value is rebased.
    pub model_price_year: Option<i64>,
    /// What the value is multiplied by: D(model's price year) / D(price year), the GDP
    /// deflator's ratio (1 when the years are the same).
    pub factor: f64,
    /// The publication it comes from.
    pub source: String,
    /// Where to read it.
    pub url: String,
    /// Its licence.
    pub licence: String,
    /// How the library says the figure was checked, if it says.
    pub checked: Option<String>,
    /// The library file and line it was read from.
    pub library: String,
}

impl ProxyUse {
    fn new(e: &Entry, quantity: String, model_price_year: Option<i64>, factor: f64) -> ProxyUse {
        ProxyUse {
            id: e.id.clone(),
            quantity,
            name: e.name.clone(),
            unit: e.unit.clone(),
            category: e.category.clone(),
            value: e.describe_value(),
            price_year: e.price_year,
            model_price_year,
            factor,
            source: e.source.clone(),
            url: e.url.clone(),
            licence: e.licence.clone(),
            checked: e.checked.clone(),
            library: e.location(),
        }
    }

    /// Years between the proxy's price year and the model's (0 when not rebased).
    pub fn years_rebased(&self) -> i64 {
        self.model_price_year
            .map_or(0, |y| (y - self.price_year).abs())
    }
}

/// True if the model refers to any proxy (so the library needs loading).
pub fn uses_proxies(raw: &RawModel) -> bool {
    let is_proxy = |q: &Option<At<RawQuantity>>| {
        matches!(
            q,
            Some(At {
                value: RawQuantity::Proxy(_),
                ..
            })
        )
    };
    is_proxy(&raw.header.discount_rate)
        || raw
            .parameters
            .iter()
            .any(|(_, q)| matches!(q.value, RawQuantity::Proxy(_)))
        || raw.inputs.iter().any(|i| {
            is_proxy(&i.amount)
                || i.schedule.as_ref().is_some_and(|s| {
                    s.value
                        .iter()
                        .any(|q| matches!(q.value, RawQuantity::Proxy(_)))
                })
        })
        || raw.outcomes.iter().any(|o| {
            [
                &o.quantity,
                &o.value,
                &o.deadweight,
                &o.displacement,
                &o.attribution,
                &o.drop_off,
            ]
            .into_iter()
            .any(is_proxy)
        })
}

/// Replaces every `{ proxy = "ID" }` in the model with the library's value; returns each
/// use, or every problem found (an unknown identifier, a model without a price year).
pub fn resolve(raw: &mut RawModel, lib: &Library) -> Result<Vec<ProxyUse>, Vec<Diagnostic>> {
    let model_year = raw.header.price_year.as_ref().map(|p| p.value);
    // The series the model will rebase with: the bundled one and the model's own years
    // (checking those entries is the model's job; a bad one is skipped here).
    let mut deflators = Deflators::bundled();
    for (y, v) in &raw.deflators {
        if let Ok(y) = y.value.trim().parse::<i64>()
            && v.value.is_finite()
            && v.value > 0.0
        {
            deflators.set(y, v.value);
        }
    }
    let mut uses = Vec::new();
    let mut diagnostics = Vec::new();
    visit(raw, &mut |item, field, q| {
        let RawQuantity::Proxy(id) = &q.value else {
            return;
        };
        let (item_text, name) = item;
        let d = |m: String| {
            let mut d = Diagnostic::new(m)
                .item(item_text.clone())
                .span(id.span.clone());
            if !field.is_empty() {
                d = d.field(format!("{field}.proxy"));
            }
            d
        };
        let Some(entry) = lib.get(&id.value) else {
            let ids = lib.entries.iter().map(|e| e.id.as_str());
            let mut diag = d(format!("unknown proxy `{}`", id.value));
            diag = match nearest(&id.value, ids) {
                Some(s) => {
                    let e = lib.get(s).expect("suggested from the library");
                    diag.message.push_str(&format!("; did you mean `{s}`?"));
                    diag.help(format!(
                        "`{s}`: {} ({}); `sroi proxies TERM` searches the library",
                        e.name, e.unit
                    ))
                }
                None => diag.help("`sroi proxies TERM` searches the library; `[model] proxies = [\"file.toml\"]` adds your own"),
            };
            diagnostics.push(diag);
            return;
        };
        let Some(year) = model_year else {
            diagnostics.push(
                d(format!(
                    "the proxy `{}` is at {} prices, but the model has no `price_year` to rebase it to",
                    entry.id, entry.price_year
                ))
                .help(format!(
                    "add `price_year = {}` (or the year your other figures are in) to `[model]`",
                    entry.price_year
                )),
            );
            return;
        };
        let rebased = if entry.price_year == year {
            Ok(1.0)
        } else {
            factor(entry.price_year, year, &deflators)
        };
        let f = match rebased {
            Ok(f) => f,
            Err(e) => {
                let whose = if e.year == year {
                    format!("the model's price year {year}")
                } else {
                    format!("the proxy `{}`'s price year {}", entry.id, e.year)
                };
                diagnostics.push(
                    d(format!(
                        "{whose} is not in the GDP deflator series (it has {}), so `{}` cannot be rebased",
                        e.years, entry.id
                    ))
                    .help(format!(
                        "add the year to `[deflators]` in the model, e.g. `{} = ...` (the index on the series' base, 2024-25 = 100), or choose a proxy at prices the series covers",
                        e.year
                    )),
                );
                return;
            }
        };
        uses.push(ProxyUse::new(entry, name.clone(), Some(year), f));
        q.value = value_at(entry, q.span.clone(), year);
    });
    if diagnostics.is_empty() {
        Ok(uses)
    } else {
        Err(diagnostics)
    }
}

/// The entry's value as written in the model at `span`, with `price_year` when it needs
/// rebasing to `model_year`.
fn value_at(e: &Entry, span: Span, model_year: i64) -> RawQuantity {
    fn at<T>(value: T, span: &Span) -> At<T> {
        At {
            value,
            span: span.clone(),
        }
    }
    let key = |k: &str| at(k.to_string(), &span);
    let mut dist = match &e.value.value {
        RawQuantity::Number(x) if e.price_year == model_year => return RawQuantity::Number(*x),
        RawQuantity::Number(x) => RawDist {
            kind: key("fixed"),
            fields: vec![(key("value"), at(RawDistField::Number(*x), &span))],
            price_year: None,
        },
        RawQuantity::Dist(d) => RawDist {
            kind: key(&d.kind.value),
            fields: d
                .fields
                .iter()
                .map(|(k, v)| (key(&k.value), at(v.value.clone(), &span)))
                .collect(),
            price_year: None,
        },
        // A library's values are read as numbers or distributions only.
        other => return other.clone(),
    };
    if e.price_year != model_year {
        dist.price_year = Some(at(e.price_year, &span));
    }
    RawQuantity::Dist(dist)
}

/// Calls `f` on every numeric field of the model with its item label, its stable
/// quantity name, and the field's name.
fn visit(raw: &mut RawModel, f: &mut impl FnMut((String, String), &str, &mut At<RawQuantity>)) {
    if let Some(q) = &mut raw.header.discount_rate {
        f(
            ("[model]".into(), "model.discount_rate".into()),
            "discount_rate",
            q,
        );
    }
    for (k, q) in &mut raw.parameters {
        let item = format!("parameters.{}", quote_key(&k.value));
        f((item.clone(), item), "", q);
    }
    for (i, input) in raw.inputs.iter_mut().enumerate() {
        let name = input.name.as_ref().map(|n| n.value.clone());
        let item = item_label("inputs", i, name.as_deref());
        let base = format!("inputs.{}", quote_key(name.as_deref().unwrap_or("")));
        if let Some(q) = &mut input.amount {
            f((item.clone(), format!("{base}.amount")), "amount", q);
        }
        if let Some(s) = &mut input.schedule {
            for (y, q) in s.value.iter_mut().enumerate() {
                let field = format!("schedule[{y}]");
                f((item.clone(), format!("{base}.{field}")), &field, q);
            }
        }
    }
    for (i, o) in raw.outcomes.iter_mut().enumerate() {
        let name = o.name.as_ref().map(|n| n.value.clone());
        let item = item_label("outcomes", i, name.as_deref());
        let base = format!("outcomes.{}", quote_key(name.as_deref().unwrap_or("")));
        for (field, q) in [
            ("quantity", &mut o.quantity),
            ("value", &mut o.value),
            ("deadweight", &mut o.deadweight),
            ("displacement", &mut o.displacement),
            ("attribution", &mut o.attribution),
            ("drop_off", &mut o.drop_off),
        ] {
            if let Some(q) = q {
                f((item.clone(), format!("{base}.{field}")), field, q);
            }
        }
    }
}
