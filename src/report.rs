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
            counts.write_ranked(
                top,
                |lines, word, count| {
                    lines.extend_from_slice(word.as_bytes());
                    lines.push(b' ');
                    lines.extend_from_slice(itoa::Buffer::new().format(count).as_bytes());
                    lines.push(b'\n');
                },
                |lines| out.write_all(&lines),
            )?;
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
