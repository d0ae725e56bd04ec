//! `tally count`: read the inputs, count with one strategy, print the report.

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
    // Read (and validate) every input before counting any: a bad path late
    // in the list must not leave a partial report behind.
    let documents = paths
        .iter()
        .map(|path| source::read_document(path))
        .collect::<Result<Vec<_>, _>>()?;

    let threads = args
        .threads
        .map_or_else(sync::thread::available_parallelism, usize::from);
    let total_bytes = documents.iter().map(String::len).sum();
    let blocks =
        source::blocks_of_documents(documents, source::block_size_for(total_bytes, threads));
    let counts = args.strategy.count(blocks, threads)?;

    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    report::write(&mut out, &counts, format, args.top)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
