//! Each rule of the family, on the smallest text that shows it (the corpus in `family.rs`
//! checks them on real plans).

use planview::plan::{ChapterKind, Plan, Role, UnitKind, load_bytes};

fn parse(text: &str) -> Plan {
    load_bytes(text.as_bytes(), "rule").unwrap_or_else(|e| panic!("{e}")).plan
}

fn ids(plan: &Plan) -> Vec<&str> {
    plan.measures.iter().map(|m| &*m.id).collect()
}

/// `role:name` of a measure's units, as in the `.expect` files.
fn units(plan: &Plan, id: &str) -> Vec<String> {
    let m = plan.measure(id).unwrap_or_else(|| panic!("no measure {id}: {:?}", ids(plan)));
    m.units()
        .iter()
        .map(|u| {
            let role = match u.role {
                Role::Lead => "牵",
                Role::Partner => "配",
                Role::Responsible => "责",
            };
            let hash = if u.kind == UnitKind::Group { "#" } else { "" };
            format!("{role}:{hash}{}", u.raw)
        })
        .collect()
}

#[test]
fn tasks_at_the_section_level_numbered_across_chapters() {
    let plan = parse(
        "关于促进就业的若干意见\n一、总体要求\n（一）指导思想。以习近平新时代中国特色社会主义思想为指导。\n\
         （二）基本原则。坚持就业优先。\n二、稳定就业\n（三）加大稳岗支持。返还失业保险费。（人力资源社会保障部、财政部负责）\n\
         （四）支持创业。降低门槛。（人力资源社会保障部负责）\n三、保障措施\n（五）加强组织领导。各地要加强领导。（各省级人民政府负责）\n",
    );
    assert_eq!(ids(&plan), ["3", "4", "5"]);
    assert_eq!(plan.measure("3").unwrap().number, Some(3));
    assert_eq!(plan.measure("3").unwrap().title(), "加大稳岗支持");
    // The preface's points are sections, not tasks.
    assert_eq!(plan.chapters[0].sections.len(), 2);
    assert_eq!(units(&plan, "5"), ["牵:#各省级人民政府"]);
}

#[test]
fn numbering_that_restarts_gets_path_ids_and_a_warning() {
    let plan = parse(
        "工作方案\n一、重点任务\n（一）优化审批\n1.精简环节。取消证明。（责任单位：县政务服务局）\n2.压缩时限。（责任单位：县发改局）\n\
         （二）强化监管\n1.推行双随机。（责任单位：县市场监管局）\n2.加强信用监管。（责任单位：县发改局）\n",
    );
    assert_eq!(ids(&plan), ["一.(一).1", "一.(一).2", "一.(二).1", "一.(二).2"]);
    assert_eq!(plan.measures[2].number, Some(1));
    let warnings: Vec<&str> = plan.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, ["numbering restarts at 1 under 一.(二): read as 一.(二).1"]);
    // No task swallowed: each keeps its own text.
    assert_eq!(plan.measure("一.(二).1").unwrap().title(), "推行双随机");
}

#[test]
fn paragraphs_with_their_own_annotations_are_tasks() {
    let plan = parse(
        "实施方案\n一、主要任务\n（一）加强组织领导\n建立联席会议制度。（县委办牵头，县政府办配合）\n\
         明确部门职责分工。（县编办负责）\n（二）强化保障。落实经费。（县财政局负责）\n",
    );
    assert_eq!(ids(&plan), ["一.(一).#1", "一.(一).#2", "一.(二)"]);
    assert_eq!(plan.measures[0].number, None);
    assert_eq!(units(&plan, "一.(一).#1"), ["牵:县委办", "配:县政府办"]);
    assert_eq!(plan.chapters[0].sections[0].title, "加强组织领导");
}

