//! Partial results of a sharded run (`--shard K/N`), and the checks `sroi merge` makes.
//!
//! A part file is one line of JSON, its header, then its payload (JSON). The header says
//! what the part came from (the command, the files as named, a hash of the checked models,
//! draws, seed, sampling, interval level, thresholds, the version of `sroi`), which shard of how
//! many it is, which pass it holds, and the length and XXH3-64 checksum of the payload, so
//! that a part from another run, a missing or repeated shard, or a truncated or damaged
//! file is refused by name rather than merged into wrong figures.
//!
//! The stages: shards write their first pass (`first`); `sroi merge` combines them into
//! what the second pass needs (`given`, one file for every shard); shards given it with
//! `--given` write their second pass (`second`, carrying that `given` too); `sroi merge`
//! of those gives the output.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::analysis::stream::{FirstPass, Givens, SecondPass};
use crate::error::Error;
use crate::sample::lhs::Method;

/// The first word of every part file.
const MAGIC: &str = "sroi-part";

/// How the tallies in a part are laid out, raised whenever a part written before could be
/// read into wrong numbers: 1, histogram bins of a 4,096th of a power of two (parts that
/// do not say); 2, of a 256th.
const TALLIES: u32 = 2;

/// What parts that do not say how their tallies are laid out hold.
fn first_tallies() -> u32 {
    1
}

/// Which pass a part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// A shard's first pass.
    First,
    /// The merged first pass, for every shard's second.
    Given,
    /// A shard's second pass.
    Second,
}

impl Stage {
    /// The round a shard's part of this stage belongs to, in words.
    fn round(self) -> &'static str {
        match self {
            Stage::First | Stage::Given => "first",
            Stage::Second => "second",
        }
    }
}

/// What a part came from: every field must agree for parts to merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// `run` or `compare`.
    pub command: String,
    /// The model files as named on the command line.
    pub files: Vec<String>,
    /// XXH3-64 (hex) of the files' text and their compiled plans: a change to any file
    /// the draws depend on (a scenario's base model, a proxy library) changes it.
    pub models: String,
    /// Draws in the whole run.
    pub iterations: u64,
    /// The seed.
    pub seed: u64,
    /// Plain random draws or a Latin hypercube per block (parts written before this field
    /// were random, whatever today's default).
    #[serde(default = "Method::random")]
    pub sampling: Method,
    /// Interval level.
    pub ci_level: f64,
    /// Acceptability thresholds.
    pub thresholds: Vec<f64>,
    /// The price year a comparison's money was put on with `--price-year`, when given
    /// (the merge puts the files on the same one); absent, the default, the latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<i64>,
    /// The version of `sroi` that wrote it.
    pub version: String,
}

/// A part file's first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always `sroi-part`.
    pub format: String,
    /// How its tallies are laid out ([`TALLIES`] when written by this version).
    #[serde(default = "first_tallies")]
    pub tallies: u32,
    /// What it came from.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// Which pass it holds.
    pub stage: Stage,
    /// Shard K of N (none for `given`).
    pub shard: Option<(usize, usize)>,
    /// For `second`: the checksum of the `given` it was made with.
    pub given: Option<String>,
    /// The payload's length in bytes.
    pub payload_bytes: usize,
    /// XXH3-64 of the payload (hex).
    pub payload_xxh3: String,
}

/// A second pass with the merged first it was made with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecondPart {
    /// The merged first pass.
    pub given: Givens,
    /// This shard's second pass.
    pub second: SecondPass,
}

/// What a part holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A shard's first pass.
    First(FirstPass),
    /// The merged first pass.
    Given(Givens),
    /// A shard's second pass.
    Second(Box<SecondPart>),
}

/// A part read and checked against its own header.
#[derive(Debug, Clone)]
pub struct Part {
    /// The file as named.
    pub path: String,
    /// Its header.
    pub header: Header,
    /// Its contents.
    pub payload: Payload,
}

/// The text of a part file.
pub fn write(
    provenance: &Provenance,
    shard: Option<(usize, usize)>,
    payload: &Payload,
) -> Result<String, Error> {
    let (stage, body, given) = match payload {
        Payload::First(p) => (Stage::First, to_json(p)?, None),
        Payload::Given(g) => (Stage::Given, to_json(g)?, None),
        Payload::Second(s) => (
            Stage::Second,
            to_json(s)?,
            Some(checksum(&to_json(&s.given)?)),
        ),
    };
    let header = Header {
        format: MAGIC.into(),
        tallies: TALLIES,
        provenance: provenance.clone(),
        stage,
        shard,
        given,
        payload_bytes: body.len(),
        payload_xxh3: checksum(&body),
    };
    Ok(format!("{}\n{body}", to_json(&header)?))
}

/// The XXH3-64 of some text, in hex.
pub fn checksum(text: &str) -> String {
    format!("{:016x}", xxh3_64(text.as_bytes()))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Usage(format!("cannot encode a part: {e}")))
}

