//! Input: reading documents and cutting them into blocks for the workers.
//!
//! A [`Block`] is a range of one document's text, shared through a
//! [`Frozen`] reference count so workers can own it (`'static`, as loom and
//! shuttle threads require) without copying. Blocks are cut only at the start
//! of a whitespace char, so no cut falls inside a word or inside a multi-byte
//! char, and counting the blocks separately gives exactly the count of the
//! whole. Each document is cut on its own: a word never joins the end of one
//! file to the start of the next.

use crate::error::Error;
use crate::sync::Frozen;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

/// A piece of one document, cut at whitespace.
#[derive(Debug, Clone)]
pub struct Block {
    // `Frozen<String>`, not `Frozen<str>`: freezing a `String` moves it,
    // while building an `Arc<str>` would copy every byte of the input.
    text: Frozen<String>,
    range: Range<usize>,
}

impl Block {
    /// The block's text.
    pub fn as_str(&self) -> &str {
        &self.text[self.range.clone()]
    }

    /// The block's words, normalised, one per occurrence.
    pub fn words(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        crate::words::normalized_words(self.as_str())
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.range.len()
    }

    /// True for an empty block.
    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }
}

/// Where to cut `text` into pieces of about `target` bytes: the returned
/// offsets are the starts of every piece after the first.
///
/// Each cut is the first whitespace char at or after `target` bytes from the
/// previous cut, so pieces only ever grow past `target` by one word.
pub fn cut_points(text: &str, target: usize) -> Vec<usize> {
    let target = target.max(1);
    let mut cuts = Vec::new();
    let mut start = 0;
    while text.len() - start > target {
        let mut pos = start + target;
        while !text.is_char_boundary(pos) {
            pos += 1;
        }
        match text[pos..].find(char::is_whitespace) {
            Some(offset) => {
                start = pos + offset;
                cuts.push(start);
            }
            None => break,
        }
    }
    cuts
}

/// Cuts one document into blocks of about `target` bytes.
pub fn blocks(text: String, target: usize) -> Vec<Block> {
    let cuts = cut_points(&text, target);
    let text = Frozen::new(text);
    let mut starts = Vec::with_capacity(cuts.len() + 1);
    starts.push(0);
    starts.extend(cuts);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .filter(|&(&start, end)| start < end)
        .map(|(&start, end)| Block {
            text: Frozen::clone(&text),
            range: start..end,
        })
        .collect()
}

/// Cuts several documents into blocks, each document on its own.
pub fn blocks_of_documents(documents: Vec<String>, target: usize) -> Vec<Block> {
    documents
        .into_iter()
        .flat_map(|doc| blocks(doc, target))
        .collect()
}

/// A block size that gives every worker several blocks, within sane bounds.
pub fn block_size_for(total_bytes: usize, workers: usize) -> usize {
    const MIN: usize = 16 * 1024;
    const MAX: usize = 4 * 1024 * 1024;
    (total_bytes / (workers.max(1) * 4)).clamp(MIN, MAX)
}

/// Reads one input: a file, or stdin when `path` is `-`.
pub fn read_document(path: &Path) -> Result<String, Error> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        bytes
    } else {
        if std::fs::metadata(path).map_err(read_error)?.is_dir() {
            return Err(Error::IsDirectory {
                path: path.to_owned(),
            });
        }
        std::fs::read(path).map_err(read_error)?
    };
    String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn cuts_land_on_whitespace_never_inside_a_word() {
        let text = "alpha beta\u{3000}gamma\u{a0}delta epsilon";
        for target in 1..text.len() + 2 {
            for cut in cut_points(text, target) {
                assert!(text[cut..].starts_with(char::is_whitespace), "cut {cut}");
            }
        }
    }

    #[test]
    fn blocks_cover_the_text_exactly() {
        let text = "ab  cd\u{85}éf gh ".repeat(7);
        for target in 1..20 {
            let joined: String = blocks(text.clone(), target)
                .iter()
                .map(Block::as_str)
                .collect();
            assert_eq!(joined, text, "target {target}");
        }
    }

    #[test]
    fn one_long_word_stays_one_block() {
        let cut = blocks("x".repeat(100), 10);
        assert_eq!(cut.len(), 1);
    }
}
