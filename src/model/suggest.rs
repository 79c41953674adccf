//! "Did you mean …?": the nearest valid name for a misspelt one.

/// The candidate closest to `given`, if any is close enough to be a plausible typo.
///
/// Closeness is Damerau–Levenshtein distance (a swap of two letters counts once),
/// case-insensitive; a candidate qualifies when the distance is at most a third of the
/// longer name (at least 1), so `deadwieght` finds `deadweight` but `x` finds nothing.
pub fn nearest<'a, I>(given: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = given.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lowered, &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= (given.chars().count().max(c.chars().count()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// `" (did you mean `x`?)"` or nothing: ready to append to a message.
pub fn did_you_mean<'a, I>(given: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match nearest(given, candidates) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: [&str; 4] = ["deadweight", "displacement", "attribution", "drop_off"];

    #[test]
    fn finds_swapped_and_missing_letters() {
        assert_eq!(nearest("deadwieght", FIELDS), Some("deadweight"));
        assert_eq!(nearest("atribution", FIELDS), Some("attribution"));
        assert_eq!(nearest("dropoff", FIELDS), Some("drop_off"));
        assert_eq!(nearest("Deadweight", FIELDS), Some("deadweight"));
    }

    #[test]
    fn says_nothing_for_unrelated_names() {
        assert_eq!(nearest("colour", FIELDS), None);
        assert_eq!(nearest("x", ["y", "zz"]), Some("y"));
        assert_eq!(nearest("abc", std::iter::empty()), None);
        assert_eq!(did_you_mean("colour", FIELDS), "");
        assert_eq!(
            did_you_mean("deadwieght", FIELDS),
            "; did you mean `deadweight`?"
        );
    }
}
