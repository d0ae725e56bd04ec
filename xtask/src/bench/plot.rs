//! `throughput.svg`: MB/s against threads (1, 2, 4 on a log scale), one
//! panel per corpus, one solid line per strategy (the default thicker),
//! the baselines dashed (`tutorial`, single-threaded, as a flat line at its
//! one value), one legend for all panels. plotters' SVG backend only.

use super::plan::{BASELINES, THREADS};
use super::timing::Kind;
use super::{CorpusRun, Run};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Tableau 10, for the strategies; more strategies than colours reuse them.
const STRATEGY_COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Dark tones for the dashed baselines, in `BASELINES`' order.
const BASELINE_COLOURS: [RGBColor; 4] = [
    RGBColor(0, 0, 0),
    RGBColor(170, 0, 0),
    RGBColor(0, 0, 170),
    RGBColor(0, 120, 0),
];

const PANEL_W: u32 = 560;
const PANEL_H: u32 = 380;
const LEGEND_W: u32 = 290;
const TITLE_H: u32 = 70;
const LEGEND_TOP: u32 = 46;
const LEGEND_ROW: u32 = 27;
const LEGEND_GAP: u32 = 32;
const FONT: &str = "sans-serif";

/// A line to draw: its label, colour, width, whether dashed, and its points
/// per corpus (log2 of threads, MB/s).
struct Line {
    label: String,
    colour: RGBColor,
    width: u32,
    dashed: bool,
}

/// The plot, as SVG text.
pub(crate) fn svg(run: &Run) -> Result<String, String> {
    let panels = run.corpora.len().max(1);
    let cols = panels.min(2);
    let rows = panels.div_ceil(cols);
    let lines = lines(run);
    // Tall enough for the legend too, however many strategies there are.
    let legend_h = LEGEND_TOP + LEGEND_ROW * lines.len() as u32 + LEGEND_GAP + LEGEND_ROW;
    let size = (
        PANEL_W * cols as u32 + LEGEND_W,
        (PANEL_H * rows as u32).max(legend_h) + TITLE_H,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(run, &root, rows, cols, &lines).map_err(|e| format!("plot: {e}"))?;
        root.present().map_err(|e| format!("plot: {e}"))?;
    }
    Ok(svg)
}

fn lines(run: &Run) -> Vec<Line> {
    let mut lines: Vec<Line> = run
        .tools
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let default = *s == run.tools.default;
            Line {
                label: if default {
                    format!("{s} (default)")
                } else {
                    s.clone()
                },
                colour: STRATEGY_COLOURS[i % STRATEGY_COLOURS.len()],
                width: if default { 4 } else { 2 },
                dashed: false,
            }
        })
        .collect();
    lines.extend(
        BASELINES
            .iter()
            .zip(BASELINE_COLOURS)
            .map(|(b, colour)| Line {
                label: if *b == "tutorial" {
                    "tutorial (1 thread)".to_owned()
                } else {
                    (*b).to_owned()
                },
                colour,
                width: 2,
                dashed: true,
            }),
    );
    lines
}

/// The points of the `i`th line (`lines`' order) on one corpus.
fn points(run: &Run, c: &CorpusRun, i: usize) -> Vec<(f64, f64)> {
    let strategies = run.tools.strategies.len();
    let (kind, name) = if i < strategies {
        (Kind::Strategy, run.tools.strategies[i].as_str())
    } else {
        (Kind::Baseline, BASELINES[i - strategies])
    };
    if name == "tutorial" {
        // One thread only: a flat line across the panel, for reference.
        return c
            .get(kind, name, None)
            .and_then(|m| c.mb_s(m))
            .map_or(Vec::new(), |y| {
                vec![(x_of(1), y), (x_of(THREADS[THREADS.len() - 1]), y)]
            });
    }
    THREADS
        .iter()
        .filter_map(|&n| Some((x_of(n), c.mb_s(c.get(kind, name, Some(n))?)?)))
        .collect()
}

