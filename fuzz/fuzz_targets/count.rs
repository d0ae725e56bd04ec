//! The fuzz target: arbitrary bytes through every way tally reads and
//! counts, each compared with the oracle `tally::words::count_words`.
//!
//! The first byte picks the block size (1 to 64 bytes, so the cutting logic
//! is attacked on every input), the second the worker count (1 to 3) and the
//! way the blocks reach the strategies (cut in memory, streamed and then
//! counted, or counted while streaming: one way per input, since starting
//! every strategy's threads three times over is most of an execution); the
//! rest is the input. Invalid UTF-8 must fail with `Error::InvalidUtf8` at
//! `Utf8Error::valid_up_to()`, from the streaming reader and from every
//! strategy's `count_stream` (never a partial count), and read lossily
//! (`--lossy`) must count what `String::from_utf8_lossy` of the whole input
//! counts. Valid UTF-8 must give
//! the oracle's count from every strategy over cut blocks, over streamed
//! blocks and streaming; the tokenizer must give the oracle's words one by
//! one; and the report must list them in the oracle's order.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tally::report::{self, Format};
use tally::words::{count_words, normalize, normalized_words};
use tally::{source, Block, Counts, Error, Strategy};

fuzz_target!(|data: &[u8]| {
    let [size, choice, input @ ..] = data else {
        return;
    };
    let block_size = 1 + usize::from(*size % 64);
    let threads = 1 + usize::from(*choice % 3);
    let way = (*choice / 3) % 3;
    let name = Path::new("fuzz");
    let stream = |emit: &mut dyn FnMut(Block) -> Result<(), Error>| {
        source::stream_reader(
            &mut { input },
            name,
            block_size,
            source::Utf8::Strict,
            &mut |_| {},
            emit,
        )
        .map(|_| ())
    };
    let mut streamed = Vec::new();
    let read = stream(&mut |block| {
        streamed.push(block);
        Ok(())
    });
    // `--lossy`: every input streams, as `from_utf8_lossy` of the whole.
    let mut lossy = Counts::new();
    source::stream_reader(
        &mut { input },
        name,
        block_size,
        source::Utf8::Lossy,
        &mut |_| {},
        &mut |block| {
            lossy.add_text(block.as_str());
            Ok(())
        },
    )
    .expect("a lossy read never fails on bytes in memory");
    assert_eq!(
        lossy,
        Counts::from(count_words(&String::from_utf8_lossy(input))),
        "lossy, blocks of {block_size}"
    );

    let text = match std::str::from_utf8(input) {
        Err(e) => {
            let expected = e.valid_up_to();
            match read {
                Err(Error::InvalidUtf8 { offset, .. }) => assert_eq!(offset, expected),
                other => panic!("invalid UTF-8 at {expected} read as {other:?}"),
            }
            for strategy in Strategy::ALL {
                match strategy.count_stream(threads, stream) {
                    Err(Error::InvalidUtf8 { offset, .. }) => {
                        assert_eq!(offset, expected, "{strategy}")
                    }
                    other => panic!("{strategy}: invalid UTF-8 counted as {other:?}"),
                }
            }
            return;
        }
        Ok(text) => text,
    };
    read.expect("valid UTF-8 streams");

    // Streamed blocks cover the input, cut only at whitespace.
    let joined: String = streamed.iter().map(Block::as_str).collect();
    assert_eq!(joined, text);
    for block in streamed.iter().skip(1) {
        assert!(block.as_str().starts_with(char::is_whitespace), "{block:?}");
    }

    let expected = Counts::from(count_words(text));

    // The tokenizer, word by word, and the fast counting paths.
    let oracle: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let words: Vec<String> = normalized_words(text).map(|w| w.into_owned()).collect();
    assert_eq!(words, oracle);
    for word in text.split_whitespace() {
        assert_eq!(normalize(word), word.to_lowercase());
    }
    assert_eq!(Counts::from_text(text), expected);
    let mut added = Counts::new();
    for block in &streamed {
        added.add_text(block.as_str());
    }
    assert_eq!(added, expected);

    // Every strategy, the way in this input chose.
    for strategy in Strategy::ALL {
        let got = match way {
            0 => strategy.count(source::blocks(text.to_owned(), block_size), threads),
            1 => strategy.count(streamed.clone(), threads),
            _ => strategy.count_stream(threads, stream),
        }
        .expect("valid UTF-8, no fault injected");
        assert!(
            got == expected,
            "{strategy} at {threads} threads, blocks of {block_size}, way {way}"
        );
    }

    // The report's order: count descending, then bytes ascending; `--top`
    // a prefix of it.
    let mut naive: Vec<(String, usize)> = count_words(text).into_iter().collect();
    naive.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let top = usize::from(*size);
    let sorted: Vec<(String, usize)> = expected
        .sorted()
        .into_iter()
        .map(|(w, n)| (w.to_owned(), n))
        .collect();
    assert_eq!(sorted, naive);
    let topped: Vec<(String, usize)> = expected
        .top(top)
        .into_iter()
        .map(|(w, n)| (w.to_owned(), n))
        .collect();
    assert_eq!(topped, naive[..top.min(naive.len())]);
    let mut out = Vec::new();
    report::write(&mut out, &expected, Format::Text, None).expect("writes to memory");
    let lines: String = naive.iter().map(|(w, n)| format!("{w} {n}\n")).collect();
    assert_eq!(String::from_utf8(out).expect("the report is UTF-8"), lines);
    let mut out = Vec::new();
    report::write(&mut out, &expected, Format::Json, Some(top)).expect("writes to memory");
    let json: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("the report is JSON");
    let listed: Vec<(String, usize)> = json
        .iter()
        .map(|e| {
            let word = e["word"].as_str().expect("a word").to_owned();
            let count = e["count"].as_u64().expect("a count") as usize;
            (word, count)
        })
        .collect();
    assert_eq!(listed, naive[..top.min(naive.len())]);
});
