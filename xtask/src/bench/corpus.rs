//! The benchmark corpora: KJV x10 (made by `scripts/kjv-corpus.sh`) and
//! three seeded synthetic texts with Zipf-like vocabularies (made here), in
//! `target/corpora/`; `--quick` uses
//! their first tenths, in `corpora/quick/`. Nothing large is committed.
//!
//! The generator: a SplitMix64 stream from the seed draws each word's rank,
//! and the rank alone decides the word's spelling (`word`), so the same seed
//! gives the same bytes. Lines hold 10 to 15 words. Some words are
//! capitalised or all caps; some ranks are spelt with `é`, `ß`, a Greek final
//! `ος` (`Σ` in caps) or a leading `İ` (two chars in lower case); a few
//! separators are NBSP, U+3000 or a tab. So the exact Unicode path of
//! `split_whitespace` + `to_lowercase` is exercised everywhere.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The default seed of `cargo xtask corpus` and `cargo xtask bench`.
pub(crate) const DEFAULT_SEED: u64 = 2024;

/// Bumped whenever the generator's output changes, so old files are redone.
const GENERATOR_VERSION: u32 = 1;

/// How a synthetic corpus draws its words' ranks.
#[derive(Debug, Clone, Copy)]
enum Vocabulary {
    /// Zipf with this exponent over `ranks` ranks.
    Zipf { ranks: u64, exponent: f64 },
    /// One word in ten from a Zipf (s = 1) head of 1,000 common words; the
    /// others each a fresh rank, never drawn twice.
    Unique,
}

/// A synthetic corpus.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Synthetic {
    pub(crate) name: &'static str,
    words: u64,
    vocabulary: Vocabulary,
    pub(crate) what: &'static str,
    /// Made to hold at least 3 M distinct words (target 3's corpora).
    huge: bool,
}

pub(crate) const SYNTHETIC: [Synthetic; 3] = [
    Synthetic {
        name: "zipf-small",
        words: 9_000_000,
        vocabulary: Vocabulary::Zipf {
            ranks: 20_000,
            exponent: 1.0,
        },
        what: "Zipf (s = 1) over 20,000 ranks, 9 M words",
        huge: false,
    },
    Synthetic {
        name: "zipf-huge",
        words: 4_000_000,
        vocabulary: Vocabulary::Zipf {
            ranks: 20_000_000,
            exponent: 0.5,
        },
        what: "Zipf (s = 0.5) over 20 M ranks, 4 M words (~3.3 M distinct)",
        huge: true,
    },
    Synthetic {
        name: "unique-huge",
        words: 3_500_000,
        vocabulary: Vocabulary::Unique,
        what: "3.5 M words, 90% of them seen once (~3.15 M distinct), 10% from 1,000 common words",
        huge: true,
    },
];

/// One corpus file the bench measures.
#[derive(Debug, Clone)]
pub(crate) struct Corpus {
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    pub(crate) bytes: u64,
    pub(crate) what: String,
    /// Target 3's: made to hold at least 3 M distinct words.
    pub(crate) huge: bool,
}

/// Where the corpora live: `target/corpora` (the std build's target
/// directory, as every xtask step uses); `quick/` below it for the first
/// tenths.
pub(crate) fn dir(quick: bool) -> PathBuf {
    let dir = crate::steps::Backend::Std.target_dir().join("corpora");
    if quick {
        dir.join("quick")
    } else {
        dir
    }
}