#[test]
fn items_take_the_units_of_the_heading_above_them() {
    let plan = parse(
        "实施方案\n一、主要任务\n（一）推进审批改革。（牵头单位：市发展改革委；配合单位：市财政局）\n1.精简审批事项。\n2.优化审批流程。\n\
         （二）强化监管。（牵头单位：市市场监管局）\n1.推行双随机抽查。\n",
    );
    assert_eq!(ids(&plan), ["一.(一).1", "一.(一).2", "一.(二).1"]);
    assert_eq!(units(&plan, "一.(一).2"), ["牵:市发展改革委", "配:市财政局"]);
}

#[test]
fn an_annotation_after_a_list_of_sub_items_belongs_to_the_item_above() {
    let plan = parse(
        "工作要点\n一、重点工作\n1.加强队伍建设。（责任单位：县司法局）\n2.完善制度：\n（1）建立台账；\n（2）定期通报。\n（责任单位：县政府办、县司法局）\n\
         3.强化考核。（责任单位：县考核办）\n",
    );
    assert_eq!(ids(&plan), ["1", "2", "3"]);
    assert_eq!(units(&plan, "2"), ["牵:县政府办", "配:县司法局"]);
    assert!(plan.measure("2").unwrap().body().contains("（2）定期通报。"));
}

#[test]
fn sub_items_with_units_of_their_own_are_tasks() {
    let plan = parse(
        "实施意见\n一、持续减少审批\n1.深化商事制度改革。(1)全面落实多证合一。实行一照一码。(市工商局牵头负责)(2)完善全程电子化登记。推行网上申请。(市工商局牵头负责，市数据局配合)\n",
    );
    assert_eq!(ids(&plan), ["1", "2"]);
    assert_eq!(plan.measure("2").unwrap().title(), "完善全程电子化登记");
    assert_eq!(units(&plan, "2"), ["牵:市工商局", "配:市数据局"]);
}

#[test]
fn numbered_lists_that_are_not_tasks() {
    let plan = parse(
        "关于印发工作方案的通知\n各乡镇：\n现将方案印发给你们。\n附件：1.任务分工表\n2.联络员名单\n县政府办公室\n2020年3月1日\n\
         工作方案\n一、基本原则\n1.坚持问题导向。\n2.坚持统筹推进。\n二、重点任务\n1.清理证明事项。（责任单位：县司法局）\n\
         2.推行告知承诺。（责任单位：县司法局、县政务服务局）\n三、实施步骤\n1.动员部署阶段。3月底前完成。\n2.总结验收阶段。\n",
    );
    assert_eq!(ids(&plan), ["1", "2"]);
    assert_eq!(plan.meta.title, "工作方案");
}

#[test]
fn a_plan_without_units_has_its_deepest_items_as_tasks() {
    let plan = parse(
        "县司法局2021年工作要点\n一、总体要求\n（一）指导思想。以新时代思想为指导。\n二、重点工作\n（一）深化普法\n1.开展宪法宣传周活动。\n2.推进法治文化建设。\n\
         （二）加强调解\n1.健全调解网络。\n三、保障措施\n1.加强组织领导。\n",
    );
    assert_eq!(ids(&plan), ["二.(一).1", "二.(一).2", "二.(二).1", "三.1"]);
    assert!(plan.measures.iter().all(|m| m.units().is_empty()));
}

#[test]
fn a_lead_rule_stated_once_applies_to_shared_lists_after_it() {
    let plan = parse(
        "若干措施\n一、任务\n1.加强协调。（发展改革委、财政部负责，排在第一位的部门为牵头部门，下同）\n\
         2.完善政策。（人力资源社会保障部、教育部按职责分工负责）\n",
    );
    assert_eq!(units(&plan, "2"), ["牵:人力资源社会保障部", "配:教育部"]);
    let plan = parse("若干措施\n一、任务\n1.完善政策。（人力资源社会保障部、教育部按职责分工负责）\n");
    assert_eq!(units(&plan, "1"), ["责:人力资源社会保障部", "责:教育部"]);
}

