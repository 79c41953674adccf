//! The processor's vector instructions. The hot loops (the uniforms, the quantile
//! tables' walk, the triangular quantiles, the plan's SROI arithmetic and rule check, the
//! tallies) are compiled for each width and the widest the processor has is taken when it
//! runs; every width gives the same numbers bit for bit. Beside the stages, serving them
//! all.

/// Which vector instructions a loop is compiled for: the same code for each (or, where
/// noted, code written for one), and the same numbers from each, which the tests of each
/// such loop check width by width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Any processor of the target: on x86-64, SSE2.
    Portable,
    /// x86-64 with AVX2.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// x86-64 with AVX-512 (F, DQ and VL).
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Width {
    /// The widest this processor has (detected once, then read from a cache).
    #[inline]
    pub fn widest() -> Width {
        *Self::available().last().unwrap_or(&Width::Portable)
    }

    /// Every width this processor has, narrowest first.
    pub fn available() -> &'static [Width] {
        static AVAILABLE: std::sync::OnceLock<Vec<Width>> = std::sync::OnceLock::new();
        AVAILABLE.get_or_init(|| {
            #[allow(unused_mut)]
            let mut widths = vec![Width::Portable];
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    widths.push(Width::Avx2);
                }
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                    && std::arch::is_x86_feature_detected!("avx512vl")
                {
                    widths.push(Width::Avx512);
                }
            }
            widths
        })
    }
}

impl Width {
    /// Replaces each of `xs` by `f` of it, in a loop compiled for this width, which the
    /// processor must have ([`Width::available`]): for a map of plain arithmetic (IEEE
    /// operations and square roots, which round the same in every width), so that the
    /// same numbers come from every width, in vector instructions the widest has.
    #[inline]
    pub fn map(self, xs: &mut [f64], f: impl Fn(f64) -> f64) {
        match self {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Width::widest` and `Width::available` give only widths whose
            // instructions the processor has.
            Width::Avx512 => unsafe { map_avx512(xs, f) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            Width::Avx2 => unsafe { map_avx2(xs, f) },
            Width::Portable => map_portable(xs, f),
        }
    }
}

/// [`map_portable`] compiled for AVX-512.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
fn map_avx512(xs: &mut [f64], f: impl Fn(f64) -> f64) {
    map_portable(xs, f);
}

/// [`map_portable`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn map_avx2(xs: &mut [f64], f: impl Fn(f64) -> f64) {
    map_portable(xs, f);
}

/// [`Width::map`] for any processor: the code every width compiles.
#[inline(always)]
fn map_portable(xs: &mut [f64], f: impl Fn(f64) -> f64) {
    for x in xs {
        *x = f(*x);
    }
}
