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
//! invalid byte is reported at its offset in the input, or, with
//! [`Utf8::Lossy`], replaced by U+FFFD exactly as [`String::from_utf8_lossy`]
//! would replace it in the whole input.

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
        Self::whole_frozen(Frozen::new(text))
    }

    /// A block holding all of a text already shared.
    fn whole_frozen(text: Frozen<String>) -> Self {
        let range = 0..text.len();
        Block { text, range }
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

/// A block size for streaming with `workers` workers: 256 KiB, less when
/// needed so that blocks in flight (two per worker and the one being read)
/// stay within about 32 MiB, never less than 64 KiB.
///
/// Why small blocks: the last blocks decide when the workers finish
/// together, and the reader reuses its buffers (`Spent`), so small blocks
/// also keep the few buffers in flight warm instead of faulting in fresh
/// ones. On KJV x10 (41 MB) at 2 workers, 4 MiB blocks ran 1.40x faster
/// than one worker and 1 MiB blocks 1.51x (medians of 9 paired runs,
/// before the buffers were reused). With reuse, 256 KiB against 1 MiB
/// (medians of 41 paired runs, 2 workers): KJV x10 71.7 against 73.1 ms
/// with half the page faults (1,281 against 2,522); zipf-small 109.2
/// against 110.0 ms and unique-huge 391.6 against 398.4 ms (25 and 15
/// runs); one worker unchanged. 128 KiB gained nothing more. And on 16
/// cores, 1 MiB blocks of a 41 MB input were two or three per worker, too
/// few to end together (README, "Measured on 16 cores").
pub fn stream_block_size(workers: usize) -> usize {
    const IN_FLIGHT: usize = 32 * 1024 * 1024;
    (IN_FLIGHT / (2 * workers.max(1) + 1)).clamp(64 * 1024, 256 * 1024)
}

/// Opens one input for reading: a file, or stdin when `path` is `-`.
fn open(path: &Path) -> Result<Box<dyn Read>, Error> {
    if path == Path::new("-") {
        if stdin_was_closed() {
            return Err(Error::StdinClosed);
        }
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

/// True if fd 0 was closed when tally started (`tally count - <&-`).
///
/// A closed fd 0 cannot be seen directly: before `main`, the Rust runtime
/// opens `/dev/null` in its place (so that no file opened later lands on
/// fd 0), and reading it gives an empty input, which would print an empty
/// count as if stdin had been empty. The runtime opens it read-write, while
/// a shell's `< /dev/null` opens it read-only, so a read-write `/dev/null`
/// on fd 0 is taken for a closed stdin. Linux only (it asks `/proc`);
/// elsewhere, or without `/proc`, a closed stdin reads as empty.
fn stdin_was_closed() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let is_dev_null =
        std::fs::read_link("/proc/self/fd/0").is_ok_and(|target| target == Path::new("/dev/null"));
    // `flags:` is octal; the access mode is its low two bits (O_RDWR = 2).
    let read_write = || {
        std::fs::read_to_string("/proc/self/fdinfo/0")
            .ok()
            .and_then(|info| {
                let flags = info.lines().find_map(|l| l.strip_prefix("flags:"))?;
                u32::from_str_radix(flags.trim(), 8).ok()
            })
            .is_some_and(|flags| flags & 0o3 == 0o2)
    };
    is_dev_null && read_write()
}

/// Where to end a streamed block within `buf` (not the end of the input):
/// the start of its last whitespace char, so the partial word after it is
/// carried over. Looks for a space or newline first (one fast backward
/// scan); text without any falls back to the exact Unicode rules, in every
/// valid stretch of `buf` (so that input with invalid bytes, read with
/// [`Utf8::Lossy`], is still cut). `None` if `buf` holds no whitespace at
/// all (one long word so far).
fn stream_cut(buf: &[u8]) -> Option<usize> {
    if let Some(cut) = memchr::memrchr2(b' ', b'\n', buf) {
        return Some(cut);
    }
    let mut last = None;
    let mut at = 0;
    for chunk in buf.utf8_chunks() {
        let valid = chunk.valid();
        if let Some(pos) = valid.rfind(char::is_whitespace) {
            last = Some(at + pos);
        }
        at += valid.len() + chunk.invalid().len();
    }
    last
}

/// What to do with input that is not UTF-8.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Utf8 {
    /// Fail with [`Error::InvalidUtf8`], at the offset of the first
    /// invalid sequence in the input.
    #[default]
    Strict,
    /// Replace each invalid sequence with U+FFFD exactly as
    /// [`String::from_utf8_lossy`] does on the whole input, and count them.
    Lossy,
}

/// What streaming one input saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streamed {
    /// Bytes read.
    pub bytes: u64,
    /// Invalid UTF-8 sequences replaced with U+FFFD (always 0 with
    /// [`Utf8::Strict`]).
    pub replaced: u64,
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
    stream_document_with(path, block_size, Utf8::Strict, progress, emit).map(|_| ())
}

