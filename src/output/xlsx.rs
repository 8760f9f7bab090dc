//! Workbooks for Excel and WPS (`export --format xlsx`, `kpi --format xlsx`): a sheet per
//! table, its header row frozen and filtered, dates and date-times as Excel dates with a number
//! format, numbers as numbers, the rest as text (never a formula).
//!
//! Every sheet is written in rust_xlsxwriter's constant-memory mode: each row goes to a
//! temporary file as it is written, so that memory stays bounded by a row, not the export. The
//! workbook is then zipped straight into the output file, which is replaced atomically
//! (`repo::OutputFile`): an error on the way leaves no file.

use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::catalog::excel as words;
use super::catalog::score as score_words;
use super::kpi::{counts_text, verdict_text};
use super::score as score_render;
use crate::kpi::{Kpi, Unit};
use crate::repo::OutputFile;
use crate::score::{Score, What};
use crate::{Error, Lang};

/// One cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A calendar date, shown as `yyyy-mm-dd`.
    Date(NaiveDate),
    /// A date-time in the org time zone, shown as `yyyy-mm-dd hh:mm:ss`.
    DateTime(NaiveDateTime),
    /// A ratio, shown as a percentage with two decimals (`0.00%`).
    Percent(f64),
}

/// A workbook being written, one sheet after another.
pub struct Book {
    workbook: Workbook,
    date: Format,
    datetime: Format,
    percent: Format,
    header: Format,
}

/// The sheet being written: its rows go out in order, and cannot be gone back to.
pub struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    date: &'a Format,
    datetime: &'a Format,
    percent: &'a Format,
    /// The next row to write (row 0 is the header).
    row: u32,
    cols: u16,
}

/// The library's error, in both languages (its own words are English).
fn failed(e: &XlsxError) -> Error {
    let why = e.to_string();
    Error::usage(
        words::xlsx_failed(Lang::Zh, &why),
        words::xlsx_failed(Lang::En, &why),
    )
}

impl Default for Book {
    fn default() -> Self {
        Book::new()
    }
}

impl Book {
    pub fn new() -> Book {
        Book {
            workbook: Workbook::new(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            percent: Format::new().set_num_format("0.00%"),
            header: Format::new().set_bold(),
        }
    }

    /// Starts a sheet named `name` (at most 31 characters, as Excel allows) with this header
    /// row, frozen.
    pub fn sheet(&mut self, name: &str, header: &[String]) -> Result<Sheet<'_>, Error> {
        let cols = u16::try_from(header.len()).unwrap_or(u16::MAX);
        let sheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(|e| failed(&e))?;
        let name: String = name.chars().take(31).collect();
        sheet.set_name(name).map_err(|e| failed(&e))?;
        sheet.set_freeze_panes(1, 0).map_err(|e| failed(&e))?;
        for (c, h) in header.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet
                .write_string_with_format(0, c, h, &self.header)
                .map_err(|e| failed(&e))?;
            // Wide enough for a date-time and most short values.
            sheet
                .set_column_width(c, (h.chars().count() + 2).clamp(12, 40) as f64)
                .map_err(|e| failed(&e))?;
        }
        Ok(Sheet {
            sheet,
            date: &self.date,
            datetime: &self.datetime,
            percent: &self.percent,
            row: 1,
            cols,
        })
    }

    /// Writes the workbook to `path`, replaced atomically. A terminal (`-o /dev/tty`, or
    /// `/dev/stdout` on one) is refused: a workbook is binary.
    pub fn save(mut self, path: &Path) -> Result<(), Error> {
        use std::io::IsTerminal;
        let terminal = std::fs::metadata(path).is_ok_and(|m| !m.is_file())
            && std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .is_ok_and(|f| f.is_terminal());
        if terminal {
            let words = words::XLSX_NEEDS_OUTPUT;
            return Err(Error::usage(words.zh, words.en));
        }
        let mut file = OutputFile::create(path)?;
        let mut to = ToOutput {
            file: &mut file,
            error: None,
        };
        if let Err(e) = self.workbook.save_to_writer(&mut to) {
            return Err(to.error.take().unwrap_or_else(|| failed(&e)));
        }
        file.finish()
    }
}

