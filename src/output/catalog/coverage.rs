//! The words of coverage (`kpi::coverage`): why a KPI counts a record that does not exist.

use crate::Lang;
use crate::kpi::coverage::Need;

/// A missing record, as `kpi --explain` gives its reason.
pub fn missing_reason(lang: Lang, need: &Need, period: &str) -> String {
    let zh = lang == Lang::Zh;
    match (need, zh) {
        (Need::Backup { system }, true) => {
            format!("缺少系统 {system} {period} 的备份核查记录,计为失败(按周期天数计)")
        }
        (Need::Backup { system }, false) => {
            format!("no backup check of {system} for {period}: counted as failed (one job a day)")
        }
        (Need::Appraisal { person }, true) => {
            format!("缺少 {person} {period} 的绩效考核记录,计为未执行")
        }
        (Need::Appraisal { person }, false) => {
            format!("no appraisal of {person} for {period}: counted as not executed")
        }
        (Need::Survey { audience }, true) => {
            let who = if *audience == "team" {
                "员工"
            } else {
                "业务部门"
            };
            format!("{period} 没有{who}满意度调查,计为一份不满意的答卷")
        }
        (Need::Survey { audience }, false) => {
            let who = if *audience == "team" {
                "employee"
            } else {
                "business"
            };
            format!("no {who} survey for {period}: counted as one response, not satisfied")
        }
        (Need::Plan, true) => format!("{period} 年度没有已审批的计划,计为未完成"),
        (Need::Plan, false) => format!("no approved plan for {period}: counted as not done"),
        (Need::Drill { system }, true) => {
            format!("核心系统 {system} 在 {period} 内没有通过的演练(桌面推演除外)")
        }
        (Need::Drill { system }, false) => {
            format!("core system {system} has no passed drill (tabletop excepted) in {period}")
        }
    }
}
