//! Escape routes through files that are not read as records: a record renamed or hidden.
