//! Quantile tables built when first needed, and shared.
//!
//! A beta, PERT or gamma distribution holds a [`Table`] of its standard law's quantile
//! function (`inverse`). The table is built the first time a draw or a quantile asks for
//! it, so a model that is only checked, or a quantity a scenario replaces, costs nothing;
//! and distributions with the same law (the same shapes, whatever their bounds or scale),
//! in one model or in every option of a comparison, share one table while any of them is
//! in use. A table depends only on its law, so sharing changes no draw.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use super::inverse::{Inverse, Law};

/// The tables in use, by law.
type Shared = Mutex<HashMap<(bool, u64, u64), Weak<Table>>>;

/// A law's quantile table, built on first use.
pub(crate) struct Table {
    law: Law,
    inverse: OnceLock<Inverse>,
}

impl Table {
    /// The table of `law`: the one already in use for the same law, else a new one (built
    /// when first read).
    pub(crate) fn of(law: Law) -> Arc<Table> {
        static TABLES: OnceLock<Shared> = OnceLock::new();
        let key = match law {
            Law::Beta { a, b, .. } => (true, a.to_bits(), b.to_bits()),
            Law::Gamma { a } => (false, a.to_bits(), 0),
        };
        let mut tables = TABLES
            .get_or_init(Shared::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(table) = tables.get(&key).and_then(Weak::upgrade) {
            return table;
        }
        tables.retain(|_, t| t.strong_count() > 0);
        let table = Arc::new(Table {
            law,
            inverse: OnceLock::new(),
        });
        tables.insert(key, Arc::downgrade(&table));
        table
    }

    /// The built table.
    #[inline(always)]
    pub(crate) fn inverse(&self) -> &Inverse {
        self.inverse.get_or_init(|| Inverse::new(self.law))
    }
}

impl std::fmt::Debug for Table {
    /// The law alone: whether the table is built yet does not change what it is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("law", &self.law).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_table_per_law_while_in_use_built_when_first_read() {
        let a = Table::of(Law::beta(2.5, 3.25));
        let b = Table::of(Law::beta(2.5, 3.25));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &Table::of(Law::beta(3.25, 2.5))));
        assert!(!Arc::ptr_eq(&a, &Table::of(Law::Gamma { a: 2.5 })));
        assert!(a.inverse.get().is_none());
        let x = b.inverse().at(0.3);
        assert!(a.inverse.get().is_some());
        assert_eq!(x, Inverse::new(Law::beta(2.5, 3.25)).at(0.3));
    }
}
