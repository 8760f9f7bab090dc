//! `itc agenda --format ics`: an iCalendar (RFC 5545) calendar, one VEVENT per deadline. A UID
//! is a hash of the record id, the deadline key and the part, so it is the same on every run
//! and a calendar that subscribes updates its events instead of duplicating them. Lines end in
//! CRLF and are folded at 75 octets, never inside a UTF-8 character (§3.1); TEXT values escape
//! `\`, `;`, `,` and line ends (§3.3.11).

use super::catalog::agenda as words;
use crate::Lang;
use crate::agenda::{Agenda, Item};
use crate::facts::deadline::Due;

/// The domain every UID ends in.
pub const DOMAIN: &str = "agenda.itc.invalid";

/// FNV-1a, 64 bits: a hash that never changes between builds or platforms.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The event's UID: stable for the same record, deadline and part.
pub fn uid(i: &Item) -> String {
    format!(
        "{:016x}@{DOMAIN}",
        fnv(&[&i.id, i.key, i.part.as_deref().unwrap_or("")])
    )
}

/// A TEXT value escaped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            // Other controls are not allowed in TEXT.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: at most 75 octets a line, continuation lines starting with a
/// space, each line ending in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn utc(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// The calendar.
pub fn calendar(a: &Agenda, lang: Lang) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//itc//agenda//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold(l));
    }
    let stamp = utc(a.now);
    for (g, i) in a.items() {
        let start = match i.due {
            Due::Date(d) => format!("DTSTART;VALUE=DATE:{}", d.format("%Y%m%d")),
            Due::At(t) => format!("DTSTART:{}", utc(t)),
        };
        let what = words::what(lang, &i.source, i.part.as_deref());
        let owner = super::agenda::owner_heading(g, lang);
        let standing = words::standing(lang, i.overdue, i.by);
        let description = format!("{what}\n{owner}\n{standing}");
        for l in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", uid(i)),
            format!("DTSTAMP:{stamp}"),
            start,
            format!("SUMMARY:{}", text(&format!("{} {}: {what}", i.id, i.title))),
            format!("DESCRIPTION:{}", text(&description)),
            "END:VEVENT".to_string(),
        ] {
            out.push_str(&fold(&l));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        // 30 three-octet characters after "SUMMARY:" (8 octets): 8 + 22 × 3 = 74 octets fit on
        // the first line (a 23rd would make 77); the continuation holds the space and 8 more
        // (1 + 24 = 25 octets).
        let line = format!("SUMMARY:{}", "机".repeat(30));
        let folded = fold(&line);
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "{folded:?}");
        assert_eq!(lines[0].len(), 74);
        assert_eq!(lines[1].len(), 25);
        assert!(lines[1].starts_with(' '));
        assert_eq!(lines[2], "");
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
