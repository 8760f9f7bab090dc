//! A record's entries as the rules see them: `assign`, the `FIELD=VALUE` language of `--set`
//! (where a field goes and what its text means by its type), and `format`, the canonical layout
//! of `itc fmt` (fields in rules order, values in one form).

pub mod assign;
pub mod format;
pub mod paths;
pub mod prompt;
