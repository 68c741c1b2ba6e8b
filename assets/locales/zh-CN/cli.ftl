# The commands: --help of every command and what they print.

## --help（见 en-US/cli.ftl 的说明）。

cli-planview = 在终端里全屏浏览政府政策文件（{ $kind1 }、{ $kind2 }、{ $kind3 }）：按章节看措施和责任单位
    .files = 要浏览的文件，或放文件的文件夹；不写：用 planview 自带的文件
    .no-mouse = 鼠标留给终端（planview 里不能点击，也不能用滚轮翻页）
cli-args =
    .cache-dir = 缓存文件夹：存放解析好的文件，下次打开更快 [默认：$XDG_CACHE_HOME/planview]
    .no-cache = 不用缓存：每个文件都重新解析，也不写缓存
    .files = 文件，或放文件的文件夹；不写：用自带的文件
    .path = 标记文件 [默认：$XDG_STATE_HOME/planview/marks.json]
    .config-path = 配置文件 [默认：$XDG_CONFIG_HOME/planview/config.toml]
    .lang = 界面语言，zh 或 en [默认：看配置文件，没设就看 LC_ALL、LC_MESSAGES、LANG；C、POSIX 或没设：zh]
    .view = 打开时用配置文件里的常用视图（[views.NAME]）
    .unit = 打开时按单位筛选（全称、简称、名称的一部分，或拼音：sfj）
    .lead-only = 配合 --unit：只看该单位牵头的措施
    .today = 从这一天算到期任务的剩余天数，不用今天（写成 YYYY-MM-DD）
    .goto = 打开时跳到某条措施，写编号或序号（12、{ $number }）
    .help = 显示帮助
    .version = 显示版本号
cli-render = 不开界面，把按键依次按一遍，再把最后的屏幕以文字打印出来
    .width = 屏幕宽度（列数）
    .height = 屏幕高度（行数）
    .keys = 要按的键：普通字符（汉字也行），特殊键写在尖括号里：{ $keys }；C- 是 Ctrl，A- 是 Alt：<C-o>、<A-Left>
cli-check = 逐个文件报告读出了什么；有不是政策文件的，退出码为 1
cli-search = 列出搜索命中的措施（查标题、正文、责任单位；拉丁字母按拼音查）。有命中退出码为 0，没有为 1，出错为 2
    .query = 要查的词，几个词都要命中，例如 { $query1 }、"{ $query2 }"、xfxs
    .json = 以 JSON 输出：{ $json-hits }（加 --count 时：{ $json-count }）
    .count = 只列出每个文件命中几条措施
cli-units = 列出每个责任单位：参与几条措施，牵头几条
    .json = 以 JSON 输出：{ $json-units }
cli-export = 把文件（或一个单位的任务清单，或每个单位各一份任务清单）导出为 JSON、Markdown、CSV、Excel 工作簿或 Word 文档
    .format = 导出格式（不写就按 -o 文件的扩展名）；配合 --by-unit 可以写几种，用逗号隔开，例如 xlsx,docx
    .by-unit = 在这个文件夹里给每个责任单位各写一份任务清单（文件名就是单位名称，议事机构等统称放在子文件夹里），另加一份索引
    .force = 配合 --by-unit：文件已存在时覆盖（不加就一个文件也不写）
    .lead-only = 配合 --unit 或 --by-unit：只导出该单位牵头的措施
    .unit = 只导出这个单位的措施（写原文名称、简称，或名称的一部分）
    .marked = 只导出带这种标记的措施（标记来自标记文件，见 --state）
    .no-marks = 不带已读、关注、办结、备注和剩余天数这几列
    .today = 从这一天算剩余天数，不用今天（写成 YYYY-MM-DD）
    .output = 写到文件里（整个写好才替换，导出失败不会留下半个文件）；没写 --format 时按扩展名（.json、.md、.csv、.xlsx、.docx）定格式
    .no-bom = CSV 开头不加字节顺序标记（Windows 上的 Excel 靠它才认得 UTF-8；有些工具不认它）
cli-due = 列出到期任务：有截止日期、尚未标为已办结的措施，按日期排列，逾期的在前；有到期任务退出码为 0，没有为 1，出错为 2
    .unit = 只看这个单位的措施（写原文名称、简称、名称的一部分或拼音）
    .within = 只看已逾期和 DAYS 天内到期的（不含没有具体日期的）
    .today = 从这一天算剩余天数，不用今天（写成 YYYY-MM-DD）
    .json = 以 JSON 输出：{ $json-due }
cli-marks = 查看标记文件，或把同事的标记文件合并进来
cli-marks-show = 按文件列出每条有标记的措施（已读、关注、备注）
    .json = 以 JSON 输出标记文件（即 marks merge 能合并的格式）
cli-marks-merge = 把另一个标记文件（同事的）合并到你的标记文件里：同一条措施以后改的为准；两份备注不同的都保留，对方的在前。合并后列出改了什么
    .file = 要合并进来的标记文件
    .dry-run = 只列出会改什么，不写入
cli-config = 以配置文件的形式打印当前生效的配置（默认配置加上你的配置文件），可以照着改；你的配置文件有问题时退出码为 1（问题列在标准错误上）
cli-help = 显示这段帮助，或某个命令的帮助
    .subcommand = 要看帮助的命令

