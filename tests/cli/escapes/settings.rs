//! Escape routes through the settings: KPI knobs and service levels that bend the numbers.
