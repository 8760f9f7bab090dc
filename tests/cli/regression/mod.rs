//! Regressions: each test is named after the defect it guards, and failed before its fix.

mod ci_consumers;
mod git_paths;
mod output_paths;
mod record_layer;