/// [`stream_document`], with invalid UTF-8 handled as `utf8` says.
pub fn stream_document_with(
    path: &Path,
    block_size: usize,
    utf8: Utf8,
    progress: &mut dyn FnMut(u64),
    emit: &mut dyn FnMut(Block) -> Result<(), Error>,
) -> Result<Streamed, Error> {
    let mut reader = open(path)?;
    stream_reader(&mut reader, path, block_size, utf8, progress, emit)
}

/// The streaming of [`stream_document_with`] from any reader; `path` only
/// names the input in errors. Also the seam for tests and the fuzz target
/// (`fuzz/`), which stream from memory, with any block size and reads of
/// any length.
pub fn stream_reader(
    reader: &mut dyn Read,
    path: &Path,
    block_size: usize,
    utf8: Utf8,
    progress: &mut dyn FnMut(u64),
    emit: &mut dyn FnMut(Block) -> Result<(), Error>,
) -> Result<Streamed, Error> {
    let block_size = block_size.max(1);
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    // Offset in the input of `buf[0]`, and what was seen so far.
    let mut offset = 0usize;
    let mut streamed = Streamed::default();
    let mut buf: Vec<u8> = Vec::with_capacity(block_size);
    // `buf[..scanned]` holds no cut worth taking: searched already, or the
    // cut char at `buf[0]` (an empty block). Without it, a word longer than
    // a block would be searched again from its start at each read, which is
    // quadratic in its length.
    let mut scanned = 0usize;
    let mut eof = false;
    let mut spent = Spent::default();
    while !eof {
        // Fill up to the block size; a word longer than that grows the
        // buffer one block at a time until its end is in sight (a block,
        // not a byte: one read per byte made a 200 MiB word take minutes).
        let want = if buf.len() < block_size {
            block_size - buf.len()
        } else {
            block_size
        };
        let got = (&mut *reader)
            .take(want as u64)
            .read_to_end(&mut buf)
            .map_err(read_error)?;
        streamed.bytes += got as u64;
        progress(streamed.bytes);
        eof = got < want;
        let cut = if eof {
            buf.len()
        } else {
            match stream_cut(&buf[scanned..]) {
                Some(cut) => scanned + cut,
                None => {
                    // The last bytes may be the start of a whitespace char
                    // cut off by the read: they are searched again.
                    scanned = scanned.max(buf.len().saturating_sub(3));
                    continue;
                }
            }
        };
        let mut carry = spent.reuse().unwrap_or_default();
        carry.reserve(block_size + buf.len() - cut);
        carry.extend_from_slice(&buf[cut..]);
        buf.truncate(cut);
        scanned = 1;
        let block = std::mem::replace(&mut buf, carry);
        let len = block.len();
        let (text, replaced) = decode(block, utf8).map_err(|valid_up_to| Error::InvalidUtf8 {
            path: path.to_owned(),
            offset: offset + valid_up_to,
        })?;
        streamed.replaced += replaced;
        offset += len;
        if !text.is_empty() {
            let text = Frozen::new(text);
            spent.keep(Frozen::clone(&text));
            emit(Block::whole_frozen(text))?;
        }
    }
    Ok(streamed)
}

/// The streamed blocks' buffers, kept so that a buffer every worker is
/// done with is read into again instead of allocating a fresh one.
///
/// Why: a fresh buffer per block (1 MiB then) is fresh memory for the kernel to
/// fault in and zero as the read fills it, and for the worker to unmap
/// when it drops the block. On KJV x10 that was a third of the reader's
/// time beside the copy itself: with reuse, page faults at 2 threads went
/// from 4,500 to 2,400 and the whole run from 74.1 to 71.7 ms (21 paired
/// runs). A buffer is taken back only when no block holds it any more
/// ([`Frozen::try_unwrap`]), so a block still being counted is never
/// written over.
///
/// Memory: a buffer is added only when none is free, so the buffers kept
/// are at most the blocks in flight at once, plus the one being read.
#[derive(Debug, Default)]
struct Spent {
    texts: std::collections::VecDeque<Frozen<String>>,
}

impl Spent {
    /// Buffers remembered at most: far more than the blocks in flight of
    /// a streaming strategy (a few per worker). A consumer that keeps every
    /// block (the strategies that gather the input first) never frees one,
    /// and then only the most recent are looked at.
    const MAX: usize = 64;

