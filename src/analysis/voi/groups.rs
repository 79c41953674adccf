//! What value of information is measured for: every random quantity of the options (by
//! its stable name, shared between options that share it), each outcome's random
//! quantities together, and the groups the user names with `--group NAME=Q1,Q2,...`.

use crate::error::Error;
use crate::model::checked::{Def, Model, QId};
use crate::model::raw::quote_key;
use crate::model::suggest::did_you_mean;

/// A group of quantities whose value of information is measured together.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSpec {
    /// Its name: an outcome's (`outcomes."Fewer GP visits"`) or the user's.
    pub name: String,
    /// Its members' stable names.
    pub members: Vec<String>,
    /// True for a group given with `--group`.
    pub user: bool,
}

/// A random quantity of the options: its name, and the option and id it is read from
/// (the first option that has it; every option that has it draws the same values).
#[derive(Debug, Clone, PartialEq)]
pub struct RandomQuantity {
    /// Its stable name.
    pub name: String,
    /// The first option (file) that has it.
    pub option: usize,
    /// Its id in that option's model.
    pub id: QId,
}

/// Every random quantity (a distribution that is not fixed) of the models, in the order
/// of the first model that has each.
pub fn random_quantities(models: &[&Model]) -> Vec<RandomQuantity> {
    let mut out: Vec<RandomQuantity> = Vec::new();
    for (option, model) in models.iter().enumerate() {
        for (id, q) in model.quantities.iter().enumerate() {
            if q.is_random() && !out.iter().any(|r| r.name == q.name) {
                out.push(RandomQuantity {
                    name: q.name.clone(),
                    option,
                    id,
                });
            }
        }
    }
    out
}

/// The random quantities `q` is or depends on, each once, in the model's order.
pub fn random_inputs(model: &Model, q: QId) -> Vec<QId> {
    let mut seen = vec![false; model.quantities.len()];
    let mut stack = vec![q];
    while let Some(x) = stack.pop() {
        if std::mem::replace(&mut seen[x], true) {
            continue;
        }
        stack.extend(model.quantities[x].deps.iter().copied());
    }
    (0..model.quantities.len())
        .filter(|&x| seen[x] && model.quantities[x].is_random())
        .collect()
}

/// Each outcome's random quantities together (those of its fields and of the parameters
/// they use), for outcomes with at least two. An outcome of several models is one group:
/// the union of its quantities in every model that has it (a scenario may value it with
/// other figures), in the order first met.
pub fn outcome_groups(models: &[&Model]) -> Vec<GroupSpec> {
    let mut all: Vec<GroupSpec> = Vec::new();
    for model in models {
        for o in &model.outcomes {
            let fields = [Some(o.quantity), Some(o.value)]
                .into_iter()
                .chain([o.deadweight, o.displacement, o.attribution, o.drop_off])
                .flatten();
            let mut members: Vec<QId> = fields.flat_map(|q| random_inputs(model, q)).collect();
            members.sort_unstable();
            members.dedup();
            let name = format!("outcomes.{}", quote_key(&o.name));
            let names = members.iter().map(|&q| model.quantities[q].name.clone());
            match all.iter_mut().find(|g| g.name == name) {
                Some(g) => {
                    for n in names {
                        if !g.members.contains(&n) {
                            g.members.push(n);
                        }
                    }
                }
                None => all.push(GroupSpec {
                    name,
                    members: names.collect(),
                    user: false,
                }),
            }
        }
    }
    all.retain(|g| g.members.len() >= 2);
    all
}

/// Parses `NAME=Q1,Q2,...`: commas inside double quotes belong to a name.
pub fn parse_group(s: &str) -> Result<GroupSpec, String> {
    let Some((name, list)) = s.split_once('=') else {
        return Err(format!(
            "a group is NAME=Q1,Q2,... (e.g. `--group effect='parameters.effect,outcomes.\"GP visits\".value'`); got `{s}`"
        ));
    };
    let mut members = Vec::new();
    let (mut current, mut in_quotes) = (String::new(), false);
    for c in list.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                current.push(c);
            }
            ',' if !in_quotes => members.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    members.push(current);
    let members: Vec<String> = members.iter().map(|m| m.trim().to_string()).collect();
    if name.trim().is_empty() || members.iter().any(String::is_empty) {
        return Err(format!(
            "a group needs a name and at least one quantity, NAME=Q1,Q2,...; got `{s}`"
        ));
    }
    Ok(GroupSpec {
        name: name.trim().to_string(),
        members,
        user: true,
    })
}

/// Checks a user's group against the options: every member a random quantity of some
/// option, none twice. `files` names the options for messages.
pub fn check_group(group: &GroupSpec, models: &[&Model], files: &[&str]) -> Result<(), Error> {
    let fail = |msg: String| Error::Usage(format!("--group `{}`: {msg}", group.name));
    for (i, member) in group.members.iter().enumerate() {
        if group.members[..i].contains(member) {
            return Err(fail(format!("`{member}` is named twice")));
        }
        let found = models
            .iter()
            .zip(files)
            .find_map(|(m, f)| m.quantity(member).map(|q| (*m, q, f)));
        let Some((model, q, file)) = found else {
            let names = models
                .iter()
                .flat_map(|m| m.quantities.iter().map(|q| q.name.as_str()));
            return Err(fail(format!(
                "`{member}` is not a quantity of {}{}",
                files.join(" or "),
                did_you_mean(member, names)
            )));
        };
        let quantity = &model.quantities[q];
        match &quantity.def {
            Def::Expr(_) => {
                let inputs: Vec<&str> = random_inputs(model, q)
                    .into_iter()
                    .map(|x| model.quantities[x].name.as_str())
                    .collect();
                return Err(fail(format!(
                    "`{member}` is an expression ({}) in {file}, not a random quantity; name the random quantities it uses instead{}",
                    quantity.describe(),
                    if inputs.is_empty() {
                        " (it uses none: it is fixed)".to_string()
                    } else {
                        format!(": {}", inputs.join(", "))
                    }
                )));
            }
            Def::Dist(_) if !quantity.is_random() => {
                return Err(fail(format!(
                    "`{member}` is the fixed number {} in {file}: there is nothing to learn about it",
                    quantity.describe()
                )));
            }
            Def::Dist(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_parse_with_quoted_commas() {
        let g = parse_group(r#"evidence=parameters.a, outcomes."x, y".value"#).unwrap();
        assert_eq!(g.name, "evidence");
        assert_eq!(g.members, vec!["parameters.a", r#"outcomes."x, y".value"#]);
        assert!(parse_group("nothing").is_err());
        assert!(parse_group("a=").is_err());
        assert!(parse_group("=b").is_err());
    }
}
