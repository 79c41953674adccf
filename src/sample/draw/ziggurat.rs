//! Standard normal draws by the ziggurat method (Marsaglia & Tsang, J. Stat. Softw. 5(8),
//! 2000), with 256 layers and Doornik's correction (layer and value from different bits of
//! one 64-bit number). About 99% of draws cost one random number, a multiplication and a
//! comparison: this is the normal behind every gamma, beta and PERT draw.
//!
//! The tables are computed once, with `libm`, so they (and every draw) are the same on
//! every machine.

use std::sync::OnceLock;

use crate::sample::rng::DrawRng;

/// Layers of the ziggurat.
const LAYERS: usize = 256;
/// Where the base layer's tail begins, and the common area of every layer, for 256 layers
/// (Marsaglia & Tsang 2000, table 1 extended to 256; the values rand and numpy use).
const R: f64 = 3.654_152_885_361_009;
const V: f64 = 0.004_928_673_233_99;

/// x[i] (the right edge of layer i, x[0] the base's equivalent width) and f[i] = e^{-x^2/2}.
pub(super) struct Tables {
    x: [f64; LAYERS + 1],
    f: [f64; LAYERS + 1],
}

fn density(x: f64) -> f64 {
    libm::exp(-0.5 * x * x)
}

/// The tables, built on first use.
pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut x = [0.0; LAYERS + 1];
        x[0] = V / density(R);
        x[1] = R;
        for i in 2..LAYERS {
            x[i] = (-2.0 * libm::log(V / x[i - 1] + density(x[i - 1]))).sqrt();
        }
        x[LAYERS] = 0.0;
        let f = x.map(density);
        Tables { x, f }
    })
}

impl std::fmt::Debug for Tables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ziggurat tables")
    }
}

impl Tables {
    /// One standard normal draw from the stream.
    #[inline]
    pub(super) fn sample(&self, rng: &mut DrawRng) -> f64 {
        loop {
            let (x, u, i) = self.candidate(rng.next_u64());
            if x.abs() < self.x[i + 1] {
                return x;
            }
            if i == 0 {
                return tail(rng, u < 0.0);
            }
            let y = self.f[i + 1] + (self.f[i] - self.f[i + 1]) * rng.open01();
            if y < density(x) {
                return x;
            }
        }
    }

    /// The first try of [`Tables::sample`] from the stream's next 64 bits, and whether it
    /// lies inside its layer (when it does, about 99% of draws, it is the draw `sample`
    /// makes from the same stream).
    #[inline(always)]
    pub(super) fn first_try(&self, bits: u64) -> (f64, bool) {
        let (x, _, i) = self.candidate(bits);
        (x, x.abs() < self.x[i + 1])
    }

    /// A try from 64 random bits: the point, the uniform it was scaled from, its layer.
    #[inline(always)]
    fn candidate(&self, bits: u64) -> (f64, f64, usize) {
        let i = (bits & 0xff) as usize;
        // A uniform in (-1, 1) from the top 53 bits, independent of the layer's bits.
        let u = ((bits >> 11) as f64 + 0.5) * (2.0 / (1u64 << 53) as f64) - 1.0;
        (u * self.x[i], u, i)
    }
}

/// A draw from the normal's tail beyond R (Marsaglia 1964).
fn tail(rng: &mut DrawRng, negative: bool) -> f64 {
    loop {
        let x = libm::log(rng.open01()) / R;
        let y = libm::log(rng.open01());
        if -2.0 * y >= x * x {
            return if negative { x - R } else { R - x };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::rng::stream_key;

    #[test]
    fn the_tables_close_the_ziggurat() {
        let t = tables();
        // Layers narrow upwards to the peak, and every layer has area V: the top layer's
        // area x[255] (1 − f[255]) is V too.
        assert!(t.x.windows(2).skip(1).all(|w| w[0] > w[1]));
        assert!((t.x[LAYERS - 1] * (1.0 - t.f[LAYERS - 1]) - V).abs() < 1e-9);
        assert_eq!(t.f[LAYERS], 1.0);
    }

    #[test]
    fn draws_are_standard_normal() {
        let t = tables();
        let key = stream_key(9, "ziggurat");
        let n = 400_000;
        let draws: Vec<f64> = (0..n)
            .map(|i| t.sample(&mut DrawRng::new(key, i)))
            .collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        // Standard errors: mean 1/sqrt(n) = 0.00158; variance sqrt(2/n) = 0.00224; 5 each.
        assert!(mean.abs() < 0.0079, "{mean}");
        assert!((var - 1.0).abs() < 0.0112, "{var}");
        // Shares below known quantiles, binomial sd sqrt(p(1-p)/n), 5 sd each:
        // Phi(-1.959964) = 0.025, Phi(1) = 0.8413447461, and beyond R = 3.6541529 (the
        // tail branch) 1 - Phi(R) = 1.2896e-4 on each side.
        let share =
            |f: &dyn Fn(f64) -> bool| draws.iter().filter(|&&x| f(x)).count() as f64 / n as f64;
        assert!(
            (share(&|x| x < -1.959964) - 0.025).abs() < 5.0 * (0.025f64 * 0.975 / n as f64).sqrt()
        );
        assert!(
            (share(&|x| x < 1.0) - 0.8413447461).abs() < 5.0 * (0.8413 * 0.1587 / n as f64).sqrt()
        );
        let tails = share(&|x| x.abs() > R);
        assert!(
            (tails - 2.0 * 1.2896e-4).abs() < 5.0 * (2.579e-4 / n as f64).sqrt(),
            "{tails}"
        );
    }
}
