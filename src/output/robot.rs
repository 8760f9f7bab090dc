//! `itc agenda --format wecom|dingtalk`: the JSON a group robot's webhook takes, a markdown
//! message (WeCom: `{"msgtype":"markdown","markdown":{"content":…}}`; DingTalk:
//! `{"msgtype":"markdown","markdown":{"title":…,"text":…}}`). The text stays within `LIMIT`
//! bytes of UTF-8: when the agenda is longer, the most urgent items are kept and the rest
//! counted ("…另有 N 项"). Record text (titles, names, parts) cannot mark up the message nor
//! mention anyone: markup characters, `@` and angle brackets become their full-width forms.

use serde_json::json;

use super::catalog::agenda as words;
use crate::Lang;
use crate::agenda::{Agenda, Group, Item};

/// WeCom's documented limit for a markdown message's content (4,096 bytes, UTF-8); DingTalk's
/// text is kept within the same.
pub const LIMIT: usize = 4096;

/// Which robot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Robot {
    WeCom,
    DingTalk,
}

/// Record text made inert: one line, no markdown markup, no mention. `@all`, `@id` and `<@id>`
/// read the same to people (`＠all`, `＜＠id＞`) but the robots see no mention in them.
pub fn inert(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' => '＠',
            '<' => '＜',
            '>' => '＞',
            '*' => '＊',
            '_' => '＿',
            '`' => '｀',
            '#' => '＃',
            '[' => '［',
            ']' => '］',
            '~' => '～',
            '|' => '｜',
            '\\' => '＼',
            '!' => '！',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn line(i: &Item, lang: Lang) -> String {
    format!(
        "- **{}** {} {}:{}({})\n",
        words::standing(lang, i.overdue, i.by),
        inert(&i.id),
        inert(&i.title),
        inert(&words::what(lang, &i.source, i.part.as_deref())),
        words::deadline(lang, &i.due.to_string()),
    )
}

/// The message text with the `n` most urgent items kept.
fn text(a: &Agenda, kept: &[(&Group, &Item)], left: usize, lang: Lang) -> String {
    let day = crate::time::today(a.now).to_string();
    let mut out = format!("### {}\n", words::heading(lang, &day));
    let kept: std::collections::HashSet<*const Item> =
        kept.iter().map(|(_, i)| *i as *const Item).collect();
    for g in &a.groups {
        let mine: Vec<&Item> = g
            .items
            .iter()
            .filter(|i| kept.contains(&(*i as *const Item)))
            .collect();
        if mine.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "**{}**\n",
            inert(&super::agenda::owner_heading(g, lang))
        ));
        for i in mine {
            out.push_str(&line(i, lang));
        }
    }
    if left > 0 {
        out.push_str(&words::more(lang, left));
        out.push('\n');
    }
    // Records that could not be read are not on the agenda: the message says so.
    if a.unreadable > 0 {
        out.push_str(&super::catalog::views::unreadable(lang, a.unreadable));
    }
    let until = a.until.format("%Y-%m-%d %H:%M").to_string();
    out.push_str(&words::summary(lang, a.overdue(), a.due(), &until));
    out
}

/// The longest text within `limit` bytes: as many of the most urgent items as fit.
pub fn fitted(a: &Agenda, lang: Lang, limit: usize) -> String {
    let all = a.by_urgency();
    let render = |n: usize| text(a, &all[..n], all.len() - n, lang);
    let full = render(all.len());
    if full.len() <= limit {
        return full;
    }
    // The text grows with each item kept: the largest n that fits, by bisection.
    let (mut lo, mut hi) = (0, all.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if render(mid).len() <= limit {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    render(lo)
}

/// The webhook's JSON body.
pub fn payload(a: &Agenda, robot: Robot, lang: Lang) -> String {
    let text = fitted(a, lang, LIMIT);
    let v = match robot {
        Robot::WeCom => json!({ "msgtype": "markdown", "markdown": { "content": text } }),
        Robot::DingTalk => {
            let day = crate::time::today(a.now).to_string();
            json!({
                "msgtype": "markdown",
                "markdown": { "title": words::heading(lang, &day), "text": text },
            })
        }
    };
    format!("{v}\n")
}
