//! `tally count`: read the inputs, count with one strategy, print the report.
//!
//! Inputs are streamed ([`source::stream_document`]): each is read in blocks
//! that the strategy takes as they come, so a streaming strategy (the
//! default, `partitioned`) counts any amount of input in bounded memory.
//! Nothing is printed unless every input was read, valid and counted; with
//! `--lossy`, invalid UTF-8 is replaced and counted, and a warning per input
//! on stderr says how many sequences were replaced.

use super::progress::Progress;
use super::{CountArgs, Outcome, OutputFormat};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use tally::report::{self, Format};
use tally::{source, sync};

pub(super) fn run(args: CountArgs) -> Outcome {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths
    };
    let threads = args
        .threads
        .map_or_else(sync::thread::available_parallelism, usize::from);
    let block_size = source::stream_block_size(threads);
    let utf8 = if args.lossy {
        source::Utf8::Lossy
    } else {
        source::Utf8::Strict
    };
    let mut progress = Progress::new(&paths);
    let mut replaced = Vec::new();
    let produce = |emit: &mut dyn FnMut(source::Block) -> Result<(), tally::Error>| {
        for path in &paths {
            let streamed = source::stream_document_with(
                path,
                block_size,
                utf8,
                &mut |read| progress.read(read),
                emit,
            )?;
            progress.finished_input(streamed.bytes);
            if streamed.replaced > 0 {
                replaced.push((path, streamed.replaced));
            }
        }
        Ok(())
    };
    let counted = match args.top {
        Some(k) => args.strategy.count_top_stream(threads, k, produce),
        None => args.strategy.count_stream(threads, produce),
    };
    progress.clear();
    let counts = counted?;

    // Only once the count is whole: a failed run says only why it failed.
    for (path, n) in replaced {
        let sequences = if n == 1 { "sequence" } else { "sequences" };
        // A warning that cannot be written must not cost the count itself.
        let _ = writeln!(
            io::stderr(),
            "tally: warning: {}: replaced {n} invalid UTF-8 {sequences} with U+FFFD",
            path.display()
        );
    }

    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    report::write(&mut out, &counts, format, args.top)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
