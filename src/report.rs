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
    // `--top K` selects the K first without sorting the whole vocabulary.
    let entries = match top {
        Some(k) => counts.top(k),
        None => counts.sorted(),
    };
    match format {
        Format::Text => {
            for (word, count) in entries {
                writeln!(out, "{word} {count}")?;
            }
        }
        Format::Json => {
            let entries: Vec<_> = entries
                .into_iter()
                .map(|(word, count)| Entry { word, count })
                .collect();
            serde_json::to_writer(&mut *out, &entries)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
