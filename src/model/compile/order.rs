//! Names in expressions resolved to parameters, and an evaluation order in which each
//! quantity comes after those it uses (a cycle among parameters is reported).

use std::collections::BTreeMap;

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::{QId, short_name};
use crate::model::suggest::did_you_mean;

impl Compiler {
    /// Resolves the names used in expressions to parameters.
    pub(super) fn resolve(&mut self, parameters: &[QId]) {
        let by_name: BTreeMap<String, QId> = parameters
            .iter()
            .map(|&q| (short_name(&self.quantities[q].name).to_string(), q))
            .collect();
        let pending = std::mem::take(&mut self.pending);
        for (id, e) in pending {
            let mut deps = Vec::new();
            for (var, offset) in e.variables() {
                match by_name.get(var) {
                    Some(&q) => deps.push(q),
                    None if self.broken.contains(var) => {}
                    None => {
                        let o = &self.quantities[id].origin;
                        let at = o.span.start + 1 + offset;
                        let mut d = Diagnostic::new(format!(
                            "unknown parameter `{var}` in the expression{}",
                            did_you_mean(var, by_name.keys().map(String::as_str))
                        ))
                        .item(o.item.clone())
                        .span(at..(at + var.len()).min(o.span.end));
                        if !o.field.is_empty() {
                            d = d.field(o.field.clone());
                        }
                        d = d.help(if by_name.is_empty() {
                            "the model has no `[parameters]`; define it there first".to_string()
                        } else {
                            format!(
                                "parameters: {}",
                                by_name
                                    .keys()
                                    .map(String::as_str)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        });
                        self.error(d);
                    }
                }
            }
            deps.sort_unstable();
            deps.dedup();
            self.quantities[id].deps = deps;
        }
    }

    /// An evaluation order (dependencies first); reports cycles among parameters.
    pub(super) fn order(&mut self, parameters: &[QId]) -> Vec<QId> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let n = self.quantities.len();
        let mut mark = vec![Mark::New; n];
        let mut order = Vec::with_capacity(n);
        let mut reported = false;
        // Parameters first (in file order), then every other quantity.
        let roots: Vec<QId> = parameters.iter().copied().chain(0..n).collect();
        for root in roots {
            if mark[root] != Mark::New {
                continue;
            }
            // Iterative depth-first search: (node, next dependency index); `path` is the stack.
            let mut stack: Vec<(QId, usize)> = vec![(root, 0)];
            mark[root] = Mark::Active;
            while let Some(top) = stack.last_mut() {
                let (node, next) = *top;
                if let Some(&dep) = self.quantities[node].deps.get(next) {
                    top.1 += 1;
                    match mark[dep] {
                        Mark::New => {
                            mark[dep] = Mark::Active;
                            stack.push((dep, 0));
                        }
                        Mark::Active if !reported => {
                            reported = true;
                            let start = stack.iter().position(|&(q, _)| q == dep).unwrap_or(0);
                            let mut names: Vec<&str> = stack[start..]
                                .iter()
                                .map(|&(q, _)| short_name(&self.quantities[q].name))
                                .collect();
                            names.push(short_name(&self.quantities[dep].name));
                            let o = &self.quantities[dep].origin;
                            self.diagnostics.push(
                                Diagnostic::new(format!("parameters form a cycle: {}", names.join(" → ")))
                                    .item(o.item.clone())
                                    .span(o.span.clone())
                                    .help("a parameter cannot depend, directly or through others, on itself"),
                            );
                        }
                        _ => {}
                    }
                } else {
                    mark[node] = Mark::Done;
                    order.push(node);
                    stack.pop();
                }
            }
        }
        order
    }
}
