//! The help of `itc list`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "list",
        "",
        "List records: id, kind, title, stage, owner, when the stage was entered, age",
        "列出记录:编号、类别、标题、阶段、责任人、进入阶段的时间、已过时长",
    ),
    (
        "list",
        "kind",
        "Only this kind (incident, project, …)",
        "只列此类别(incident、project 等)",
    ),
    (
        "list",
        "stage",
        "Only records at this stage: its key, or its label in either language (故障诊断, Diagnosis)",
        "只列处于此阶段的记录:阶段键,或中文、英文阶段名(故障诊断、`Diagnosis`)",
    ),
    (
        "list",
        "open",
        "Only records not at their final stage",
        "只列尚未到达最终阶段的记录",
    ),
    (
        "list",
        "overdue",
        "Only records with a deadline passed and not met: a stage time limit, an incident SLA, a planned end, an appraisal, drill, finding, plan-item or corrective-action due date",
        "只列出有期限已过且未完成的记录:阶段时限、故障 SLA、计划完成日期,以及考核、演练、隐患整改、计划事项或演练整改措施的截止日期",
    ),
    (
        "list",
        "breached",
        "List the breaches instead: every record or item whose deadline passed before it was done, done late or still open, with how late; --period then selects by the deadline",
        "改为列出逾期项:期限已过才完成或仍未完成的每条记录或事项,不论开闭,并给出逾期时长;此时 --period 按期限所在期间选取",
    ),
    (
        "list",
        "period",
        "Only records with a stage entered in this period (with --breached: a deadline in it) (2026, 2026-Q3, 2026-07, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, this-week, last-week, ytd)",
        "只列在此期间进入过某阶段的记录(与 --breached 同用时:期限在此期间)(2026、2026-Q3、2026-07、起..止,或相对今天的 本月、上月、本季度、上季度、今年、去年、本周、上周、年初至今(也可写 this-month、last-month、this-week 等))",
    ),
    (
        "list",
        "filters",
        "Only records whose FIELD (or stage.FIELD) is VALUE, or whose list FIELD holds it",
        "只列字段(或阶段.字段)等于该值、或列表字段包含该值的记录",
    ),
    ("list", "format", "Output format", "输出格式"),
    (
        "list",
        "as_of",
        "List as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "按此日期或时间(而非现在)列出(也可用 ITC_TODAY);日期指当天结束时",
    ),
    (
        "list",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
