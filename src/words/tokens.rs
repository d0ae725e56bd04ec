//! The tokenizer: the oracle's words (`split_whitespace`, then whole-word
//! `to_lowercase`), found by scanning bytes.
//!
//! Most text is ASCII, and for an ASCII byte one table lookup decides
//! everything: whitespace, an uppercase letter, or any other word byte. A
//! byte at or above 0x80 starts a multi-byte char, and only then is the char
//! decoded and asked [`char::is_whitespace`] (NBSP, NEL, U+3000 and the rest
//! of Unicode `White_Space` split words too). A word that holds a non-ASCII
//! char is lowercased whole with [`str::to_lowercase`], because Unicode
//! lowercasing depends on context (a final capital sigma becomes `ς`) and
//! can change length (`İ` becomes two chars); an all-ASCII word is lowercased
//! byte by byte, which for ASCII is the same thing.
//!
//! Before any of that, [`Tokens::next_token`] tries the commonest word of
//! all, at most eight plain ASCII bytes and then ASCII whitespace, in one
//! eight-byte load, and hands it over lowercased as a number
//! (`super::short`): on the King James Bible that settles 95% of the words without
//! a loop, and the map compares and hashes it as a number too.
//!
//! Every fast path here is checked against the oracle by proptest with
//! adversarial Unicode (`tests/suite/equivalence.rs`, and the unit tests below).

/// What a byte can tell on its own.
const WORD: u8 = 0;
const UPPER: u8 = 1;
const SPACE: u8 = 2;
const NON_ASCII: u8 = 4;

/// The class of every byte. The ASCII whitespace here is exactly the ASCII
/// part of Unicode `White_Space` (`char::is_whitespace`): tab, LF, VT, FF,
/// CR and space; a unit test proves the table against `char::is_whitespace`.
static CLASS: [u8; 256] = {
    let mut table = [WORD; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => SPACE,
            b'A'..=b'Z' => UPPER,
            0x80..=0xff => NON_ASCII,
            _ => WORD,
        };
        b += 1;
    }
    table
};

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is not a plain word byte (below
/// 0x21, which includes all ASCII whitespace, or 0x80 and above). Exact for
/// the lowest such byte, which is the only one used: a borrow can only run
/// upwards from a byte that is itself flagged.
#[inline]
fn stop_bytes(x: u64) -> u64 {
    (x.wrapping_sub(0x21 * LOW) | x) & HIGH
}

/// The high bit of each byte of `x` in `A..=Z`, for bytes below 0x80 (no
/// carry crosses a byte: each sum stays below 0x100).
#[inline]
fn upper_bytes(x: u64) -> u64 {
    let ascii = !x & HIGH;
    let at_least_a = (x & !HIGH).wrapping_add(0x3f * LOW); // b + 0x3f >= 0x80 iff b >= 'A'
    let above_z = (x & !HIGH).wrapping_add(0x25 * LOW); // b + 0x25 >= 0x80 iff b > 'Z'
    at_least_a & !above_z & ascii
}

/// How a word must be lowercased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Already lowercase ASCII: the word is its own key.
    Lower,
    /// ASCII with uppercase letters: lowercase byte by byte.
    AsciiUpper,
    /// Holds a non-ASCII char: lowercase the whole word with `to_lowercase`.
    Unicode,
}

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    /// The common case, found without a loop: a word of one to eight
    /// plain ASCII bytes (0x21..0x80) followed by ASCII whitespace, already
    /// lowercased, as a little-endian number zero-padded above its `len`
    /// bytes (see `super::short`).
    Short { word: u64, len: usize },
    /// Any other word: its byte range in the text, and its case.
    Range {
        start: usize,
        end: usize,
        case: Case,
    },
}

/// The words of a text, in order, each with what its lowercasing needs.
#[derive(Debug, Clone)]
pub(crate) struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

