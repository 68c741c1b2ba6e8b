# Errors: files, plans, marks, the config file.

## 读不成文件的：“<文件>：<问题>”，一行。
error-file = { $name }：{ $problem }
error-not-found = 没有这个文件
error-permission = 没有读取权限
error-directory = 是文件夹，不是文件
error-not-regular = 不是普通文件（是管道、套接字或设备），没有读取
error-too-large = 文件太大（一份文件最多 { $max } MiB）
error-too-large-size = 文件太大（{ $size } MiB，一份文件最多 { $max } MiB）
error-cannot-read = 读不了：{ $reason }
error-empty = 空文件
error-binary = 二进制文件，不是 planview 能读的格式（文本、.docx、.doc、.pdf、.html）
error-not-a-plan = 不是政策文件：没找到带编号的标题或措施
error-empty-folder = 文件夹里没有文件
error-too-many-files = 文件超过 { $max } 个，请打开小一点的文件夹
error-rest-of-folder = { $reason }；文件夹里其余的文件照常读取
error-replaced = 有 { $n } 处不合 { $encoding } 编码的字节，已换成 U+FFFD（第一处在第 { $offset } 字节）

## 系统报的错，译成中文。
error-io-not-found = 没有这个文件或文件夹
error-io-permission = 没有权限
error-io-directory = 是文件夹
error-io-read-only = 文件系统只读
error-io-full = 磁盘已满

## Word、PDF、网页。
error-damaged = { $format } 文件已损坏（{ $detail }）
error-format-internal = 读不了这个 { $format } 文件（程序内部出错，请报告）
error-not-office = 不是办公文档，也不是网页
error-odt = 是 .odt 文件，不是 .docx；请另存为 .docx
error-zip-without-word = 是 zip 压缩包，里面没有 Word 文档
error-zip-bomb = { $part } 解压后超过 { $max } MiB，拒绝读取（可能是压缩炸弹）
error-zip-bomb-declared = { $part } 标明解压后有 { $size } MiB，没有读取（可能是压缩炸弹）
error-word6 = 是 Word 6 或 Word 95 文档，不支持；请另存为 .docx 或 Word 97–2003 格式
error-not-word97 = 不是 Word 97–2003 文档（文件头标识是 { $ident }，应为 0xa5ec）
error-not-word = 不是 Word 文档（复合文件里没有正文流）
error-doc-encrypted = .doc 文件设了密码；请去掉密码另存一份
error-doc-too-long = 文字超过三千二百万字，不像是政策文件
error-table-too-long = 表格文字超过 64 MiB，不像是政策文件
error-text-too-long = 文字超过 { $max } MiB，不像是政策文件
error-pdf-encrypted = PDF 文件设了密码，要输入密码才能打开
error-pdf-pages = 超过 { $max } 页，不像是政策文件
error-pdf-no-pages = 没有页面
error-pdf-reader-failed = 读取时出错
error-pdf-scanned = 没有文字层（是扫描件吧？）；请先做文字识别
error-pdf-no-unicode = 这个 PDF 的字体没有 Unicode 对照表，文字读不出来；请先做文字识别
error-pdf-no-text = PDF 里没有文字
error-pdf-too-much-content = 页面内容超过 512 MiB，不像是政策文件
error-pdf-too-many-operations = 绘图指令太多，不像是政策文件
error-pdf-too-many-characters = 文字超过两千万字，不像是政策文件
error-html-no-chinese = 网页里没有中文

## 标记文件。
error-marks-moved-aside = 标记文件已损坏（{ $reason }），已挪到 { $to }，标记从头开始
error-marks-newer = 标记文件是第 { $version } 版，比这个 planview 新；标记只能看，不能改
error-marks-unknown-version = 标记文件的版本号是 { $version }，planview 不写这种版本；标记只能看，不能改
error-marks-unreadable = 标记文件读不了（{ $reason }）；标记只能看，不能改
error-marks-notes-joined = { $plan } · { $measure } 的备注同时在别处改过：两份都保留，别处的在前
error-marks-locked = 标记被另一个 planview 占用（{ $lock }）
error-marks-held = { $lock } 被占用
error-marks-cannot-move-aside = { $reason }；挪不开：{ $error }
error-marks-too-many-damaged = 损坏的标记文件太多
error-marks-opened-for-reading = 只读打开
error-marks-create-folder = 建不了 { $path } 所在的文件夹：{ $reason }
error-marks-lock = 锁不住 { $path }：{ $reason }
error-marks-move-aside = 挪不开损坏的 { $path }：{ $reason }
error-marks-write = 写不进 { $path }：{ $reason }
error-marks-damaged = { $path }：标记文件已损坏（{ $reason }）
error-marks-refused = { $path }：{ $notice }
error-marks-json-cut = JSON 不完整，在第 { $line } 行第 { $column } 列断了
error-marks-json-shape = 第 { $line } 行第 { $column } 列的字段类型不对
error-marks-json-syntax = 第 { $line } 行第 { $column } 列不是合法的 JSON
error-marks-no-version = 没有版本号
error-marks-not-object = 不是标记文件（不是 JSON 对象）
error-marks-not-regular = 不是普通文件
error-marks-too-large = 超过 { $max } MiB

## 命令行里要的东西找不到。
error-export-unit-unknown = 没有叫 { $name } 的单位；用 planview units 可以列出所有单位
error-export-unit-ambiguous = { $name } 对得上好几个单位：{ $candidates }
error-open-no-views = 没有常用视图 { $name }：配置文件里没有 [views.NAME]
error-open-no-such-view = 没有常用视图 { $name }（配置文件里有：{ $known }）
error-open-view = 常用视图 { $name }：{ $problem }
error-open-unit = --unit：{ $problem }
error-open-goto = --goto：{ $problem }

## 文件的警告（planview check、浏览界面的日志）。
warn-numbering-starts = 编号从 { $n } 开始
warn-numbering-restarts = 在 { $under } 下编号又从 1 开始：按 { $path } 读
warn-text-after-units = 措施 { $label } 的责任单位后面还有文字，已并入正文
warn-gap-one = 缺第 { $expected } 条
warn-gap-many = 缺第 { $expected }–{ $last } 条
warn-gap = 编号不连续：{ $missing }（下一条是第 { $found } 条）
error-export-no-format = export：请用 --format json|md|csv|xlsx|docx 指定格式，或用 -o 给出以 .json、.md、.csv、.xlsx、.docx 结尾的文件名
error-export-several-formats = export：只有配合 --by-unit 才能一次写几种格式
error-export-exists = { $path } 已经存在{ $more ->
        [0] {""}
       *[other] （另有 { $more } 个要写的文件也已存在）
    }；一个文件也没写。加 --force 才会覆盖
error-due-today = --today { $value }：日期要写成 YYYY-MM-DD，例如 2025-06-30
error-export-appeared = { $path }：写的时候出现了同名文件，没有覆盖它（此前写好的文件都在）
error-export-folder = { $path }：文件夹建不起来（{ $reason }）
error-export-nothing = export：没有哪个单位有符合条件的措施，什么也没写
error-export-write = { $path }：导出文件写不进去（{ $reason }）；原有文件没有改动

## Excel 导出（planview export --format xlsx）。
error-export-xlsx = Excel 工作簿写不出来：{ $problem }
error-export-docx = Word 文档写不出来：{ $problem }
error-export-binary-to-terminal = export：Excel 工作簿和 Word 文档不能直接显示在终端里；请用 -o 文件名.xlsx 或 -o 文件名.docx 写到文件（或交给管道）
