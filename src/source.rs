//! Input: reading documents and cutting them into blocks for the workers.
//!
//! A [`Block`] is a range of one document's text, shared through a
//! [`Frozen`] reference count so workers can own it (`'static`, as loom and
//! shuttle threads require) without copying. Blocks are cut only at the start
//! of a whitespace char, so no cut falls inside a word or inside a multi-byte
//! char, and counting the blocks separately gives exactly the count of the
//! whole. Each document is cut on its own: a word never joins the end of one
//! file to the start of the next.
//!
//! Two ways in: [`blocks`] cuts a text already in memory (tests, models,
//! benchmarks), and [`stream_document`] reads an input in blocks of a few
//! MiB and hands each over as soon as it is read, so memory holds only the
//! blocks in flight. A streamed block ends at the last space
//! or newline of what was read; the partial word after it is carried into the
//! next block, its only copy. Each block is validated as UTF-8 once, and an
//! invalid byte is reported at its offset in the input.

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
    /// A block holding all of `text`.
    pub fn whole(text: String) -> Self {
        let range = 0..text.len();
        Block {
            text: Frozen::new(text),
            range,
        }
    }

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

/// A block size for streaming with `workers` workers: blocks in flight (two
/// per worker and the one being read) stay within about 32 MiB, and no
/// block is larger than 4 MiB or smaller than 64 KiB.
pub fn stream_block_size(workers: usize) -> usize {
    const IN_FLIGHT: usize = 32 * 1024 * 1024;
    (IN_FLIGHT / (2 * workers.max(1) + 1)).clamp(64 * 1024, 4 * 1024 * 1024)
}

/// Opens one input for reading: a file, or stdin when `path` is `-`.
fn open(path: &Path) -> Result<Box<dyn Read>, Error> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    if std::fs::metadata(path).map_err(read_error)?.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    Ok(Box::new(std::fs::File::open(path).map_err(read_error)?))
}

/// Where to end a streamed block within `buf` (not the end of the input):
/// the start of its last whitespace char, so the partial word after it is
/// carried over. Looks for a space or newline first (one fast backward
/// scan); text without any falls back to the exact Unicode rules. `None`
/// if `buf` holds no whitespace at all (one long word so far).
fn stream_cut(buf: &[u8]) -> Option<usize> {
    if let Some(cut) = memchr::memrchr2(b' ', b'\n', buf) {
        return Some(cut);
    }
    let valid = match std::str::from_utf8(buf) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&buf[..e.valid_up_to()]).ok()?,
    };
    valid.rfind(char::is_whitespace)
}

/// Reads one input (a file, or stdin for `-`) in blocks of about
/// `block_size` bytes and hands each to `emit` as soon as it is read and
/// validated; `progress` is told the bytes read so far.
///
/// Fails on an unreadable input or invalid UTF-8 (with the byte offset of
/// the first invalid sequence in the input); `emit` may have been given the
/// blocks before it, so a caller must discard anything counted from them.
pub fn stream_document(
    path: &Path,
    block_size: usize,
    progress: &mut dyn FnMut(u64),
    emit: &mut dyn FnMut(Block) -> Result<(), Error>,
) -> Result<(), Error> {
    stream_from(open(path)?, path, block_size, progress, emit)
}

/// [`stream_document`] over an input already open: `reader`, named `path`
/// in errors. The fuzz target (`fuzz/`) streams bytes in memory through it.
pub fn stream_from(
    mut reader: impl Read,
    path: &Path,
    block_size: usize,
    progress: &mut dyn FnMut(u64),
    emit: &mut dyn FnMut(Block) -> Result<(), Error>,
) -> Result<(), Error> {
    let block_size = block_size.max(1);
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    // Offset in the input of `buf[0]`, and bytes read so far.
    let mut offset = 0usize;
    let mut read = 0u64;
    let mut buf: Vec<u8> = Vec::with_capacity(block_size);
    let mut eof = false;
    while !eof {
        // Fill up to the block size; a word longer than that grows the
        // buffer one block at a time until its end is in sight.
        let want = block_size.max(buf.len() + 1) - buf.len();
        let got = (&mut reader)
            .take(want as u64)
            .read_to_end(&mut buf)
            .map_err(read_error)?;
        read += got as u64;
        progress(read);
        eof = got < want;
        let cut = if eof {
            buf.len()
        } else {
            match stream_cut(&buf) {
                Some(cut) => cut,
                None => continue,
            }
        };
        let mut carry = buf.split_off(cut);
        carry.reserve(block_size);
        let block = std::mem::replace(&mut buf, carry);
        let len = block.len();
        let text = String::from_utf8(block).map_err(|e| Error::InvalidUtf8 {
            path: path.to_owned(),
            offset: offset + e.utf8_error().valid_up_to(),
        })?;
        offset += len;
        if !text.is_empty() {
            emit(Block::whole(text))?;
        }
    }
    Ok(())
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

    /// Streams `text` from a file in blocks of `block_size`.
    fn streamed(text: &[u8], block_size: usize) -> Result<Vec<String>, Error> {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        let mut blocks = Vec::new();
        stream_document(file.path(), block_size, &mut |_| {}, &mut |block| {
            blocks.push(block.as_str().to_owned());
            Ok(())
        })?;
        Ok(blocks)
    }

    #[test]
    fn streamed_blocks_cover_the_input_and_cut_at_whitespace() {
        let text = "ab  cd\u{85}éf gh\u{3000}ij\tkl\nmn".repeat(9);
        // Under Miri (`cargo xtask miri`) a few sizes: each is a file read
        // byte by byte at worst, at Miri's speed.
        let sizes: Vec<usize> = if cfg!(miri) {
            vec![1, 2, 5, 13, 39]
        } else {
            (1..40).collect()
        };
        for block_size in sizes {
            let blocks = streamed(text.as_bytes(), block_size).unwrap();
            assert_eq!(blocks.concat(), text, "block size {block_size}");
            for block in &blocks[1..] {
                assert!(block.starts_with(char::is_whitespace), "{block:?}");
            }
        }
    }

    #[test]
    fn streaming_reports_invalid_utf8_at_its_offset_in_the_input() {
        let mut text = "word ".repeat(100).into_bytes();
        text.extend_from_slice(b"ok \xff tail");
        let expected = String::from_utf8(text.clone())
            .unwrap_err()
            .utf8_error()
            .valid_up_to();
        for block_size in [1, 7, 64, 4096] {
            match streamed(&text, block_size) {
                Err(Error::InvalidUtf8 { offset, .. }) => assert_eq!(offset, expected),
                other => panic!("block size {block_size}: {other:?}"),
            }
        }
    }

    #[test]
    fn one_long_word_stays_one_block() {
        let cut = blocks("x".repeat(100), 10);
        assert_eq!(cut.len(), 1);
    }
}
