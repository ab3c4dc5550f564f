//! What the fuzz harnesses share: one seeded RNG, the base seed and the byte-level mutations.
//! Included with `#[path]` by `tests/reliability` (generators, fuzz replay, mutation test) and
//! by `cli/tests/{yaml_fuzz,package_fuzz}.rs`, so a seed printed by one failing run replays the
//! same inputs everywhere and a fix to a mutation reaches every harness.
#![allow(dead_code)] // each harness uses a part

/// SplitMix64: tiny, seedable, the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % (u64::from(hi - lo) + 1)) as u32
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.range(0, 99) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The base seed of every harness: `STACKWRIGHT_SEED` to explore further, else a fixed one.
pub fn base_seed() -> u64 {
    std::env::var("STACKWRIGHT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026)
}

/// 1 to 8 random edits of `text`'s bytes: a flipped bit, a cut, a token from one of `pools`, a
/// copied chunk, a chunk of `other` (another corpus file), a truncation or a random byte. The
/// result may be invalid UTF-8; harnesses turn it into text lossily.
pub fn mutate_bytes(text: &str, other: &str, pools: &[&[&str]], r: &mut Rng) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for _ in 0..r.range(1, 8) {
        let at = r.below(b.len() + 1);
        match r.below(7) {
            0 if !b.is_empty() => {
                let i = r.below(b.len());
                b[i] ^= 1 << r.below(8);
            }
            1 if !b.is_empty() => {
                let end = (at + r.range(1, 32) as usize).min(b.len());
                b.drain(at.min(end)..end);
            }
            2 if !pools.is_empty() => {
                let pool = *r.pick(pools);
                b.splice(at..at, r.pick(pool).bytes());
            }
            3 if !b.is_empty() => {
                let start = r.below(b.len());
                let end = (start + r.range(1, 64) as usize).min(b.len());
                let chunk = b[start..end].to_vec();
                b.splice(at..at, chunk);
            }
            4 if !other.is_empty() => {
                let o = other.as_bytes();
                let start = r.below(o.len());
                let end = (start + r.range(1, 200) as usize).min(o.len());
                b.splice(at..at, o[start..end].iter().copied());
            }
            5 if !b.is_empty() => b.truncate(at),
            _ => b.insert(at, r.range(0, 255) as u8),
        }
    }
    b
}
