//! The help of `itc agenda`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "agenda",
        "",
        "What needs attention: deadlines overdue (with by how much) and due within a window (with how long is left), by owner",
        "待办:已超时(及超时多久)和将在期限内到期(及剩余多久)的事项,按负责人分组",
    ),
    (
        "agenda",
        "within",
        "How far ahead to look: a duration (7d, 36h) or this-week (本周: to the end of this Monday–Sunday week)",
        "向前看多久:时长(`7d`、`36h`)或 本周/this-week(到本周日结束,周一至周日)",
    ),
    (
        "agenda",
        "owner",
        "Only the items this person answers for (an id of the roster)",
        "只列此人负责的事项(名册中的人员编号)",
    ),
    (
        "agenda",
        "kind",
        "Only records of this kind (incident, project, …), or only deadlines of this key (sla, stage_limit, action_due, …)",
        "只列此类别的记录(incident、project 等),或只列此类期限(sla、stage_limit、action_due 等)",
    ),
    (
        "agenda",
        "as_of",
        "As of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    (
        "agenda",
        "format",
        "Output format (wecom and dingtalk: a group robot's webhook JSON)",
        "输出格式(`wecom`、`dingtalk`:群机器人 webhook 的 JSON)",
    ),
    (
        "agenda",
        "output",
        "Write to this file instead of stdout (needed for xlsx)",
        "写入此文件而非标准输出(输出 Excel 工作簿时必须给出)",
    ),
    (
        "agenda",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
