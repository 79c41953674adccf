//! The funder's ledger fields (spec §17): an outcome's `value_type`, `agency` and
//! `cashable`, and an input's `public`. Fiscal value falls to an agency (default the
//! outcome's stakeholder) and is capacity unless a share is said to be cashable; `agency`
//! and `cashable` on economic or social value are errors, since nothing would read them.

use super::Compiler;
use super::items::Names;
use crate::error::Diagnostic;
use crate::model::checked::{QId, Role, ValueType};
use crate::model::raw::RawOutcome;
use crate::model::suggest::did_you_mean;

/// What the ledger knows of one outcome: its kind, its agency and its cashable share.
pub(super) type LedgerFields = (ValueType, Option<usize>, Option<QId>);

impl Compiler {
    /// Reads an outcome's ledger fields; `stakeholder` is its stakeholder's name, the
    /// default agency of fiscal value; `base` its quantities' stem (`outcomes."X"`).
    pub(super) fn ledger_fields(
        &mut self,
        ro: &RawOutcome,
        item: &str,
        base: &str,
        stakeholder: Option<&str>,
        agencies: &mut Names,
    ) -> LedgerFields {
        let value_type = match &ro.value_type {
            None => ValueType::Social,
            Some(v) => match ValueType::parse(&v.value) {
                Some(t) => t,
                None => {
                    self.error(
                        Diagnostic::new(format!(
                            "unknown value type `{}`{}",
                            v.value,
                            did_you_mean(&v.value, ValueType::NAMES.iter().copied())
                        ))
                        .item(item)
                        .field("value_type")
                        .span(v.span.clone())
                        .help(
                            "allowed: fiscal (a saving to a public budget), economic (output, earnings), social (the default)",
                        ),
                    );
                    ValueType::Social
                }
            },
        };
        let fiscal = value_type == ValueType::Fiscal;
        let not_fiscal = |field: &str| {
            let kind = match &ro.value_type {
                Some(_) => format!("{} value", value_type.name()),
                None => "social value (the default `value_type`)".to_string(),
            };
            Diagnostic::new(format!(
                "`{field}` is only for fiscal value, and this outcome is {kind}"
            ))
            .item(item)
            .field(field)
            .help(format!(
                "add `value_type = \"fiscal\"` if the outcome saves a public body money, or remove `{field}`"
            ))
        };
        let agency = match (&ro.agency, fiscal) {
            (Some(a), false) => {
                let d = not_fiscal("agency").span(a.span.clone());
                self.error(d);
                None
            }
            (Some(a), true) if a.value.trim().is_empty() => {
                self.error(
                    Diagnostic::new("the agency is empty")
                        .item(item)
                        .field("agency")
                        .span(a.span.clone())
                        .help("name the public body whose budget gains, e.g. `agency = \"Acute trusts\"`"),
                );
                None
            }
            (Some(a), true) => Some(agencies.index_of(&a.value)),
            (None, true) => stakeholder.map(|s| agencies.index_of(s)),
            (None, false) => None,
        };
        let cashable = match (&ro.cashable, fiscal) {
            (Some(c), false) => {
                let d = not_fiscal("cashable").span(c.span.clone());
                self.error(d);
                None
            }
            (Some(c), true) => self.quantity(
                c,
                format!("{base}.cashable"),
                Role::Proportion,
                item,
                "cashable",
            ),
            (None, _) => None,
        };
        (value_type, agency, cashable)
    }
}
