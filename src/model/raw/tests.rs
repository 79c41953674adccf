//! The reader's tests: whole files read, and the problems each kind of mistake raises.

use super::*;

const GOOD: &str = r#"
[model]
name = "Test"
discount_rate = 0.035

[parameters]
people = 100
share = { dist = "beta", mean = 0.5, sd = 0.1 }
reached = "people * share"

[[inputs]]
name = "Grant"
amount = 1000

[[inputs]]
name = "Match"
schedule = [0, 500, { dist = "uniform", min = 400, max = 600 }]

[[outcomes]]
name = "Wellbeing"
stakeholder = "Participants"
quantity = "reached"
value = { dist = "discrete", values = [1, 2], weights = [1, 3] }
duration = 2
"#;

#[test]
fn reads_every_kind_of_field() {
    let m = parse_model(GOOD).unwrap();
    assert_eq!(m.header.name.as_ref().unwrap().value, "Test");
    assert_eq!(
        m.header.discount_rate.as_ref().unwrap().value,
        RawQuantity::Number(0.035)
    );
    let names: Vec<_> = m.parameters.iter().map(|(k, _)| k.value.as_str()).collect();
    assert_eq!(names, ["people", "share", "reached"], "file order kept");
    assert_eq!(
        m.parameters[2].1.value,
        RawQuantity::Expr("people * share".into())
    );
    assert_eq!(m.inputs.len(), 2);
    assert_eq!(m.inputs[1].schedule.as_ref().unwrap().value.len(), 3);
    let value = &m.outcomes[0].value.as_ref().unwrap().value;
    let RawQuantity::Dist(d) = value else {
        panic!()
    };
    assert_eq!(d.kind.value, "discrete");
    assert_eq!(d.fields[1].1.value, RawDistField::Numbers(vec![1.0, 3.0]));
    assert_eq!(
        m.outcomes[0].duration.as_ref().unwrap().value,
        RawDuration::Years(2)
    );
    let span = &m.outcomes[0].duration.as_ref().unwrap().span;
    assert_eq!(&GOOD[span.clone()], "2");
}

#[test]
fn unknown_fields_are_named_with_a_suggestion() {
    let src = GOOD.replace("duration = 2", "durration = 2");
    let errs = parse_model(&src).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].title(),
        "outcomes[1] \"Wellbeing\": unknown field `durration`; did you mean `duration`?"
    );
    assert_eq!(&src[errs[0].span.clone().unwrap()], "durration");
}

#[test]
fn wrong_types_are_reported_with_what_was_found() {
    let src = GOOD.replace("duration = 2", "duration = \"two\"");
    let errs = parse_model(&src).unwrap_err();
    assert_eq!(
        errs[0].title(),
        "outcomes[1] \"Wellbeing\", field `duration`: expected a whole number; found the string \"two\""
    );
    let src = GOOD.replace("amount = 1000", "amount = true");
    let errs = parse_model(&src).unwrap_err();
    assert!(errs[0].title().starts_with("inputs[1] \"Grant\", field `amount`: expected a number, an expression in quotes, or a distribution table; found the boolean true"));
}

#[test]
fn toml_syntax_errors_keep_their_position() {
    let errs = parse_model("[model]\nname = \"x\nfoo").unwrap_err();
    assert!(
        errs[0].message.starts_with("TOML syntax:"),
        "{}",
        errs[0].message
    );
    assert!(errs[0].span.is_some());
}

#[test]
fn a_missing_model_table_and_unknown_tables_are_errors() {
    let errs = parse_model("[modle]\nname = \"x\"\n").unwrap_err();
    let titles: Vec<_> = errs.iter().map(|e| e.title()).collect();
    assert_eq!(titles[0], "unknown table `modle`; did you mean `model`?");
    assert_eq!(titles[1], "the file has no `[model]` table");
}

#[test]
fn dist_fields_must_be_numbers() {
    let src = GOOD.replace("min = 400", "min = \"a\"");
    let errs = parse_model(&src).unwrap_err();
    assert_eq!(
        errs[0].title(),
        "inputs[2] \"Match\", field `schedule[2].min`: distribution fields take numbers (or lists of numbers); found the string \"a\""
    );
}

#[test]
fn keys_are_quoted_only_when_needed() {
    assert_eq!(quote_key("referrals"), "referrals");
    assert_eq!(quote_key("Fewer GP visits"), "\"Fewer GP visits\"");
    assert_eq!(quote_key("a\"b"), "\"a\\\"b\"");
}
