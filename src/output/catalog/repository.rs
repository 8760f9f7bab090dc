//! The words a new repository is made with: the organisation's name when `itc init` is given
//! none.

use crate::Words;

/// The organisation's name in a new `itc.toml` when `--name` gives none.
pub const DEFAULT_ORG_NAME: Words = Words::new("综合信息中心", "Information center");
