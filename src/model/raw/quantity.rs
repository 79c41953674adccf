//! A numeric field as written: a number, an expression, a proxy reference or a
//! distribution table with its fields.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::reader::{MessageText, join, raw_text};
use super::*;

impl Reader {
    /// The value as a number, expression string or distribution table, or a diagnostic.
    pub fn quantity(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<At<RawQuantity>> {
        let value = v.get_ref();
        let q = match value {
            DeValue::Integer(_) | DeValue::Float(_) => match number(value) {
                Some(x) => RawQuantity::Number(x),
                None => {
                    self.error(field_error(cx, field, self.at(v)).message_text(format!(
                        "`{}` is not a number this tool can use",
                        raw_text(value)
                    )));
                    return None;
                }
            },
            DeValue::String(s) => RawQuantity::Expr(s.to_string()),
            DeValue::Table(t) if t.contains_key("proxy") && !t.contains_key("dist") => {
                RawQuantity::Proxy(self.proxy_ref(t, cx, field)?)
            }
            DeValue::Table(t) => RawQuantity::Dist(self.dist(t, self.at(v), cx, field)?),
            _ => {
                self.error(
                    field_error(cx, field, self.at(v))
                        .message_text(format!(
                            "expected a number, an expression in quotes, or a distribution table; found {}",
                            describe(value)
                        ))
                        .help("e.g. `0.2`, `\"caseload * 0.3\"` or `{ dist = \"beta\", mean = 0.2, sd = 0.05 }`"),
                );
                return None;
            }
        };
        Some(At::new(q, self.at(v)))
    }

    /// Reads `{ proxy = "ID" }`: the identifier and where it is written.
    fn proxy_ref(&mut self, t: &DeTable<'_>, cx: Ctx<'_>, field: &str) -> Option<At<String>> {
        let mut id = None;
        for (key, v) in t.iter() {
            let k = key.get_ref().as_ref();
            if k == "proxy" {
                id = self.string(v, cx, &join(field, "proxy"));
            } else {
                self.error(
                    field_error(cx, &join(field, k), self.at(key))
                        .message_text(format!(
                            "a proxy reference takes only `proxy`; found `{k}`"
                        ))
                        .help("write `{ proxy = \"ID\" }`; the library gives the value and its price year (see `sroi proxies show ID`)"),
                );
                return None;
            }
        }
        id
    }

    pub(super) fn dist(
        &mut self,
        t: &DeTable<'_>,
        span: Span,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<RawDist> {
        let kind = match t.get("dist") {
            Some(k) => match k.get_ref().as_str() {
                Some(s) => At::new(s.to_string(), self.at(k)),
                None => {
                    self.error(
                        field_error(cx, &join(field, "dist"), self.at(k)).message_text(format!(
                            "expected the distribution's name in quotes; found {}",
                            describe(k.get_ref())
                        )),
                    );
                    return None;
                }
            },
            None => {
                self.error(
                    field_error(cx, field, span)
                        .message_text("a distribution table needs `dist`, the distribution's name")
                        .help(format!("e.g. `{{ dist = \"triangular\", min = 1, mode = 2, max = 4 }}`; distributions: {}", crate::model::dist::KINDS.join(", "))),
                );
                return None;
            }
        };
        let mut fields = Vec::new();
        let mut price_year = None;
        let mut ok = true;
        for (key, v) in t.iter() {
            let k = key.get_ref().as_ref();
            if k == "dist" {
                continue;
            }
            if k == "price_year" {
                price_year = self.integer(v, cx, &join(field, k));
                ok &= price_year.is_some();
                continue;
            }
            let value = v.get_ref();
            let f = match value {
                DeValue::Integer(_) | DeValue::Float(_) => number(value).map(RawDistField::Number),
                DeValue::Array(a) => a
                    .iter()
                    .map(|e| number(e.get_ref()))
                    .collect::<Option<Vec<f64>>>()
                    .map(RawDistField::Numbers),
                _ => None,
            };
            match f {
                Some(f) => {
                    fields.push((At::new(k.to_string(), self.at(key)), At::new(f, self.at(v))))
                }
                None => {
                    ok = false;
                    let mut d = field_error(cx, &join(field, k), self.at(v)).message_text(format!(
                        "distribution fields take numbers (or lists of numbers); found {}",
                        describe(value)
                    ));
                    if value.is_str() {
                        d = d.help("expressions are allowed for the field itself, not inside a distribution");
                    }
                    self.error(d);
                }
            }
        }
        ok.then_some(RawDist {
            kind,
            fields,
            price_year,
        })
    }
}
