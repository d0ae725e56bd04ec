//! A failing execution as one self-contained HTML page: a swim lane per
//! thread, a row per step, the shared-state operations set apart, and the
//! symptom at the top (`cargo xtask race NAME --html FILE`). No scripts, no
//! fonts, nothing fetched: the page is the file.

use std::fmt::Write as _;
use tally::sync::record::{thread_name, Event, Op};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The CSS class of an operation: how it is coloured.
fn class(op: &Op) -> &'static str {
    match op {
        Op::Get(..) | Op::Load(..) | Op::Cell(_, false) => "read",
        Op::Set(..) | Op::Store(..) | Op::Cell(_, true) => "write",
        Op::Add(..) | Op::FetchAdd(..) => "rmw",
        Op::Request(..) | Op::Acquire(..) | Op::Release(..) | Op::Sleep(..) | Op::Notify(..) => {
            "lock"
        }
        Op::Send(..) | Op::Recv(..) | Op::Wait(..) => "channel",
        Op::Spawn(..) | Op::Join(..) | Op::Panicked => "thread",
    }
}

/// The steps a symptom line names ("... at step 14 overwrote ... at step
/// 11 ..."), to be outlined in the table.
fn named_steps(symptom: &str) -> Vec<usize> {
    symptom
        .split("step ")
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// The page: `title`, the `symptom` highlighted, then the lanes, with the
/// same steps as the text timeline ([`crate::timeline::shown`]) and the
/// steps the symptom names outlined.
pub fn page(title: &str, events: &[Event], symptom: &str) -> String {
    let threads = crate::timeline::threads(events);
    let named = named_steps(symptom);
    let mut rows = String::new();
    for (step, event) in crate::timeline::shown(events).into_iter().enumerate() {
        let marked = if named.contains(&(step + 1)) {
            " class=\"named\""
        } else {
            ""
        };
        let _ = write!(rows, "<tr{marked}><th>{}</th>", step + 1);
        for thread in 0..threads {
            if thread == event.thread {
                let _ = write!(
                    rows,
                    "<td class=\"{}\">{}</td>",
                    class(&event.op),
                    escape(&event.op.to_string())
                );
            } else {
                rows.push_str("<td></td>");
            }
        }
        rows.push_str("</tr>\n");
    }
    let lanes: String = (0..threads)
        .map(|t| format!("<th>{}</th>", thread_name(t)))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }}
h1 {{ font-size: 1.3em; }}
.symptom {{ background: #fde2e2; border-left: 6px solid #c0392b; padding: .8em 1em; margin: 1em 0 1.5em; font-weight: 600; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ddd; padding: .3em .7em; text-align: left; font-family: ui-monospace, monospace; white-space: nowrap; }}
thead th {{ background: #333; color: #fff; }}
tbody th {{ color: #888; font-weight: normal; text-align: right; }}
td.read {{ background: #e3f0fb; }} td.write {{ background: #fbe3e3; font-weight: 600; }}
td.rmw {{ background: #e6f5e6; }} td.lock {{ background: #f3f3f3; }}
td.channel {{ background: #fff4d6; }} td.thread {{ color: #666; }}
tr.named td:not(:empty), tr.named th {{ outline: 3px solid #c0392b; outline-offset: -3px; }}
.legend span {{ display: inline-block; padding: .1em .6em; margin-right: .5em; border: 1px solid #ddd; }}
</style></head><body>
<h1>{title}</h1>
<div class="symptom">{symptom}</div>
<p class="legend"><span class="read" style="background:#e3f0fb">read</span><span style="background:#fbe3e3">write</span><span style="background:#e6f5e6">read-modify-write</span><span style="background:#f3f3f3">lock</span><span style="background:#fff4d6">channel</span></p>
<table><thead><tr><th>step</th>{lanes}</tr></thead><tbody>
{rows}</tbody></table>
</body></html>
"#,
        title = escape(title),
        symptom = escape(symptom),
    )
}