#[test]
fn deadlines_from_fields_and_text() {
    let plan = parse(
        "2019年工作方案\n一、任务\n1.编制清单。（牵头单位：县发改局；完成时限：6月底前）\n2.建成平台。2020年底前完成建设。（县数据局负责）\n\
         3.常态推进。（县政府办负责）\n完成时限：长期坚持\n",
    );
    let deadline = |id: &str| {
        let d = plan.measure(id).unwrap().deadline.clone().unwrap();
        (d.text.to_string(), d.date.map(|d| d.to_string()))
    };
    assert_eq!(deadline("1"), ("6月底前".into(), Some("2019-06-30".into())));
    assert_eq!(deadline("2"), ("2020年底前".into(), Some("2020-12-31".into())));
    assert_eq!(deadline("3"), ("长期坚持".into(), None));
    // The deadline line is not part of the body.
    assert!(!plan.measure("3").unwrap().body().contains("完成时限"));
}

/// Units in words and a deadline in the same brackets, with or without its label: the
/// deadline is no unit, and it is the measure's deadline.
#[test]
fn a_deadline_beside_units_in_words() {
    let plan = parse(
        "2024年工作方案
一、任务
1.甲。（县发改局负责；完成时限：2025年6月底前）
         2.乙。（县财政局牵头，县税务局配合，2025年底前完成）
3.丙。（县司法局负责，长期坚持）
",
    );
    assert_eq!(units(&plan, "1"), ["牵:县发改局"]);
    assert_eq!(units(&plan, "2"), ["牵:县财政局", "配:县税务局"]);
    assert_eq!(units(&plan, "3"), ["牵:县司法局"]);
    let deadline = |id: &str| {
        let d = plan.measure(id).unwrap().deadline.clone().unwrap();
        (d.text.to_string(), d.date.map(|d| d.to_string()))
    };
    assert_eq!(deadline("1"), ("2025年6月底前".into(), Some("2025-06-30".into())));
    assert_eq!(deadline("2"), ("2025年底前完成".into(), Some("2025-12-31".into())));
    assert_eq!(deadline("3"), ("长期坚持".into(), None));
}

#[test]
fn a_task_table_in_an_attachment() {
    let plan = parse(
        "关于印发重点任务分工的通知\n各部门：现将分工印发给你们。\n市政府办公室\n2022年2月1日\n附件\n重点任务分工表\n序号\n任务名称\n重点任务\n牵头单位\n配合单位\n完成时限\n\n\
         1\n优化营商环境\n推进一网通办。全面推开。\n市政务服务局\n市发展改革委、市财政局\n2022年底前\n\n\
         2\n深化证照分离。\n市市场监管局\n市司法局\n长期坚持\n\n\
         3\n扩大有效投资\n加快项目建设。\n市发展改革委\n各区县政府\n6月底前\n",
    );
    assert_eq!(ids(&plan), ["附件1.1", "附件1.2", "附件1.3"]);
    let attachment = &plan.chapters[plan.measures[0].chapter];
    assert_eq!((attachment.kind, attachment.title.as_str()), (ChapterKind::Attachment, "重点任务分工表"));
    let m2 = plan.measure("附件1.2").unwrap();
    // A merged group cell, given on its group's first row only.
    assert_eq!(m2.group.as_deref(), Some("优化营商环境"));
    assert_eq!(m2.title(), "深化证照分离");
    assert_eq!(units(&plan, "附件1.2"), ["牵:市市场监管局", "配:市司法局"]);
    assert_eq!(units(&plan, "附件1.3"), ["牵:市发展改革委", "配:#各区县政府"]);
    assert_eq!(plan.measure("附件1.3").unwrap().deadline.as_ref().unwrap().date.unwrap().to_string(), "2022-06-30");
}

#[test]
fn only_text_without_headings_or_tasks_is_not_a_plan() {
    assert!(load_bytes("关于召开会议的通知\n请各单位准时参会。\n".as_bytes(), "x").is_err());
    // Paragraphs with annotations and no headings are a plan.
    let plan = parse("工作安排\n开展宪法宣传。（责任单位：县司法局）\n组织法治讲座。（责任单位：县委党校）\n");
    assert_eq!(ids(&plan), ["#1", "#2"]);
}
