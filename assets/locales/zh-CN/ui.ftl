# 浏览界面：窗格标题、状态栏、按键提示、输入提示、弹窗、帮助。
# 用语以 README 的术语表为准（条、责任单位、牵头、配合……）。

count-measures = { $n }条

msg-bulk-done = 已标记{ $n }条，按 { $key } 撤销
msg-bulk-undone = 已撤销：{ $n }条恢复原状
msg-nothing-to-undo = 没有可撤销的操作（只能撤销对整章、整节的标记）
msg-note-discarded = 已放弃对备注的修改
msg-tree-width = 目录栏宽度：{ $percent }%（已记住）
confirm-discard-note = 放弃对这条备注的修改？（{ $yes } / { $no }）
workload-offices = 单位（{ $n }个）
workload-groups = 议事机构及其他（{ $n }个）
workload-by-total = 按任务总数
workload-by-lead = 按牵头数
workload-by-name = 按名称拼音

## 到期视图（d）和 planview due

due-overdue = 逾期 { $n } 天
due-today = 今天到期
due-left = 还剩 { $n } 天
due-undated = 无具体日期
due-title = 到期任务 · { $window } · { $n }条
due-window-overdue = 已逾期
due-window-within = { $n } 天内到期（含逾期）
due-window-all = 全部
due-col-date = 截止日期
due-col-left = 剩余
due-col-plan = 文件
due-col-id = 条
due-col-title = 措施
due-col-lead = 牵头单位
due-col-deadline = 完成时限
due-undated-heading = 无具体日期（{ $n }条）
due-none = 没有到期的措施
## 标题栏

title-read = 已读 { $read }/{ $total }
title-flagged = 关注 { $n }
title-done = 已办结 { $n }
title-overdue = 逾期 { $n }
title-plans = { $n }个文件
title-measures = 共{ $n }条

## 状态栏

status-measure = 第{ $id }条（共{ $last }条）
# 编号不是数字的措施（二.1、附件1.4）：它在全部措施中的位置。
status-measure-at = { $id }（第{ $n }条，共{ $total }条）
status-hit = 第{ $i }处（共{ $n }处）
status-section = 节
status-chapter = 章
status-plan = 文件
status-no-selection = 未选中
status-lead-only = 牵头
status-unread = 未读
status-flagged = 关注
status-searching = 搜索中…
status-reading = 正在读取文件 { $done }/{ $total }，读完后可搜索、筛选和标记
status-reading-held = 正在读取文件 { $done }/{ $total }，已记下的 { $keys } 个按键将在读完后执行
status-no-measures = 没有措施
status-measures = { $n }条
status-measures-in-plans = { $n }条，在{ $with }/{ $plans }个文件中

## 目录窗格

tree-contents = 目录
tree-filtered = { $n }条（共{ $total }条）
tree-no-match = 没有符合条件的措施。
tree-lead = 牵头

## 正文窗格

detail-section = 节
detail-chapter = 章
detail-plan = 文件
detail-more = ↓ 还有{ $n }行
detail-no-match = 没有符合当前筛选条件的措施。
detail-read = ✓ 已读
detail-flagged = ⚑ 关注
detail-done = ✔ 已办结
detail-title-only = （正文仅有标题）
detail-deadline = 完成时限
detail-task-group = 任务分组
detail-note = 备注
detail-units = 责任单位 { $n }
detail-units-none = 责任单位
detail-not-listed = 未列明
detail-lead = 牵头
detail-partner = 配合
detail-responsible = 负责
detail-groups = 议事机构
# 用简称写的单位，括号里是全称。
detail-alias = { $raw }（即{ $name }）
detail-adopted = { $date } 通过
detail-issued = { $date } 印发
detail-structure = { $chapters }章 · { $sections }节
detail-span-one = 1条（{ $first }）
detail-span = { $n }条（{ $first }–{ $last }）
detail-no-measures = 没有措施。
detail-top-leads = 牵头最多
detail-more-leads = …（共{ $n }个牵头单位）
detail-unit-role = { $unit }：{ $role }
detail-unit-summary = { $unit }：{ $n }条，牵头{ $led }条

## 按单位筛选、单位任务统计

picker-title = 按单位筛选 · { $role } · { $n }/{ $total }
picker-lead-only = 仅牵头
picker-any-role = 牵头和配合
picker-unit = 单位
picker-total = 合计
picker-lead = 牵头
picker-no-match = 没有匹配的单位。
workload-title = 单位任务统计 · { $n }个单位 · { $sort } · █ 牵头 ░ 配合

## 帮助

help-title = 帮助 · { $hints }
help-browsing = 浏览
help-detail = 在正文窗格中
help-search = 输入搜索词或措施编号时
help-jump = 输入措施编号时
help-picker = 按单位筛选
help-overview = 单位任务统计
help-views = 常用视图
help-note = 编辑备注
help-mouse = 鼠标：单击选中，滚轮滚动；按住 Shift 拖动可选取文字。

## 备注、批量标记前的确认、常用视图

