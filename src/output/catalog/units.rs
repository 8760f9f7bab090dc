//! Units in words: a duration as people read it in the output language (`1 天 1 小时 34 分` /
//! `1d 1h 34m`). Machine formats (JSON, CSV) keep seconds and the record form (`1d 1h 34m`).

use crate::Lang;
use crate::time::Duration;

/// A duration in the output language: days, hours, minutes and seconds, each only when not
/// zero; the English form is the one records are written in.
pub fn duration(lang: Lang, d: Duration) -> String {
    if lang == Lang::En {
        return d.to_string();
    }
    let mut s = d.seconds().max(0);
    if s == 0 {
        return "0 秒".to_string();
    }
    let mut parts = Vec::new();
    for (unit, len) in [("天", 86_400), ("小时", 3_600), ("分", 60), ("秒", 1)] {
        if s >= len {
            parts.push(format!("{} {unit}", s / len));
            s %= len;
        }
    }
    parts.join(" ")
}

/// A number of hours: `12148.75 小时` / `12148.75h`.
pub fn hours(lang: Lang, number: &str) -> String {
    match lang {
        Lang::Zh => format!("{number} 小时"),
        Lang::En => format!("{number}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_chinese() {
        // 1 d 1 h 34 m = 86,400 + 3,600 + 2,040 = 92,040 s.
        assert_eq!(duration(Lang::Zh, Duration(92_040)), "1 天 1 小时 34 分");
        assert_eq!(duration(Lang::En, Duration(92_040)), "1d 1h 34m");
        // 90 s = 1 m 30 s; zero reads as 0 seconds.
        assert_eq!(duration(Lang::Zh, Duration(90)), "1 分 30 秒");
        assert_eq!(duration(Lang::Zh, Duration(0)), "0 秒");
    }
}
