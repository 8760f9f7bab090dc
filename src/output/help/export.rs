//! The help of `itc export`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "export",
        "",
        "Export records as NDJSON, JSON, CSV or an Excel workbook, with the same keys in every language",
        "导出记录为 NDJSON、JSON、CSV 或 Excel 工作簿,各语言下键名相同",
    ),
    (
        "export",
        "kinds",
        "Only these kinds (incident, project, …; default: all)",
        "只导出这些类别(incident、project 等;默认:全部)",
    ),
    ("export", "format", "Output format", "输出格式"),
    (
        "export",
        "format=ndjson",
        "One JSON object per line",
        "每行一个 JSON 对象",
    ),
    ("export", "format=json", "One JSON array", "一个 JSON 数组"),
    (
        "export",
        "format=csv",
        "One CSV table per kind, its header the rules' field paths",
        "每个类别一张 CSV 表,表头为规则中的字段路径",
    ),
    (
        "export",
        "format=xlsx",
        "One Excel workbook (-o FILE.xlsx), a sheet per kind with the CSV's columns",
        "一个 Excel 工作簿(`-o 文件.xlsx`),每个类别一张工作表,列与 CSV 相同",
    ),
    (
        "export",
        "output",
        "Write to this file (for CSV: into this folder, one KIND.csv per kind) instead of stdout",
        "写入此文件而非标准输出(CSV 时为目录,每个类别一个 KIND.csv)",
    ),
    (
        "export",
        "bom",
        "Start each CSV file with a UTF-8 byte order mark, for Excel",
        "每个 CSV 文件以 UTF-8 BOM 开头,供 Excel 正确识别中文",
    ),
    (
        "export",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