/// Makes whatever corpus is missing or stale (the KJV script, then the
/// generator) and returns them all: KJV first, then `SYNTHETIC`'s order.
pub(crate) fn ensure(quick: bool, seed: u64) -> Result<Vec<Corpus>, String> {
    let full = dir(false);
    let kjv = kjv(&full)?;
    let mut corpora = vec![kjv];
    for spec in SYNTHETIC {
        let words = if quick { spec.words / 10 } else { spec.words };
        let path = dir(quick).join(format!("{}.txt", spec.name));
        write_synthetic(&path, spec, words, seed)?;
        corpora.push(Corpus {
            name: spec.name.to_owned(),
            bytes: size(&path)?,
            path,
            what: format!(
                "{} (seed {seed}){}",
                spec.what,
                if quick { ", first tenth" } else { "" }
            ),
            huge: spec.huge,
        });
    }
    if quick {
        // The first tenth of KJV x10 is one KJV; a copy beside the other
        // slices, so that one folder holds every corpus of a run.
        let path = dir(true).join("kjv.txt");
        if size(&path).ok() != size(&full.join("kjv.txt")).ok() {
            std::fs::copy(full.join("kjv.txt"), &path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        corpora[0] = Corpus {
            name: "kjv".to_owned(),
            bytes: size(&path)?,
            path,
            what: "the King James Bible, once (KJV x10's first tenth)".to_owned(),
            huge: false,
        };
    }
    Ok(corpora)
}

/// Runs `scripts/kjv-corpus.sh` (it keeps an up-to-date file as it is).
fn kjv(dir: &Path) -> Result<Corpus, String> {
    let script = crate::steps::workspace_root().join("scripts/kjv-corpus.sh");
    let status = Command::new("sh")
        .arg(&script)
        .arg(dir)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !status.success() {
        return Err(format!("{} failed ({status})", script.display()));
    }
    let path = dir.join("kjv10.txt");
    Ok(Corpus {
        name: "kjv10".to_owned(),
        bytes: size(&path)?,
        path,
        what: "the King James Bible (Debian's bible-kjv-text), 10 times".to_owned(),
        huge: false,
    })
}

fn size(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `words` words of `spec` to `path`, unless the stamp beside it says
/// that exactly this was written already.
fn write_synthetic(path: &Path, spec: Synthetic, words: u64, seed: u64) -> Result<(), String> {
    let stamp_path = path.with_extension("txt.stamp");
    let stamp = format!(
        "v{GENERATOR_VERSION} seed={seed} words={words} {:?}\n",
        spec.vocabulary
    );
    if path.exists() && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(());
    }
    let error = |e: io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).map_err(error)?;
    let mut out = io::BufWriter::new(std::fs::File::create(path).map_err(error)?);
    generate(spec.vocabulary, words, seed, &mut out).map_err(error)?;
    out.flush().map_err(error)?;
    std::fs::write(&stamp_path, stamp).map_err(error)?;
    eprintln!("corpus: wrote {} ({} bytes)", path.display(), size(path)?);
    Ok(())
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seedable generator,
/// plenty for test data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A rank in `0..ranks`, Zipf-distributed with exponent `s`: the inverse
    /// of the continuous distribution (density proportional to x^-s on
    /// [1, ranks + 1)), rounded down.
    fn zipf(&mut self, ranks: u64, s: f64) -> u64 {
        let (n, u) = (ranks as f64 + 1.0, self.unit());
        let x = if s == 1.0 {
            n.powf(u)
        } else {
            (1.0 + u * (n.powf(1.0 - s) - 1.0)).powf(1.0 / (1.0 - s))
        };
        (x as u64).clamp(1, ranks) - 1
    }
}

/// Writes `words` words drawn from `vocabulary` with `seed`.
fn generate(vocabulary: Vocabulary, words: u64, seed: u64, out: &mut impl Write) -> io::Result<()> {
    let mut rng = SplitMix64(seed);
    let mut fresh = 0u64; // Vocabulary::Unique: fresh ranks handed out so far
    let mut line = String::new();
    let mut left_in_line = 0;
    for _ in 0..words {
        let rank = match vocabulary {
            Vocabulary::Zipf { ranks, exponent } => rng.zipf(ranks, exponent),
            Vocabulary::Unique if rng.below(10) == 0 => rng.zipf(1_000, 1.0),
            Vocabulary::Unique => {
                // Multiplying by an odd number permutes 0..2^22, so fresh
                // ranks never repeat (up to 4 M of them) yet arrive in no order.
                fresh += 1;
                1_000 + (fresh.wrapping_mul(0x9E37_79B1) & ((1 << 22) - 1))
            }
        };
        let word = word(rank);
        match rng.below(100) {
            0..=8 => {
                let mut chars = word.chars();
                let first = chars.next().expect("no word is empty");
                line.extend(first.to_uppercase());
                line.push_str(chars.as_str());
            }
            9 => line.push_str(&word.to_uppercase()),
            _ => line.push_str(&word),
        }
        if left_in_line == 0 {
            left_in_line = 10 + rng.below(6);
        }
        left_in_line -= 1;
        if left_in_line == 0 {
            line.push('\n');
            out.write_all(line.as_bytes())?;
            line.clear();
        } else {
            line.push(match rng.below(1000) {
                0 => '\u{a0}',
                1 => '\u{3000}',
                2 => '\t',
                _ => ' ',
            });
        }
    }
    if !line.is_empty() {
        line.pop(); // the separator after the last word
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// The spelling of a rank: its digits in bijective base 100, each a
/// consonant-vowel syllable, so every rank has its own word and frequent
/// (low) ranks get short ones. One rank in 50 of each kind gets `é` or `ß`
/// at its end, the Greek `ος` (a final sigma once in caps) or `İ` before.
fn word(rank: u64) -> String {
    const CONSONANTS: &[u8; 20] = b"bcdfghjklmnprstvwxyz";
    const VOWELS: &[u8; 5] = b"aeiou";
    let mut word = String::new();
    let mut rest = rank + 1;
    while rest > 0 {
        rest -= 1;
        let digit = (rest % 100) as usize;
        word.push(char::from(CONSONANTS[digit / 5]));
        word.push(char::from(VOWELS[digit % 5]));
        rest /= 100;
    }
    // The marks make each kind's words disjoint from plain ones and from
    // each other's, so spellings stay one per rank.
    match rank % 50 {
        7 => word.push('é'),
        19 => word.push('ß'),
        31 => word.push_str("ος"),
        43 => word.insert(0, 'İ'),
        _ => {}
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(vocabulary: Vocabulary, words: u64, seed: u64) -> String {
        let mut out = Vec::new();
        generate(vocabulary, words, seed, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        for spec in SYNTHETIC {
            let a = text(spec.vocabulary, 20_000, 7);
            assert_eq!(a, text(spec.vocabulary, 20_000, 7), "{}", spec.name);
            assert_ne!(a, text(spec.vocabulary, 20_000, 8), "{}", spec.name);
            assert_eq!(a.split_whitespace().count(), 20_000, "{}", spec.name);
        }
    }

    #[test]
    fn a_shorter_corpus_is_a_prefix_of_a_longer_one() {
        let spec = SYNTHETIC[1];
        let short = text(spec.vocabulary, 1_000, 3);
        let long = text(spec.vocabulary, 5_000, 3);
        // All but the last line, which the short one ends early.
        let cut = short[..short.len() - 1].rfind('\n').unwrap();
        assert_eq!(short[..cut], long[..cut]);
    }

    #[test]
    fn the_unicode_path_is_exercised() {
        let text = text(SYNTHETIC[0].vocabulary, 200_000, 1);
        for needle in ["\u{a0}", "\u{3000}", "\t", "é", "ß", "ος", "ΟΣ", "İ", "SS"] {
            assert!(text.contains(needle), "no {needle:?}");
        }
        let lines: Vec<usize> = text.lines().map(|l| l.split_whitespace().count()).collect();
        assert!(lines[..lines.len() - 1]
            .iter()
            .all(|n| (10..=15).contains(n)));
    }

    #[test]
    fn every_rank_has_its_own_word() {
        let words: std::collections::HashSet<String> =
            (0..300_000).map(|rank| word(rank).to_lowercase()).collect();
        assert_eq!(words.len(), 300_000);
        assert_eq!(word(0), "ba");
        assert_eq!(word(99), "zu");
        assert_eq!(word(100), "baba");
    }

    #[test]
    fn zipf_ranks_stay_in_range_and_favour_the_head() {
        let mut rng = SplitMix64(1);
        let draws: Vec<u64> = (0..100_000).map(|_| rng.zipf(1_000, 1.0)).collect();
        assert!(draws.iter().all(|&r| r < 1_000));
        let head = draws.iter().filter(|&&r| r < 10).count();
        assert!(head > 25_000, "{head} of 100,000 in the first 10 ranks");
    }
}
