//! Escape routes closed by the KPIs themselves: an item that cannot be placed counts against,
//! a rejected value is never read, and every item left out carries a reason code.
