//! A guard against running out of memory: the draws a run keeps grow with `-n` beyond
//! the store budget (a few columns of every draw are held until the end), so a run too
//! large for the machine is refused before sampling, with a message, rather than being
//! killed by the system part-way with none.
//!
//! The figures are measured peaks (`/usr/bin/time -f %M` at one and four million draws
//! of `tests/fixtures/simple.toml`: run 40, sensitivity 69, compare 128 bytes a draw for
//! two options), rounded up for models with more funders. Once the summaries keep memory
//! flat, this check can go.

use crate::analysis::summary::STORE_BUDGET;
use crate::error::Error;

/// Bytes a draw keeps beyond the store budget, for `run` and `sensitivity`.
pub const BYTES_PER_DRAW: u64 = 96;
/// Bytes a draw keeps beyond the store budget, per option of `compare`.
pub const BYTES_PER_DRAW_PER_OPTION: u64 = 80;
/// What the program needs besides the draws.
const BASE_BYTES: u64 = 64 << 20;

/// The peak memory a command is expected to use for `iterations` draws keeping
/// `per_draw` bytes each.
pub fn estimate(iterations: usize, per_draw: u64) -> u64 {
    BASE_BYTES + STORE_BUDGET as u64 + (iterations as u64).saturating_mul(per_draw)
}

/// Refuses a run whose estimated peak exceeds the memory available to this process
/// (the system's available memory, or the control group's limit if lower). Where neither
/// can be read, nothing is refused.
pub fn check(iterations: usize, per_draw: u64) -> Result<(), Error> {
    refuse_beyond(iterations, per_draw, available())
}

fn refuse_beyond(iterations: usize, per_draw: u64, available: Option<u64>) -> Result<(), Error> {
    let need = estimate(iterations, per_draw);
    match available {
        Some(have) if need > have => {
            let most = (have.saturating_sub(BASE_BYTES + STORE_BUDGET as u64) / per_draw).max(1);
            Err(Error::Usage(format!(
                "{} draws would need about {} of memory, more than the {} available; \
                 use at most about {} draws (-n)",
                crate::analysis::summary::group_thousands(iterations as u64),
                gigabytes(need),
                gigabytes(have),
                crate::analysis::summary::group_thousands(round_down(most)),
            )))
        }
        _ => Ok(()),
    }
}

/// `n` rounded down to two significant figures.
fn round_down(n: u64) -> u64 {
    let mut scale = 1;
    while n / scale >= 100 {
        scale *= 10;
    }
    n / scale * scale
}

fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

/// Memory available to this process, in bytes: `MemAvailable` of `/proc/meminfo`, or
/// less if a cgroup v2 limit (`memory.max` less `memory.current`) says so.
fn available() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let system = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)?;
    let read = |f: &str| {
        std::fs::read_to_string(format!("/sys/fs/cgroup/{f}"))
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
    };
    let group =
        read("memory.max").map(|max| max.saturating_sub(read("memory.current").unwrap_or(0)));
    Some(group.map_or(system, |g| g.min(system)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_beyond_memory_is_refused_with_advice() {
        let gib = 1u64 << 30;
        // 60 million draws at 96 bytes is about 5.8 GB on top of the budget.
        let err = refuse_beyond(60_000_000, BYTES_PER_DRAW, Some(4 * gib)).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(
            text.contains("60,000,000 draws would need about 6.4 GB"),
            "{text}"
        );
        assert!(text.contains("more than the 4.3 GB available"), "{text}");
        // (4 GiB − 576 MiB) / 96 bytes = 38,452,565 draws, to two figures.
        assert!(
            text.contains("use at most about 38,000,000 draws"),
            "{text}"
        );
        assert!(refuse_beyond(1_000_000, BYTES_PER_DRAW, Some(4 * gib)).is_ok());
        assert!(refuse_beyond(1_000_000_000, BYTES_PER_DRAW, None).is_ok());
    }

    #[test]
    fn this_machine_reports_its_memory() {
        if std::path::Path::new("/proc/meminfo").exists() {
            assert!(available().is_some_and(|b| b > 0));
        }
    }
}