/// `OutputFile` as a `std::io::Write` for the zip writer; the first error is kept as itc's.
struct ToOutput<'a> {
    file: &'a mut OutputFile,
    error: Option<Error>,
}

impl std::io::Write for ToOutput<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.file.write(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                self.error = Some(e);
                Err(std::io::Error::other("itc: output file"))
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sheet<'_> {
    /// Writes the next row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), Error> {
        let r = self.row;
        for (c, cell) in cells.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            let done = match cell {
                Cell::Empty => continue,
                Cell::Text(s) => self.sheet.write_string(r, c, s).map(drop),
                Cell::Number(n) => self.sheet.write_number(r, c, *n).map(drop),
                Cell::Bool(b) => self.sheet.write_boolean(r, c, *b).map(drop),
                Cell::Percent(v) => self
                    .sheet
                    .write_number_with_format(r, c, *v, self.percent)
                    .map(drop),
                Cell::Date(d) => match excel_date(*d) {
                    Some(x) => self
                        .sheet
                        .write_datetime_with_format(r, c, x, self.date)
                        .map(drop),
                    None => self.sheet.write_string(r, c, d.to_string()).map(drop),
                },
                Cell::DateTime(t) => {
                    let x = excel_date(t.date()).and_then(|d| {
                        d.and_hms(t.hour() as u16, t.minute() as u8, t.second())
                            .ok()
                    });
                    match x {
                        Some(x) => self
                            .sheet
                            .write_datetime_with_format(r, c, x, self.datetime)
                            .map(drop),
                        None => self
                            .sheet
                            .write_string(r, c, t.format("%Y-%m-%d %H:%M:%S").to_string())
                            .map(drop),
                    }
                }
            };
            done.map_err(|e| failed(&e))?;
        }
        self.row += 1;
        Ok(())
    }

    /// Ends the sheet: the autofilter over the header and every row written.
    pub fn finish(self) -> Result<(), Error> {
        if self.cols > 0 {
            self.sheet
                .autofilter(0, 0, self.row - 1, self.cols - 1)
                .map_err(|e| failed(&e))?;
        }
        Ok(())
    }
}

/// A date as Excel's; Excel knows the years 1900 to 9999 only: another is written as text.
fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// A ratio as the KPI table shows it, truncated to hundredths of a percent (0.999996 is 99.99%,
/// never 100.00%, as `kpi::percent` says): Excel would round it.
fn ratio(v: f64) -> Cell {
    Cell::Percent((v * 10_000.0 + 1e-7).floor() / 10_000.0)
}

