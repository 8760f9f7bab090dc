//! The help of `itc new`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "new",
        "",
        "Create a record: allocate its id and write its start stage",
        "新建记录:分配编号并写入起始阶段",
    ),
    (
        "new",
        "kind",
        "The kind of record: incident, project, drill, appraisal, plan, data, security, survey, backup",
        "记录类别:incident(故障)、project(项目)、drill(演练)、appraisal(考核)、plan(计划)、data(数据)、security(安全)、survey(调查)、backup(备份)",
    ),
    ("new", "title", "The record's title", "记录标题"),
    (
        "new",
        "sets",
        "A field: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item), map.key=VALUE",
        "设置字段:字段=值、阶段.字段=值、列表=a,b、表[0].字段=值、表[].字段=值(新增一项)、映射.键=值",
    ),
    (
        "new",
        "at",
        "When the start stage was entered (default: now)",
        "进入起始阶段的时间(默认:现在)",
    ),
    (
        "new",
        "format",
        "File format (default: org.format of itc.toml)",
        "文件格式(默认:itc.toml 中的 org.format)",
    ),
    (
        "new",
        "stage",
        "Start at this stage instead of the kind's usual one (e.g. an incident at alert)",
        "从该阶段开始,而不是类别通常的起始阶段(如故障从 alert 开始)",
    ),
    (
        "new",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
    (
        "new",
        "by",
        "Who acted: the start stage's `by` (default: ITC_USER, else the person whose email is git's user.email)",
        "经办人:起始阶段的 `by`(默认取 ITC_USER,否则取 email 与 git 的 user.email 相同的人员)",
    ),
    (
        "new",
        "set_from",
        "Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it",
        "从 TOML 或 YAML 片段读取字段,布局与记录相同(`-`:从标准输入读取);--set 在其后生效",
    ),
    (
        "new",
        "dry_run",
        "Print the record that would be written, and where, and write nothing",
        "打印将要写入的记录及其路径,不写入任何文件",
    ),
];