note-title = 备注 · 第{ $id }条
confirm-read = { $scope ->
    [chapter] 将本章
    [section] 将本节
   *[plan] 将本文件
}{ $n }条全部标为已读？（{ $yes } / { $no }）
confirm-unread = { $scope ->
    [chapter] 将本章
    [section] 将本节
   *[plan] 将本文件
}{ $n }条全部标为未读？（{ $yes } / { $no }）
confirm-flag = { $scope ->
    [chapter] 将本章
    [section] 将本节
   *[plan] 将本文件
}{ $n }条全部标为关注？（{ $yes } / { $no }）
confirm-unflag = { $scope ->
    [chapter] 将本章
    [section] 将本节
   *[plan] 将本文件
}{ $n }条全部取消关注？（{ $yes } / { $no }）
confirm-done = { $scope ->
    [chapter] 将本章
    [section] 将本节
   *[plan] 将本文件
}{ $n }条全部标为已办结？（{ $yes } / { $no }）
confirm-undone = { $scope ->
    [chapter] 将本章
    [section] 将本节
   *[plan] 将本文件
}{ $n }条全部取消办结？（{ $yes } / { $no }）
views-title = 常用视图 · { $n }
views-no-filter = 不筛选
views-lead-only = { $unit }（牵头）

## 状态栏上的提示

msg-too-small = 终端窗口太小（{ $width }x{ $height }），planview 至少要 { $min_width }x{ $min_height }。请把窗口放大。
msg-too-small-key = 终端窗口太小（{ $width }x{ $height }），planview 至少要 { $min_width }x{ $min_height }。请把窗口放大，或按 { $key } 退出。
msg-no-unit-match = 没有匹配的单位
msg-no-unit-match-key = 没有匹配的单位；按 { $key } 关闭
msg-no-views = 还没有常用视图：在配置文件中加 [views.NAME]（见 planview config）
msg-view = 视图 { $name }：{ $summary }
msg-no-measures-here = 这里没有措施
msg-note-needs-measure = 备注是加在措施上的：请先选中一条措施
msg-note-merged = 你写备注时，这条备注在别处也改过：两份都保留，别处的在前
msg-cut-search = 搜索词最多 { $max } 个字，多出的部分没有保留
msg-cut-unit = 单位名称最多 { $max } 个字，多出的部分没有保留
msg-cut-jump = 措施编号最多 { $max } 个字，多出的部分没有保留
msg-cut-note = 备注最多 { $max } 个字，多出的部分没有保留
msg-oldest = 已经退到最早的位置
msg-newest = 已经是最新的位置
msg-hidden = 该处被当前筛选隐藏了
msg-marks-locked = 标记文件正被另一个 planview 使用，稍后重试
msg-marks-not-saved = 标记没有保存：{ $error }（稍后重试）
msg-marks-saved = 标记已保存
msg-unsaved-marks =
    标记没能保存到 { $path }（{ $error }），未保存的标记如下：
    { $json }
msg-no-match = 没有与“{ $typed }”匹配的措施
msg-no-search = 还没有搜索
msg-no-search-key = 还没有搜索：按 { $key } 搜索
msg-still-searching = 还在搜索，结果马上就到
msg-no-hits = 没有命中
msg-wrapped-first = 已从头开始，回到第一处命中
msg-wrapped-last = 已从尾开始，回到最后一处命中
msg-no-units = 这些文件没有列明责任单位

## 浏览时的错误：跳转、单位、按键

error-no-measure = 没有编号为 { $typed } 的措施（本文件为 { $first }–{ $last }）
error-measure-hidden = 措施 { $typed } 被当前筛选隐藏了
error-no-unit = 没有与“{ $typed }”匹配的责任单位
error-unit-ambiguous = “{ $typed }”匹配到 { $n } 个单位：{ $shown }
error-bind-not-here = { $action } 在 [keys.{ $context }] 中不起作用
error-bind-twice = { $key } 同时绑定给了 { $first } 和 { $second }
error-key-unknown = 不认识的键 <{ $key }>
error-key-empty = 没有写按键
error-key-several = “{ $keys }”是好几个键；每项只写一个键（多个键请写成列表）

## 配置文件：问题提示，以及 planview config 输出中的注释

config-summary = { $name }{ $first }；已按默认设置启动
config-summary-more = { $name }{ $first }（另有 { $more } 处）；已按默认设置启动
config-missing = 文件不存在
config-not-a-file = 不是普通文件
config-too-large = 超过 { $kib } KB，不像是配置文件
config-not-text = 不是 UTF-8 文本
config-not-toml = 不是有效的 TOML
config-not-a-context = [keys.{ $name }] 不是按键场景（可用的场景：{ $contexts }）
config-bad-choice = [ui] { $setting } = { $value }：只能是 { $choices }
config-choices = { $rest } 或 { $last }
config-bad-tree-width = [ui] { $setting } = { $value }：请填 "auto" 或 10 到 90 之间的百分数
config-bad-marked = [views.{ $view }] { $setting } = { $value }：只能是 { $choices }
config-lead-only-alone = [views.{ $view }] 设了 { $lead_only } 就要设 { $unit }
config-not-an-action = [{ $section }] { $name } 不是操作名（planview config 列出了全部操作）
config-keys-are-strings = [{ $section }] { $action }：按键要写成字符串，如 "q" 或 "<C-o>"
config-key-or-list = [{ $section }] { $action }：请写一个键或键的列表，如 "q" 或 ["q", "<C-c>"]
config-not-here = [{ $section }] { $action }：这里没有这个操作
config-print-header = planview 当前生效的配置：默认设置{ $source }。
config-print-intro =
    另存为 $XDG_CONFIG_HOME/planview/config.toml（或用 --config 指定），只留下要改的项。
    按键写法："q"、"G"、"<C-o>"（Ctrl）、"<A-Left>"（Alt）、"<Tab>"、"<S-Tab>"、"<Enter>"、
    "<Esc>"、"<Space>"、"<lt>"（<）、"<F1>"；一个操作有多个键时写成列表，[] 表示不绑定。