## clap 自己的字：标题，参数说明后面方括号里的说明。
cli-heading-usage = 用法：
cli-heading-arguments = 参数
cli-heading-options = 选项
cli-heading-commands = 命令
cli-note-default = [默认：{ $value }]
cli-note-env = [环境变量：{ $name }]
cli-note-values = [可选：{ $values }]

## clap 的用法错误：第一行、提示、最后一行。
cli-error = 错误：{ $message }
cli-error-unknown-argument = 没有 '{ $arg }' 这个参数
cli-error-unknown-command = 没有 '{ $name }' 这个命令
cli-error-invalid-value = '{ $arg }' 不能取 '{ $value }'
cli-error-possible-values = [可选：{ $values }]
cli-error-missing-value = '{ $arg }' 后面要写一个值
cli-error-missing-argument = 缺少必填的参数：{ $args }
cli-error-missing-command = '{ $name }' 后面要写一个命令
cli-error-bad-value = '{ $arg }' 不能取 '{ $value }'：{ $reason }
cli-error-conflict = '{ $arg }' 不能和 '{ $other }' 一起用
cli-error-too-many = '{ $arg }' 多了一个值 '{ $value }'
cli-error-twice = '{ $arg }' 只能写一次
cli-error-no-equals = '{ $arg }' 的值要用等号写：{ $arg }=…
cli-error-range = 只能是 { $low } 到 { $high }
cli-error-tip-argument = 提示：是不是要写 '{ $suggestion }'
cli-error-tip-command = 提示：是不是要用 '{ $suggestion }' 命令
cli-error-usage = 用法：
cli-error-more = 详细说明请看 '--help'。
cli-lang-bad = { $value }：只能是 zh 或 en

## 各命令打印给人看的文字（JSON、CSV、Markdown 不翻译）。
cli-no-plans = 没有找到文件
cli-reading-plans = 正在读取文件 { $done }/{ $total }
cli-not-a-terminal = 不是终端；请用 planview render 或其他命令（见 --help）
cli-defaults-used = { $problem }（已改用默认配置）
cli-bad-keys = --keys 里{ $problem }
cli-no-marks-folder = 找不到存放标记的文件夹，标记不会保存（可用 --state PATH 指定标记文件）
cli-not-plans = 有 { $n } 个文件不是政策文件（退出时列出）
cli-helper-panic = 后台线程出了内部错误（planview 没用它接着运行）：{ $message }
cli-internal-error = 内部错误（见上）；终端已恢复，标记已保存
cli-terminal-error = 终端出错：{ $error }
cli-empty-query = 搜索词是空的
cli-search-total = { $plans } 个文件中共命中 { $n } 条措施
cli-due-total = 共 { $n } 条，其中逾期 { $overdue } 条
cli-export-by-unit-done = 已在 { $dir } 写好 { $units } 个单位的任务清单（部门 { $offices } 个，议事机构及其他 { $groups } 个），共 { $files } 个文件；索引：{ $index }
cli-config-on-top = （在默认配置上加了 { $path }）
cli-config-not-used = （没有用 { $path }）
cli-config-none = （没有配置文件）

## planview check：左边是项目，右边是读出的内容。
check-plan = { $name }：文件 { $id }
check-title = 标题
check-metadata = 基本信息
check-issuer = 发文机关 { $value }
check-adopted = 审议通过 { $value }
check-issued = 印发 { $value }
check-structure = 结构
check-structure-value = { $chapters } 章 · { $sections } 节 · { $measures } 条措施（{ $first }–{ $last }） · { $source }
check-encoding = 编码 { $encoding }
check-format = 格式 { $format }
check-format-encoding = 格式 { $format }（{ $encoding }）
check-measures = 措施
check-measures-value = 有编号 { $numbered } 条 · 无编号 { $unnumbered } 条 · 来自表格 { $table } 条
check-units = 单位
check-units-value = 部门 { $offices } 个 · 议事机构 { $groups } 个
check-with = 标注了
check-with-value = 责任单位 { $units } 条 · 牵头单位 { $lead } 条 · 完成时限 { $deadline } 条
check-no-units = 无责任单位
check-no-lead = 无牵头单位
check-warnings = 警告
check-none = 无
check-line = 第 { $line } 行：{ $message }
check-more = …… 还有 { $n } 条

## planview units：表头。
units-total = 参与
units-lead = 牵头
units-measures = 措施（* 为牵头）
units-unit = 单位

## planview marks。
marks-no-folder = 找不到存放标记的文件夹；请用 --state PATH 指定标记文件
marks-read = 已读
marks-flagged = 关注
marks-done = 已办结
marks-note = 备注
marks-none = { $path } 里没有标记
marks-same-file = { $path } 就是标记文件本身，不用合并
marks-not-written = { $path } 没有写入：{ $reason }
marks-change-read = 已读
marks-change-unread = 未读
marks-change-flagged = 关注
marks-change-unflagged = 取消关注
marks-change-done = 已办结
marks-change-undone = 取消办结
marks-change-note = 收下备注
marks-change-notes-joined = 两份备注都保留
marks-change-separator = 、
marks-nothing = 没有要合并的：{ $path } 已经有 { $other } 里的全部标记
marks-changed = { $path } 里改了 { $n } 条措施
marks-would-change = { $path } 里会改 { $n } 条措施
marks-not-saved = 合并没有保存：{ $error }；{ $path } 没有改动。合并后的标记：
