# 浏览界面：窗格标题、状态栏、按键提示、输入提示、弹窗、帮助。
# 用语以 README 的术语表为准（条、责任单位、牵头、配合……）。

count-measures = { $n }条

msg-bulk-done = 已标记{ $n }条，按 { $key } 撤销
msg-bulk-undone = 已撤销：{ $n }条恢复原状
msg-nothing-to-undo = 没有可撤销的操作（只能撤销对整章、整节的标记）
msg-note-discarded = 已放弃对备注的修改
msg-tree-width = 目录栏宽度：{ $percent }%（已记住）
confirm-discard-note = 放弃对这条备注的修改？
workload-offices = 单位（{ $n }个）
workload-groups = 议事机构及其他（{ $n }个）
workload-by-total = 按任务总数
workload-by-lead = 按牵头数
workload-by-name = 按名称拼音
