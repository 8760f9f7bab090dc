//! Comments in a record's text, found line by line outside quoted strings.

/// Comment text on a line, outside quotes: the whole line's, or the part after the value. A quote
/// opens a string only where a value can begin (after `=`, `:`, `-`, `?`, `[`, `{`, `,` or at the
/// start), so that the `"` of a plain YAML scalar such as `5" monitor` hides no comment.
pub fn comment_of(line: &str) -> Option<&str> {
    let mut quote: Option<char> = None;
    // The last character outside quotes that is not a space.
    let mut prev: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    quote = None;
                    prev = Some(c);
                }
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    // `''` inside single quotes is one quote (YAML).
                    if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                        prev = Some(c);
                    }
                }
            }
            None => match c {
                '#' if i == 0 || line[..i].ends_with([' ', '\t']) => {
                    return Some(line[i..].trim_end());
                }
                '"' | '\'' if prev.is_none_or(|p| "=:-?[{,".contains(p)) => {
                    if c == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        // An empty single-quoted string.
                        chars.next();
                        prev = Some(c);
                    } else {
                        quote = Some(c);
                    }
                }
                c if !c.is_whitespace() => prev = Some(c),
                _ => {}
            },
        }
    }
    None
}
