//! Output formats for a finished count: text (`word count` per line) and JSON.
//!
//! Both list entries in [`Counts::sorted`] order (count descending, ties by
//! word in ascending byte order), optionally cut to the top `k`.

use crate::words::Counts;
use serde::Serialize;
use std::io::{self, Write};

/// How to print a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One `word count` line per distinct word.
    Text,
    /// A JSON array of `{"word": ..., "count": ...}` objects.
    Json,
}

#[derive(Serialize)]
struct Entry<'a> {
    word: &'a str,
    count: usize,
}

/// Writes `counts` to `out` in `format`, keeping the first `top` entries if given.
pub fn write(
    out: &mut impl Write,
    counts: &Counts,
    format: Format,
    top: Option<usize>,
) -> io::Result<()> {
    // One word at a time, in 16 bytes of ranking key per word (see
    // `words::rank`); `--top K` selects the K first without sorting the
    // whole vocabulary.
    match format {
        Format::Text => {
            // Bytes and `itoa`, not `writeln!`: with millions of lines the
            // formatting machinery costs more than the writing.
            let mut number = itoa::Buffer::new();
            counts.for_each_ranked(top, |word, count| {
                out.write_all(word.as_bytes())?;
                out.write_all(b" ")?;
                out.write_all(number.format(count).as_bytes())?;
                out.write_all(b"\n")
            })?;
        }
        Format::Json => {
            let entries: Vec<_> = counts
                .ranked(top)
                .map(|(word, count)| Entry { word, count })
                .collect();
            serde_json::to_writer(&mut *out, &entries)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
