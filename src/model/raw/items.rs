//! The items of a model file, one method each: the file's tables, `[model]`,
//! `[parameters]`, `[deflators]`, `[[inputs]]`, `[[outcomes]]`, `[[stakeholders]]` and
//! `[[correlations]]`, each checked field by field against its list of allowed fields.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::reader::MessageText;
use super::*;

impl Reader {
    pub(super) fn model(&mut self, doc: &DeTable<'_>, len: usize) -> RawModel {
        let mut m = RawModel::default();
        for (key, value) in doc.iter() {
            match key.get_ref().as_ref() {
                "model" => m.header = self.header(value),
                "parameters" => m.parameters = self.parameters(value),
                "deflators" => m.deflators = self.deflators(value),
                "inputs" => {
                    m.inputs_span = Some(self.at(value));
                    m.inputs = self.array_of_tables(value, "inputs", |r, t, span, item| {
                        r.input(t, span, item)
                    });
                }
                "outcomes" => {
                    m.outcomes_span = Some(self.at(value));
                    m.outcomes = self.array_of_tables(value, "outcomes", |r, t, span, item| {
                        r.outcome(t, span, item)
                    });
                }
                "stakeholders" => {
                    m.stakeholders =
                        self.array_of_tables(value, "stakeholders", |r, t, span, item| {
                            r.stakeholder(t, span, item)
                        });
                }
                "correlations" => {
                    m.correlations =
                        self.array_of_tables(value, "correlations", |r, t, span, item| {
                            r.correlation(t, span, item)
                        });
                }
                "exclusions" => m.exclusions = self.exclusions(value),
                "optimism_bias" => m.optimism_bias = self.optimism_bias(value),
                other => self.error(unknown_key(other, self.at(key), MODEL_TABLES, None)),
            }
        }
        if !doc.contains_key("model") {
            m.header.span = 0..len.min(1);
            self.error(
                Diagnostic::new("the file has no `[model]` table")
                    .span(0..0)
                    .help("start the file with `[model]` and `name = \"...\"`"),
            );
        }
        m
    }