fn x_of(threads: usize) -> f64 {
    (threads as f64).log2()
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Failure = Box<dyn std::error::Error>;

fn draw(
    run: &Run,
    root: &Area<'_>,
    rows: usize,
    cols: usize,
    lines: &[Line],
) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    let (title, body) = root.split_vertically(TITLE_H);
    title.draw_text(
        "tally: throughput against threads (MB/s, whole process)",
        &(FONT, 30).into_font().color(&BLACK),
        (20, 10),
    )?;
    title.draw_text(
        &format!(
            "median of {} paired run{}{}; {} CPUs; commit {}; {}",
            run.meta.runs,
            if run.meta.runs == 1 { "" } else { "s" },
            if run.quick {
                " (--quick smoke run: a tenth of each corpus)"
            } else {
                ""
            },
            run.meta.nproc,
            run.meta.commit,
            run.meta.date
        ),
        &(FONT, 19).into_font().color(&RGBColor(80, 80, 80)),
        (20, 44),
    )?;
    let (plots, legend) = body.split_horizontally(PANEL_W * cols as u32);
    for (panel, c) in plots.split_evenly((rows, cols)).iter().zip(&run.corpora) {
        draw_panel(run, panel, c, lines)?;
    }
    draw_legend(&legend, lines)
}

fn draw_panel(run: &Run, panel: &Area<'_>, c: &CorpusRun, lines: &[Line]) -> Result<(), Failure> {
    let all: Vec<Vec<(f64, f64)>> = (0..lines.len()).map(|i| points(run, c, i)).collect();
    let top = all.iter().flatten().map(|&(_, y)| y).fold(0.0, f64::max) * 1.08;
    let top = if top > 0.0 { top } else { 1.0 };
    let last = x_of(THREADS[THREADS.len() - 1]);
    let mut chart = ChartBuilder::on(panel)
        .caption(
            format!(
                "{} ({:.0} MB, {} distinct words)",
                c.corpus.name,
                c.corpus.bytes as f64 / 1e6,
                crate::thousands(c.stats.distinct)
            ),
            (FONT, 22),
        )
        .margin(12)
        .x_label_area_size(46)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.15..last + 0.15, 0.0..top)?;
    chart
        .configure_mesh()
        .x_labels(THREADS.len())
        .x_label_formatter(&|x| format!("{}", 2f64.powf(*x).round()))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_desc("threads")
        .y_desc("MB/s")
        .label_style((FONT, 17))
        .axis_desc_style((FONT, 18))
        .max_light_lines(1)
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()?;
    for (line, points) in lines.iter().zip(&all) {
        let style = line.colour.stroke_width(line.width);
        if line.dashed {
            chart.draw_series(DashedLineSeries::new(points.iter().copied(), 8, 5, style))?;
        } else {
            chart.draw_series(LineSeries::new(points.iter().copied(), style))?;
            chart.draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, line.width + 1, line.colour.filled())),
            )?;
        }
    }
    Ok(())
}

fn draw_legend(area: &Area<'_>, lines: &[Line]) -> Result<(), Failure> {
    let font = (FONT, 18).into_font().color(&BLACK);
    let header = (FONT, 19).into_font().color(&BLACK);
    area.draw_text("strategies", &header, (12, 14))?;
    let mut y = LEGEND_TOP as i32;
    let mut baselines_header = false;
    for line in lines {
        if line.dashed && !baselines_header {
            y += 14;
            area.draw_text("baselines (dashed)", &header, (12, y - 10))?;
            y += LEGEND_GAP as i32 - 14;
            baselines_header = true;
        }
        let style = line.colour.stroke_width(line.width);
        let ends = [(14, y), (54, y)];
        if line.dashed {
            area.draw(&DashedPathElement::new(ends, 8, 5, style))?;
        } else {
            area.draw(&PathElement::new(ends, style))?;
            area.draw(&Circle::new((34, y), line.width + 1, line.colour.filled()))?;
        }
        area.draw_text(&line.label, &font, (62, y - 9))?;
        y += LEGEND_ROW as i32;
    }
    Ok(())
}