/// Reads a part file and checks it is whole: its header, its length and its checksum.
pub fn read(path: &str) -> Result<Part, Error> {
    let bad = |reason: String| Error::Part {
        path: path.to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| Error::Read {
        path: path.to_string(),
        reason: e.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| bad(not_a_part()))?;
    let (head, body) = text.split_once('\n').ok_or_else(|| bad(not_a_part()))?;
    let header: Header = serde_json::from_str(head).map_err(|_| bad(not_a_part()))?;
    if header.format != MAGIC {
        return Err(bad(not_a_part()));
    }
    if header.tallies != TALLIES {
        let which = if header.tallies < TALLIES {
            "an earlier"
        } else {
            "a later"
        };
        return Err(bad(format!(
            "it was written by {which} version of sroi, which laid out its results in another way; run the shards again with one version"
        )));
    }
    if body.len() != header.payload_bytes {
        return Err(bad(format!(
            "it is truncated or damaged: its header promises {} bytes of results but {} follow; write it again",
            header.payload_bytes,
            body.len()
        )));
    }
    if checksum(body) != header.payload_xxh3 {
        return Err(bad(
            "it is corrupted: its results do not match their checksum; write it again".into(),
        ));
    }
    let payload = match header.stage {
        Stage::First => Payload::First(decode(body).map_err(bad)?),
        Stage::Given => Payload::Given(decode(body).map_err(bad)?),
        Stage::Second => Payload::Second(Box::new(decode(body).map_err(bad)?)),
    };
    Ok(Part {
        path: path.to_string(),
        header,
        payload,
    })
}

fn not_a_part() -> String {
    "it is not a part file written by `sroi run --shard` or `sroi merge`".into()
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    serde_json::from_str(body).map_err(|e| format!("its results cannot be read ({e})"))
}

/// Checks that `part` came from the run `expected` describes, naming the first field that
/// differs.
pub fn check_provenance(part: &Part, expected: &Provenance, what: &str) -> Result<(), Error> {
    let got = &part.header.provenance;
    let differs = |field: &str, theirs: String, ours: String| Error::Part {
        path: part.path.clone(),
        reason: format!(
            "it has {field} {theirs}, but {what} has {ours}; parts of one run must agree"
        ),
    };
    if got.version != expected.version {
        return Err(differs(
            "sroi version",
            got.version.clone(),
            expected.version.clone(),
        ));
    }
    if got.command != expected.command {
        return Err(differs(
            "command",
            got.command.clone(),
            expected.command.clone(),
        ));
    }
    if got.files != expected.files {
        return Err(differs(
            "files",
            got.files.join(", "),
            expected.files.join(", "),
        ));
    }
    if got.price_year != expected.price_year {
        let year = |y: Option<i64>| y.map_or_else(|| "the default".to_string(), |y| y.to_string());
        return Err(differs(
            "price year",
            year(got.price_year),
            year(expected.price_year),
        ));
    }
    if got.models != expected.models {
        return Err(differs(
            "a different model (hash",
            format!("{})", got.models),
            format!("{})", expected.models),
        ));
    }
    if got.iterations != expected.iterations {
        return Err(differs(
            "draws",
            got.iterations.to_string(),
            expected.iterations.to_string(),
        ));
    }
    if got.seed != expected.seed {
        return Err(differs(
            "seed",
            got.seed.to_string(),
            expected.seed.to_string(),
        ));
    }
    if got.sampling != expected.sampling {
        return Err(differs(
            "sampling",
            got.sampling.name().to_string(),
            expected.sampling.name().to_string(),
        ));
    }
    if got.ci_level != expected.ci_level {
        return Err(differs(
            "interval level",
            got.ci_level.to_string(),
            expected.ci_level.to_string(),
        ));
    }
    if got.thresholds != expected.thresholds {
        return Err(differs(
            "thresholds",
            format!("{:?}", got.thresholds),
            format!("{:?}", expected.thresholds),
        ));
    }
    Ok(())
}

/// Checks that `parts` (all of one stage) are each shard of one run exactly once.
pub fn check_shards(parts: &[Part]) -> Result<usize, Error> {
    let first = &parts[0];
    let Some((_, of)) = first.header.shard else {
        return Err(Error::Part {
            path: first.path.clone(),
            reason: "it is already merged; give the shards' parts".into(),
        });
    };
    let mut seen: Vec<Option<&str>> = vec![None; of];
    for part in parts {
        check_provenance(part, &first.header.provenance, &format!("`{}`", first.path))?;
        if part.header.stage != first.header.stage || part.header.given != first.header.given {
            return Err(Error::Part {
                path: part.path.clone(),
                reason: if part.header.stage != first.header.stage {
                    format!(
                        "it holds the {} round and `{}` the {}; merge the parts of one round at a time",
                        part.header.stage.round(),
                        first.path,
                        first.header.stage.round()
                    )
                } else {
                    format!(
                        "it was made with another --given file than `{}`; run every shard of the second round with the same one",
                        first.path
                    )
                },
            });
        }
        let Some((k, n)) = part.header.shard else {
            return Err(Error::Part {
                path: part.path.clone(),
                reason: "it is already merged; give the shards' parts".into(),
            });
        };
        if n != of {
            return Err(Error::Part {
                path: part.path.clone(),
                reason: format!(
                    "it is shard {k} of {n}, but `{}` is one of {of}",
                    first.path
                ),
            });
        }
        if let Some(other) = seen[k - 1] {
            return Err(Error::Part {
                path: part.path.clone(),
                reason: format!(
                    "it is shard {k} of {of}, and so is `{other}`; give each shard once"
                ),
            });
        }
        seen[k - 1] = Some(&part.path);
    }
    let missing: Vec<String> = (1..=of)
        .filter(|&k| seen[k - 1].is_none())
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(Error::Incomplete(format!(
            "shard{} {} of {of} {} missing (the parts given: {}); merge needs every shard once",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            if missing.len() > 1 { "are" } else { "is" },
            parts
                .iter()
                .map(|p| format!("`{}`", p.path))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(of)
}