    /// Reads a `[model]` table.
    pub fn header(&mut self, value: &Spanned<DeValue<'_>>) -> RawHeader {
        let mut h = RawHeader {
            span: self.at(value),
            ..RawHeader::default()
        };
        let Some(table) = self.table(value, Ctx { item: "[model]" }, None) else {
            return h;
        };
        let cx = Ctx { item: "[model]" };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => h.name = self.string(v, cx, k),
                "description" => h.description = self.string(v, cx, k),
                "currency" => h.currency = self.string(v, cx, k),
                "price_year" => h.price_year = self.integer(v, cx, k),
                "discount_rate" => h.discount_rate = self.quantity(v, cx, k),
                "iterations" => h.iterations = self.integer(v, cx, k),
                "proxies" => h.proxies = self.strings(v, cx, k),
                "kind" => h.kind = self.string(v, cx, k),
                "accept" => h.accept = self.accept(v, cx),
                _ => self.error(unknown_key(k, self.at(key), MODEL_FIELDS, Some(cx))),
            }
        }
        h
    }

    /// Reads a `[parameters]`-like table of named quantities.
    pub fn parameters(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> Vec<(At<String>, At<RawQuantity>)> {
        let Some(table) = self.table(
            value,
            Ctx {
                item: "[parameters]",
            },
            None,
        ) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, v) in table.iter() {
            let name = key.get_ref().to_string();
            let item = format!("parameters.{}", quote_key(&name));
            if let Some(q) = self.quantity(v, Ctx { item: &item }, "") {
                out.push((At::new(name, self.at(key)), q));
            }
        }
        out
    }

    /// Reads `[deflators]`: `2014 = 73.6`, a year and its index (checked when compiled).
    pub fn deflators(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<(At<String>, At<f64>)> {
        let cx = Ctx {
            item: "[deflators]",
        };
        let Some(table) = self.table(value, cx, None) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, v) in table.iter() {
            let year = key.get_ref().to_string();
            match number(v.get_ref()) {
                Some(x) => out.push((At::new(year, self.at(key)), At::new(x, self.at(v)))),
                None => self.error(field_error(cx, &year, self.at(v)).message_text(format!(
                    "expected the deflator index of that year, a number; found {}",
                    describe(v.get_ref())
                ))),
            }
        }
        out
    }

    /// Reads one `[[inputs]]` entry.
    pub fn input(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawInput {
        let cx = Ctx { item };
        let mut i = RawInput {
            span,
            name: None,
            stakeholder: None,
            amount: None,
            year: None,
            schedule: None,
            confidence: None,
            discount_rate: None,
            accept: None,
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => i.name = self.string(v, cx, k),
                "stakeholder" => i.stakeholder = self.string(v, cx, k),
                "amount" => i.amount = self.quantity(v, cx, k),
                "year" => i.year = self.integer(v, cx, k),
                "schedule" => {
                    i.schedule = self.list(v, cx, k, "a list of amounts for years 0, 1, 2, …")
                }
                "discount_rate" => i.discount_rate = self.quantity(v, cx, k),
                "confidence" => i.confidence = self.integer(v, cx, k),
                "accept" => i.accept = self.accept(v, cx),
                _ => self.error(unknown_key(k, self.at(key), INPUT_FIELDS, Some(cx))),
            }
        }
        i
    }

    /// Reads `duration`: a whole number, or a distribution table of whole numbers.
    pub fn duration(&mut self, v: &Spanned<DeValue<'_>>, cx: Ctx<'_>) -> Option<At<RawDuration>> {
        match v.get_ref() {
            DeValue::Table(t) => {
                let d = self.dist(t, self.at(v), cx, "duration")?;
                Some(At::new(RawDuration::Dist(d), self.at(v)))
            }
            _ => self
                .integer(v, cx, "duration")
                .map(|n| At::new(RawDuration::Years(n.value), n.span)),
        }
    }

    /// Reads one `[[outcomes]]` entry (also used for scenario outcome patches).
    pub fn outcome(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawOutcome {
        let cx = Ctx { item };
        let mut o = RawOutcome {
            span,
            name: None,
            stakeholder: None,
            quantity: None,
            value: None,
            deadweight: None,
            displacement: None,
            attribution: None,
            drop_off: None,
            duration: None,
            start_year: None,
            cohorts: None,
            discount_rate: None,
            proxy_source: None,
            meta: RawOutcomeMeta::default(),
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => o.name = self.string(v, cx, k),
                "stakeholder" => o.stakeholder = self.string(v, cx, k),
                "quantity" => o.quantity = self.quantity(v, cx, k),
                "value" => o.value = self.quantity(v, cx, k),
                "deadweight" => o.deadweight = self.quantity(v, cx, k),
                "displacement" => o.displacement = self.quantity(v, cx, k),
                "attribution" => o.attribution = self.quantity(v, cx, k),
                "drop_off" => o.drop_off = self.quantity(v, cx, k),
                "duration" => o.duration = self.duration(v, cx),
                "start_year" => o.start_year = self.integer(v, cx, k),
                "cohorts" => {
                    o.cohorts = self.list(v, cx, k, "a list of cohort weights, one a year")
                }
                "discount_rate" => o.discount_rate = self.quantity(v, cx, k),
                "proxy_source" => o.proxy_source = self.string(v, cx, k),
                _ if self.outcome_meta(&mut o.meta, k, v, cx) => {}
                _ => self.error(unknown_key(k, self.at(key), OUTCOME_FIELDS, Some(cx))),
            }
        }
        o
    }

    /// Reads one `[[stakeholders]]` entry.
    pub fn stakeholder(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawStakeholder {
        let cx = Ctx { item };
        let mut s = RawStakeholder {
            span,
            ..RawStakeholder::default()
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => s.name = self.string(v, cx, k),
                "weight" => s.weight = self.number(v, cx, k),
                "income_quintile" => s.income_quintile = self.integer(v, cx, k),
                "description" => s.description = self.string(v, cx, k),
                "engagement" => s.engagement = self.engagement(v, cx),
                "accept" => s.accept = self.accept(v, cx),
                _ => self.error(unknown_key(k, self.at(key), STAKEHOLDER_FIELDS, Some(cx))),
            }
        }
        s
    }

    /// Reads one `[[correlations]]` entry.
    pub fn correlation(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawCorrelation {
        let cx = Ctx { item };
        let mut c = RawCorrelation {
            span,
            item: item.to_string(),
            between: None,
            rank: None,
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "between" => {
                    let names = v.get_ref().as_array().and_then(|a| {
                        a.iter()
                            .map(|e| {
                                e.get_ref()
                                    .as_str()
                                    .map(|s| At::new(s.to_string(), self.at(e)))
                            })
                            .collect::<Option<Vec<_>>>()
                    });
                    match names {
                        Some(names) => c.between = Some(At::new(names, self.at(v))),
                        None => self.error(field_error(cx, k, self.at(v)).message_text(format!(
                            "expected a list of two quantity names, e.g. ['parameters.effect', 'outcomes.\"GP visits\".value']; found {}",
                            describe(v.get_ref())
                        ))),
                    }
                }
                "rank" => match number(v.get_ref()) {
                    Some(x) => c.rank = Some(At::new(x, self.at(v))),
                    None => self.error(field_error(cx, k, self.at(v)).message_text(format!(
                        "expected a number strictly between -1 and 1; found {}",
                        describe(v.get_ref())
                    ))),
                },
                _ => self.error(unknown_key(k, self.at(key), CORRELATION_FIELDS, Some(cx))),
            }
        }
        c
    }
}