    /// An emptied buffer no block holds any more, if there is one.
    fn reuse(&mut self) -> Option<Vec<u8>> {
        let free = self.texts.iter().position(Frozen::is_unique)?;
        let text = self.texts.remove(free)?;
        let mut bytes = Frozen::try_unwrap(text).ok()?.into_bytes();
        bytes.clear();
        Some(bytes)
    }

    /// Remembers a block's text, to be reused once it is free.
    fn keep(&mut self, text: Frozen<String>) {
        if self.texts.len() == Self::MAX {
            self.texts.pop_front();
        }
        self.texts.push_back(text);
    }
}

/// One block's bytes as text, with the number of invalid sequences
/// replaced, or (strict) the offset in the block of the first invalid one.
///
/// Decoding block by block gives exactly `from_utf8_lossy` of the whole
/// input: a block ends where a whitespace char starts (or at the end of the
/// input), and that byte is ASCII or a lead byte, never a continuation, so
/// no invalid sequence of the whole input runs across it.
fn decode(bytes: Vec<u8>, utf8: Utf8) -> Result<(String, u64), usize> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, 0)),
        Err(e) if utf8 == Utf8::Strict => Err(e.utf8_error().valid_up_to()),
        Err(e) => {
            let bytes = e.into_bytes();
            // `from_utf8_lossy` writes one U+FFFD per chunk with invalid bytes.
            let replaced = bytes
                .utf8_chunks()
                .filter(|chunk| !chunk.invalid().is_empty())
                .count();
            Ok((
                String::from_utf8_lossy(&bytes).into_owned(),
                replaced as u64,
            ))
        }
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {

    #[test]
    fn a_block_size_gives_each_worker_four_blocks_within_bounds() {
        const KIB: usize = 1024;
        assert_eq!(block_size_for(KIB * KIB, 2), 128 * KIB);
        assert_eq!(block_size_for(10, 2), 16 * KIB, "never below 16 KiB");
        assert_eq!(
            block_size_for(1 << 40, 2),
            4 * KIB * KIB,
            "never above 4 MiB"
        );
        assert_eq!(block_size_for(KIB * KIB, 0), block_size_for(KIB * KIB, 1));
    }

    #[test]
    fn streamed_blocks_in_flight_stay_within_32_mib() {
        const MIB: usize = 1024 * 1024;
        // Two blocks per worker and the one being read.
        assert_eq!(
            stream_block_size(1),
            MIB / 4,
            "32 MiB / 3, capped at 256 KiB"
        );
        assert_eq!(stream_block_size(100), 32 * MIB / 201);
        assert_eq!(stream_block_size(1000), 64 * 1024, "never below 64 KiB");
        for workers in 4..256 {
            assert!((2 * workers + 1) * stream_block_size(workers) <= 32 * MIB);
        }
    }
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
        streamed_with(text, block_size, Utf8::Strict).map(|(blocks, _)| blocks)
    }

    /// Streams `text` from a file in blocks of `block_size`, decoding as
    /// `utf8` says: the blocks, and what the stream saw.
    fn streamed_with(
        text: &[u8],
        block_size: usize,
        utf8: Utf8,
    ) -> Result<(Vec<String>, Streamed), Error> {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        let mut blocks = Vec::new();
        let streamed =
            stream_document_with(file.path(), block_size, utf8, &mut |_| {}, &mut |block| {
                blocks.push(block.as_str().to_owned());
                Ok(())
            })?;
        Ok((blocks, streamed))
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
    fn lossy_streaming_equals_from_utf8_lossy_of_the_whole_input_at_every_block_size() {
        // Invalid sequences of every length next to spaces, Unicode
        // whitespace and valid multi-byte chars, so that some block size
        // puts a read boundary inside each of them.
        let text: &[u8] = b"ab \xff cd\xc3 \xe2\x82\xe3\x80\x80x \xf0\x9f\x98\xed\xa0\x80 \
              \xc3\xa9\xf4\x90\x80\x80\xc0\xaf y\xef\xbf\xbd \xf0\x9f\x98";
        let whole = String::from_utf8_lossy(text);
        // Each U+FFFD in `whole` that is not in the input is one replacement.
        let literal = text.windows(3).filter(|w| w == b"\xef\xbf\xbd").count();
        let replacements = whole.matches('\u{fffd}').count() - literal;
        assert!(replacements >= 10, "the case should replace many sequences");
        for block_size in 1..=text.len() + 1 {
            let (blocks, seen) = streamed_with(text, block_size, Utf8::Lossy).unwrap();
            assert_eq!(blocks.concat(), whole, "block size {block_size}");
            assert_eq!(
                seen.replaced, replacements as u64,
                "block size {block_size}"
            );
            assert_eq!(seen.bytes, text.len() as u64, "block size {block_size}");
            // And strictly, the first of them is the error, wherever the
            // reads fall.
            let offset = std::str::from_utf8(std::hint::black_box(text))
                .unwrap_err()
                .valid_up_to();
            match streamed(text, block_size) {
                Err(Error::InvalidUtf8 { offset: got, .. }) => assert_eq!(got, offset),
                other => panic!("block size {block_size}: {other:?}"),
            }
        }
    }

    #[test]
    fn valid_input_streams_the_same_strict_or_lossy() {
        let text = "ab  cd\u{85}éf gh\u{3000}ij\tkl\nmn\u{fffd}".repeat(5);
        for block_size in [1, 3, 8, 64] {
            let (lossy, seen) = streamed_with(text.as_bytes(), block_size, Utf8::Lossy).unwrap();
            assert_eq!(lossy, streamed(text.as_bytes(), block_size).unwrap());
            assert_eq!(
                seen.replaced, 0,
                "the input's own U+FFFD is not a replacement"
            );
        }
    }

    #[test]
    fn a_word_longer_than_a_block_is_cut_at_the_whitespace_after_it() {
        // Unicode whitespace only, so the exact scan runs, and its three
        // bytes straddle a read boundary at some block size.
        let word = "x".repeat(200);
        let text = format!("{word}\u{3000}{word}\u{2029}é{word}");
        for block_size in 1..40 {
            let blocks = streamed(text.as_bytes(), block_size).unwrap();
            assert_eq!(blocks.concat(), text, "block size {block_size}");
            assert_eq!(blocks.len(), 3, "block size {block_size}: {blocks:?}");
        }
    }

    /// A reader over a slice that counts the reads asked of it.
    struct CountingReader<'a> {
        bytes: &'a [u8],
        reads: usize,
    }

    impl Read for CountingReader<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.reads += 1;
            self.bytes.read(buf)
        }
    }

    #[test]
    fn a_word_longer_than_a_block_is_read_a_block_at_a_time() {
        // Miri-sized under Miri (minutes otherwise); either way a read per
        // byte would be hundreds of times the bound below.
        let (len, block_size) = if cfg!(miri) {
            (1 << 13, 256)
        } else {
            (1 << 20, 1024)
        };
        let word = "w".repeat(len);
        let mut reader = CountingReader {
            bytes: word.as_bytes(),
            reads: 0,
        };
        let mut blocks = Vec::new();
        let streamed = stream_reader(
            &mut reader,
            Path::new("word"),
            block_size,
            Utf8::Strict,
            &mut |_| {},
            &mut |block| {
                blocks.push(block);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(streamed.bytes, word.len() as u64);
        assert_eq!(blocks.len(), 1);
        // About one read per block (and one to see the end): not one per byte.
        let blocks_read = word.len() / block_size;
        assert!(
            reader.reads <= 2 * blocks_read + 4,
            "{} reads for {blocks_read} blocks",
            reader.reads
        );
    }

    /// Streams `text` from memory in blocks of `block_size`, giving each
    /// block to `emit`: the address of each block's buffer.
    fn buffers_of(text: &str, block_size: usize, emit: &mut dyn FnMut(Block)) -> Vec<usize> {
        let mut buffers = Vec::new();
        stream_reader(
            &mut text.as_bytes(),
            Path::new("text"),
            block_size,
            Utf8::Strict,
            &mut |_| {},
            &mut |block| {
                buffers.push(block.text.as_ptr() as usize);
                emit(block);
                Ok(())
            },
        )
        .unwrap();
        buffers
    }

    #[test]
    fn a_buffer_is_read_into_again_once_its_block_is_dropped_and_never_before() {
        let text = "one two three four five six seven eight nine ten ".repeat(20);
        // Each block dropped as soon as it is emitted: the reader goes back
        // and forth between the buffer it reads into and the one the last
        // block left, where a fresh buffer per block would give dozens.
        let dropped = buffers_of(&text, 16, &mut drop);
        let distinct: std::collections::HashSet<_> = dropped.iter().collect();
        assert!(dropped.len() > 50);
        assert!(distinct.len() <= 4, "{} buffers", distinct.len());
        // Every block held: no buffer can come back, so each is its own, and
        // each block still holds its own text.
        let mut held = Vec::new();
        let buffers = buffers_of(&text, 16, &mut |block| held.push(block));
        let distinct: std::collections::HashSet<_> = buffers.iter().collect();
        assert_eq!(distinct.len(), buffers.len());
        assert_eq!(held.iter().map(Block::as_str).collect::<String>(), text);
    }

    #[test]
    fn one_long_word_stays_one_block() {
        let cut = blocks("x".repeat(100), 10);
        assert_eq!(cut.len(), 1);
    }
}
