//! Escape routes closed by the rules: entry fields, time-order pairs and early-stage time limits.