/// The char starting at byte `pos` of `text`, a char boundary.
#[inline]
fn char_at(text: &str, pos: usize) -> char {
    text[pos..]
        .chars()
        .next()
        .expect("a position inside the text, on a char boundary")
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Tokens { text, pos: 0 }
    }

    /// The next word: a short one as a number, already lowercased, or any
    /// word as a range (see [`Token`]).
    ///
    /// The short test is one eight-byte load and a few integer operations:
    /// the lowest byte that is not a plain word byte ends the word if it is
    /// ASCII whitespace, and the capitals below it are lowercased by setting
    /// their 0x20 bit. Anything else (a longer word, a non-ASCII char, a
    /// control byte, the last bytes of the text) goes to [`Self::next_range`].
    #[inline(always)]
    pub(crate) fn next_token(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        while let Some(&b) = bytes.get(i) {
            if CLASS[usize::from(b)] != SPACE {
                break;
            }
            i += 1;
        }
        self.pos = i;
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let stop = stop_bytes(x);
            let len = stop.trailing_zeros() as usize / 8;
            // `stop == 0` gives `len == 8`, and the byte after might not be
            // whitespace; `len == 0` is a non-ASCII or control first byte.
            if (1..8).contains(&len) && CLASS[usize::from(bytes[i + len])] == SPACE
                || len == 8
                    && bytes
                        .get(i + 8)
                        .is_some_and(|&b| CLASS[usize::from(b)] == SPACE)
            {
                let word = (x | upper_bytes(x) >> 2) & super::short::mask(len);
                self.pos = i + len;
                return Some(Token::Short { word, len });
            }
        }
        let (start, end, case) = self.next_range()?;
        Some(Token::Range { start, end, case })
    }

    /// The next word as a byte range of the text, with its case: the hot
    /// path, which never slices a `str` (no char-boundary checks).
    #[inline]
    pub(crate) fn next_range(&mut self) -> Option<(usize, usize, Case)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut i = self.pos;
        // Skip whitespace.
        loop {
            if i >= n {
                self.pos = i;
                return None;
            }
            match CLASS[usize::from(bytes[i])] {
                SPACE => i += 1,
                NON_ASCII => {
                    let c = char_at(text, i);
                    if !c.is_whitespace() {
                        break;
                    }
                    i += c.len_utf8();
                }
                _ => break,
            }
        }
        // Take the word: up to the next whitespace char or the end.
        let start = i;
        let mut seen = WORD;
        while i < n {
            // Eight bytes at a time while they are all plain word bytes
            // (0x21..0x80): most words end within one such step.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                let stop = stop_bytes(x);
                let plain = if stop == 0 {
                    8
                } else {
                    stop.trailing_zeros() as usize / 8
                };
                // Only the plain bytes' capitals count.
                let keep = if plain == 8 {
                    u64::MAX
                } else {
                    (1u64 << (plain * 8)) - 1
                };
                if upper_bytes(x) & keep != 0 {
                    seen |= UPPER;
                }
                i += plain;
                if plain == 8 {
                    continue;
                }
            }
            if i >= n {
                break;
            }
            let class = CLASS[usize::from(bytes[i])];
            if class & (SPACE | NON_ASCII) == 0 {
                seen |= class;
                i += 1;
                continue;
            }
            if class == SPACE {
                break;
            }
            let c = char_at(text, i);
            if c.is_whitespace() {
                break;
            }
            seen |= NON_ASCII;
            i += c.len_utf8();
        }
        self.pos = i;
        let case = if seen & NON_ASCII != 0 {
            Case::Unicode
        } else if seen & UPPER != 0 {
            Case::AsciiUpper
        } else {
            Case::Lower
        };
        Some((start, i, case))
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, Case);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (start, end, case) = self.next_range()?;
        Some((&self.text[start..end], case))
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn the_class_table_agrees_with_char_is_whitespace() {
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(CLASS[usize::from(b)] == SPACE, c.is_whitespace(), "{b:#x}");
            assert_eq!(
                CLASS[usize::from(b)] == UPPER,
                c.is_ascii_uppercase(),
                "{b:#x}"
            );
        }
    }

    #[test]
    fn the_eight_byte_tests_agree_with_the_table_for_every_byte() {
        for b in 0u8..=255 {
            for pos in 0..8 {
                // The byte under test at `pos`, plain word bytes below it.
                let mut chunk = [b'a'; 8];
                chunk[pos] = b;
                let x = u64::from_le_bytes(chunk);
                let flag = 0x80u64 << (pos * 8);
                let class = CLASS[usize::from(b)];
                let plain = (0x21..0x80).contains(&b);
                assert_eq!(stop_bytes(x) & flag != 0, !plain, "{b:#x} at {pos}");
                assert_eq!(
                    upper_bytes(x) & flag != 0,
                    class == UPPER,
                    "{b:#x} at {pos}"
                );
            }
        }
    }

    #[test]
    fn tokens_are_split_whitespace_tokens() {
        let text = " a\u{a0}Bc\u{85}\u{3000}é\u{b}ΟΔΟΣ x\u{1c}y \u{200b} \u{2029}z\t";
        let tokens: Vec<_> = Tokens::new(text).map(|(word, _)| word).collect();
        let expected: Vec<_> = text.split_whitespace().collect();
        assert_eq!(tokens, expected);
    }

    /// Every word, short or not, is the oracle's word, lowercased as the
    /// oracle does; the short ones are the words of one to eight plain
    /// ASCII bytes that ASCII whitespace follows.
    #[test]
    fn tokens_short_and_long_are_the_lowercased_words() {
        let text = "ab\tCDEFGHIJ KLMNOPQR\n12345678 x\u{1}y Zé\u{a0}a! ~Az@[`{ tail";
        let mut tokens = Tokens::new(text);
        let mut words = Vec::new();
        while let Some(token) = tokens.next_token() {
            words.push(match token {
                Token::Short { word, len } => {
                    let word = String::from_utf8(word.to_le_bytes()[..len].to_vec()).unwrap();
                    (word, true)
                }
                Token::Range { start, end, .. } => (text[start..end].to_lowercase(), false),
            });
        }
        let expected: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let (found, short): (Vec<String>, Vec<bool>) = words.into_iter().unzip();
        assert_eq!(found, expected);
        // Not short: a control byte, a non-ASCII char, a word after
        // non-ASCII whitespace (the fast path skips ASCII whitespace only),
        // and the text's last eight bytes.
        assert_eq!(
            short,
            [true, true, true, true, false, false, false, true, false]
        );
    }

    #[test]
    fn each_token_says_how_to_lowercase_it() {
        let cases: Vec<_> = Tokens::new("abc aBc ébc").map(|(_, case)| case).collect();
        assert_eq!(cases, [Case::Lower, Case::AsciiUpper, Case::Unicode]);
    }
}
