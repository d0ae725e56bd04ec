//! Short words as numbers: a word of one to eight bytes as a `u64`, its
//! bytes little-endian, zero above its length.
//!
//! Most words are that short, and as a number one is lowercased, hashed and
//! compared without a loop or a call: the tokenizer hands them over this way
//! ([`super::tokens::Token::Short`]), the map compares them against its
//! arena eight bytes at a time, and [`super::WordHasher`] hashes every word
//! of at most eight bytes, however it was found, as its number and length.
//! Padding alone is ambiguous ("a" and "a\0" are both 0x61), so the length
//! always travels with the number.

/// The longest word held as a number.
pub(crate) const MAX_LEN: usize = 8;

/// `bytes` (at most [`MAX_LEN`]) as a number.
#[inline(always)]
pub(crate) fn pack(bytes: &[u8]) -> u64 {
    let mut padded = [0u8; MAX_LEN];
    padded[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(padded)
}

/// The low `len` bytes (1 to 8) of a number set.
#[inline(always)]
pub(crate) fn mask(len: usize) -> u64 {
    u64::MAX >> (64 - 8 * len)
}

/// The word of `len` bytes at `start` of `text`, as a number: one load
/// where eight bytes follow `start`.
#[inline(always)]
pub(crate) fn load(text: &[u8], start: usize, len: usize) -> u64 {
    match text.get(start..start + MAX_LEN) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")) & mask(len),
        None => pack(&text[start..start + len]),
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn a_word_round_trips_through_its_number() {
        let text = b"a\0 abcdefgh xy";
        for (start, len) in [(0, 1), (0, 2), (3, 8), (12, 2), (13, 1)] {
            let word = load(text, start, len);
            assert_eq!(word, pack(&text[start..start + len]));
            assert_eq!(&word.to_le_bytes()[..len], &text[start..start + len]);
        }
        assert_eq!(pack(b"a"), pack(b"a\0"), "which is why the length travels");
    }
}