config-print-borders = auto | unicode | ascii（终端把 ─ │ 显示成两格宽时用 ascii）
config-print-tree-width = "auto"（占 40%，最多 60 列）或 10–90 的百分数
config-print-language = auto（按系统语言环境）| zh | en
config-print-keys = 浏览时（目录和正文窗格）：操作 = 键 或 [键, …]。
config-print-detail = 只在正文窗格中、与 [keys] 不同的键。
config-print-search = 按 / 后输入搜索词时。
config-print-jump = 按 : 后输入措施编号时。
config-print-picker = 按单位筛选。
config-print-overview = 单位任务统计。
config-print-views-keys = 常用视图列表。
config-print-note = 编辑备注。
config-print-confirm = 对整章、整节标记前的确认。
config-print-help = 帮助。
config-print-views =
    常用视图：{ $command }，或浏览时按 v。每个视图可设 { $unit }（单位名称、简称，
    或拼音如 sfj）、{ $lead_only }、{ $marked }（{ $marks }）、{ $search } 和 { $goto }（措施编号）。
    例如：

## 按键的作用（帮助页，以及 planview config 的注释）；.hint：状态栏和弹窗里的简短提示

action-down = 下移 / 向下滚动
action-up = 上移 / 向上滚动
action-page-down = 下一页
action-page-up = 上一页
action-top = 第一行 / 顶部
action-bottom = 最后一行 / 底部
action-open = 展开 / 查看这条措施
action-close = 收起 / 回到上一级
action-switch-pane = 在目录和正文之间切换
    .hint = 切换
action-search = 边输边搜
    .hint = 搜索
action-next-hit = 下一处命中
action-prev-hit = 上一处命中
action-clear-search = 清除搜索
action-pick-unit = 按单位筛选
    .hint = 单位
action-clear-unit = 取消单位筛选
action-mark-read = 标为已读 / 未读
    .hint = 已读
action-mark-flagged = 关注 / 取消关注
    .hint = 关注
action-mark-done = 标为已办结 / 取消办结
    .hint = 办结
action-due = 到期任务（按截止日期排列，逾期的在前）
    .hint = 到期
action-due-window = 范围：已逾期 → 7 天内 → 30 天内 → 90 天内 → 全部
    .hint = 范围
action-due-open = 跳到这条措施
    .hint = 跳转
action-next-due = 下一条
action-prev-due = 上一条
action-mark-filter = 显示全部 → 未读 → 关注
action-edit-note = 编辑这条措施的备注
action-jump = 按编号跳转到措施
    .hint = 跳转
action-back = 后退（跳转之后）
action-forward = 前进
action-overview = 单位任务统计
    .hint = 统计
action-views = 常用视图（在配置文件中设置）
action-help = 本帮助
    .hint = 帮助
action-quit = 退出
    .hint = 退出
action-accept = 确定
    .hint = 确定
action-cancel = 取消
    .hint = 取消
action-toggle-role = 牵头和配合 / 仅牵头
    .hint = 牵头
action-next-unit = 下一个单位
action-prev-unit = 上一个单位
action-save-note = 保存备注并关闭
    .hint = 保存
action-filter-unit = 按这个单位筛选
    .hint = 筛选
action-close-popup = 关闭
    .hint = 关闭
action-scroll-down = 向下滚动
action-scroll-up = 向上滚动
action-next-view = 下一个视图
action-prev-view = 上一个视图
action-apply-view = 使用这个视图
    .hint = 使用
action-yes = 是
    .hint = 是
action-no = 否
    .hint = 否
action-undo = 撤销上一次对整章、整节的标记
action-tree-narrower = 目录栏变窄（会记住）
action-tree-wider = 目录栏变宽（会记住）
action-discard = 放弃修改（先询问）
    .hint = 放弃
action-sort = 排序：任务总数 → 牵头数 → 名称拼音
    .hint = 排序
config-unknown-field = 这里没有 { $name } 这个设置项（可用的有：{ $expected }）
config-duplicate-key = { $name } 写了两次
config-duplicate = 有设置项写了两次

# 读取文件时的画面
loading-finding = 正在查找文件…
loading-plans = 正在读取文件 { $done }/{ $total }
loading-quit = { $key } 退出