/// The KPI table as a workbook of one sheet: a row per KPI (name in the output language, key,
/// period, value, numerator, denominator, n/d, target, verdict), then a row per group of `--by`
/// under its KPI. Values are numbers (ratios as percentages), `n/a` stays text.
pub fn kpi_book(kpis: &[Kpi], period: &str, lang: Lang, path: &Path) -> Result<(), Error> {
    let mut book = Book::new();
    let mut header: Vec<String> = words::KPI_COLUMNS
        .iter()
        .map(|w| w.get(lang).to_string())
        .collect();
    header.insert(2, words::KPI_PERIOD.get(lang).to_string());
    let mut sheet = book.sheet(words::KPI_SHEET.get(lang), &header)?;
    let value = |v: Option<f64>, unit: Unit| match (v, unit) {
        (None, _) => Cell::Text("n/a".into()),
        (Some(v), Unit::Count) => Cell::Number(v),
        (Some(v), _) => ratio(v),
    };
    let amount = |v: f64, unit: Unit| match unit {
        // Hours, as the table shows them.
        Unit::Time => Cell::Number(v / 3600.0),
        _ => Cell::Number(v),
    };
    for k in kpis {
        let target = match k.target {
            None => Cell::Empty,
            Some(t) => {
                let op = if k.target_is_max { "≤" } else { "≥" };
                let t = match k.unit {
                    Unit::Count => t.to_string(),
                    _ => super::kpi::percent(t),
                };
                Cell::Text(format!("{op} {t}"))
            }
        };
        let nd = k.denominator.map_or(Cell::Empty, |d| {
            Cell::Text(counts_text(k.numerator, d, k.unit, lang))
        });
        sheet.row(&[
            Cell::Text(k.name.get(lang).to_string()),
            Cell::Text(k.key.to_string()),
            Cell::Text(period.to_string()),
            Cell::Empty,
            value(k.value, k.unit),
            amount(k.numerator, k.unit),
            k.denominator.map_or(Cell::Empty, |d| amount(d, k.unit)),
            nd,
            target,
            Cell::Text(verdict_text(k.verdict, lang).to_string()),
        ])?;
        for g in &k.groups {
            let den = (k.unit != Unit::Count).then_some(g.denominator);
            sheet.row(&[
                Cell::Text(k.name.get(lang).to_string()),
                Cell::Text(k.key.to_string()),
                Cell::Text(period.to_string()),
                Cell::Text(g.group.clone()),
                value(g.value, k.unit),
                amount(g.numerator, k.unit),
                den.map_or(Cell::Empty, |d| amount(d, k.unit)),
                den.map_or(Cell::Empty, |d| {
                    Cell::Text(counts_text(g.numerator, d, k.unit, lang))
                }),
                Cell::Empty,
                Cell::Empty,
            ])?;
        }
    }
    sheet.finish()?;
    book.save(path)
}

/// The scorecard as a workbook: a sheet of its items (the columns of `score`'s table: category,
/// item, KPI, weight, value, target, floor, points, evidence), then a sheet of the subtotals per
/// category closed by the total. Weights, values, floors and points are numbers (a ratio KPI's
/// value and floor as percentages); an item not scored has no points and says why.
pub fn score_book(score: &Score, lang: Lang, path: &Path) -> Result<(), Error> {
    let mut book = Book::new();
    let header: Vec<String> = score_words::COLUMNS
        .iter()
        .map(|w| w.get(lang).to_string())
        .collect();
    let mut sheet = book.sheet(score_words::ITEMS.get(lang), &header)?;
    for i in &score.items {
        let ratio_unit = matches!(&i.what, What::Kpi(k) if k.def().unit != Unit::Count);
        let number = |v: Option<f64>| match v {
            None => Cell::Empty,
            Some(v) if ratio_unit => ratio(v),
            Some(v) => Cell::Number(v),
        };
        let (name, key) = score_render::item_name(i, lang);
        sheet.row(&[
            Cell::Text(score_words::category(i.category).get(lang).to_string()),
            Cell::Text(name),
            Cell::Text(key),
            Cell::Number(i.weight),
            number(i.value),
            i.target
                .map_or(Cell::Empty, |_| Cell::Text(score_render::target_text(i))),
            number(i.floor),
            i.points.map_or(Cell::Empty, Cell::Number),
            Cell::Text(score_render::evidence(i, lang)),
        ])?;
    }
    sheet.finish()?;
    let header: Vec<String> = score_words::SUBTOTAL_COLUMNS
        .iter()
        .map(|w| w.get(lang).to_string())
        .collect();
    let mut sheet = book.sheet(score_words::SUBTOTALS.get(lang), &header)?;
    for c in &score.categories {
        sheet.row(&[
            Cell::Text(score_words::category(c.category).get(lang).to_string()),
            Cell::Number(c.points),
            Cell::Number(c.scored_weight),
            Cell::Number(c.weight),
        ])?;
    }
    // The total is out of 100 over the weights scored; n/a when none was.
    sheet.row(&[
        Cell::Text(score_words::TOTAL.get(lang).to_string()),
        score
            .total
            .map_or_else(|| Cell::Text("n/a".into()), Cell::Number),
        Cell::Number(score.scored_weight),
        Cell::Number(score.weight),
    ])?;
    sheet.finish()?;
    book.save(path)
}
