//! The processor's vector instructions. The hot loops (the uniforms, the quantile
//! tables' walk, the tallies) are compiled for each width and the widest the processor
//! has is taken when it runs; every width gives the same numbers bit for bit. Beside the
//! stages, serving them all.

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
