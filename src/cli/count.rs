//! `tally count`: read the inputs, count with one strategy, print the report.
//!
//! Inputs are streamed ([`source::stream_document`]): each is read in blocks
//! that the strategy takes as they come, so a streaming strategy (the
//! default, `partitioned`) counts any amount of input in bounded memory.
//! Nothing is printed unless every input was read, valid and counted.

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
    let mut progress = Progress::new(&paths);
    let counted = args.strategy.count_stream(threads, |emit| {
        for path in &paths {
            let mut size = 0;
            source::stream_document(
                path,
                block_size,
                &mut |read| {
                    size = read;
                    progress.read(read);
                },
                emit,
            )?;
            progress.finished_input(size);
        }
        Ok(())
    });
    progress.clear();
    let counts = counted?;

    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    report::write(&mut out, &counts, format, args.top)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
