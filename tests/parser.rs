//! The parser on the real seed plan, its re-encodings, and small fixtures of each format the
//! family uses.

mod common;

use planview::library::{Library, UnitIndex};
use planview::plan::{LoadedPlan, Plan, UnitKind, load_bytes, load_path};

fn seed() -> Plan {
    load_bytes(&common::seed_bytes(), "seed").expect("seed parses").plan
}

/// The facts the issue fixes for the seed, checked on any encoding of it.
fn assert_seed_structure(plan: &Plan) {
    assert_eq!(plan.chapters.len(), 7);
    assert_eq!(plan.section_count(), 27);
    let numbers: Vec<u32> = plan.measures.iter().map(|m| m.number.unwrap()).collect();
    assert_eq!(numbers, (1..=77).collect::<Vec<_>>());
    let ids: Vec<&str> = plan.measures.iter().map(|m| &*m.id).collect();
    assert_eq!(ids, (1..=77).map(|n| n.to_string()).collect::<Vec<_>>(), "ids stay the numbers: marks keep working");
    for m in &plan.measures {
        assert_eq!(m.leads().count(), 1, "measure {} has exactly one lead", m.id);
        assert!(!m.units().is_empty(), "measure {} has units", m.id);
        assert!(!m.body().contains("责任单位"), "measure {} body keeps its annotation", m.id);
    }
    let first = &plan.measures[0];
    assert_eq!(first.title(), "加强宪法实施");
    assert_eq!(first.units().len(), 12);
    assert_eq!(&*first.leads().next().unwrap().name, "县人大常委会办公室");
    assert!(first.units().iter().all(|u| !u.name.contains("排名第一")));
    assert_eq!(plan.id, "株县发〔2015〕1号");
    let library = Library::from_plans(
        vec![LoadedPlan { plan: plan.clone(), source: planview::plan::load_embedded().source }],
        Vec::new(),
    );
    let units = UnitIndex::build(&library);
    let sfj = units.get("县司法局").unwrap();
    assert_eq!((sfj.total, sfj.lead), (40, 8));
    let court = units.get("县人民法院").unwrap();
    assert_eq!((court.total, court.lead), (32, 2));
    assert!(court.spellings.contains("县法院"));
    assert!(units.get("县法院").is_none());
}

#[test]
fn seed_counts_and_units() {
    assert_seed_structure(&seed());
}

#[test]
fn seed_metadata_and_text() {
    let plan = seed();
    assert_eq!(&*plan.meta.title, "关于全面推进法治渌湘建设的实施意见");
    assert_eq!(plan.meta.doc_number.as_deref(), Some("株县发〔2015〕1号"));
    assert_eq!(plan.meta.issuer.as_deref(), Some("中共株洲县委"));
    assert_eq!(plan.meta.adopted.as_deref(), Some("2015-01-26"));
    assert_eq!(plan.meta.issued.as_deref(), Some("2015-03-02"));
    assert!(plan.preamble[0].starts_with("为贯彻落实"));
    assert_eq!(plan.closing, ["中共株洲县委", "2015年3月2日"]);
    // Chapter 一 has three sections with their own text and no measures.
    let first = &plan.chapters[0];
    let titles: Vec<&str> = first.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["指导思想", "基本原则", "目标任务"]);
    assert!(first.sections.iter().all(|s| s.measures.is_empty() && !s.text.is_empty()));
    assert!(first.sections[0].text[0].starts_with("以马克思列宁主义"));
    // Measure 55 is led by 县综治办 with a group of member units.
    let m55 = plan.measure("55").unwrap();
    assert_eq!(&*m55.units()[0].name, "县综治办");
    assert!(m55.units()[0].is_lead());
    assert_eq!(m55.units()[1].kind, UnitKind::Group);
    // `X等相关单位`: X plus the group, raw spelling kept.
    let m67 = plan.measure("67").unwrap();
    let names: Vec<&str> = m67.units().iter().map(|u| &*u.name).collect();
    assert_eq!(names, ["县司法局", "相关单位"]);
    assert_eq!(&*m67.units()[1].raw, "县司法局等相关单位");
    // Aliases merge but keep the raw spelling.
    let m25 = plan.measure("25").unwrap();
    let ndrc = m25.units().iter().find(|u| &*u.raw == "县发改委").unwrap();
    assert_eq!(&*ndrc.name, "县发改局");
    // Chapter/section path of a measure.
    let (chapter, section) = plan.path_of(plan.measure("12").unwrap());
    assert_eq!(chapter, "三、坚持依法行政,推进法治政府建设");
    assert_eq!(section.as_deref(), Some("(三)深化行政执法体制改革"));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn seed_as_gb18030() {
    let text = common::seed_text();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let loaded = load_bytes(&bytes, "seed-gb18030").unwrap();
    assert_ne!(loaded.source.encoding, "UTF-8");
    assert_seed_structure(&loaded.plan);
    assert_eq!(loaded.plan, seed());
}

#[test]
fn seed_as_gbk() {
    let text = common::seed_text();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert_eq!(load_bytes(&bytes, "seed-gbk").unwrap().plan, seed());
}

#[test]
fn seed_with_bom_and_crlf() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(common::seed_text().replace('\n', "\r\n").as_bytes());
    let plan = load_bytes(&bytes, "seed-bom-crlf").unwrap().plan;
    assert_seed_structure(&plan);
    assert_eq!(plan, seed());
}

#[test]
fn seed_as_utf16_with_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(common::seed_text().encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(load_bytes(&bytes, "seed-utf16").unwrap().plan, seed());
}

#[test]
fn seed_with_fullwidth_punctuation_and_indents() {
    let text = common::seed_fullwidth();
    assert!(text.contains("（责任单位：县人大常委会办公室"));
    assert!(text.contains("　　12、加强行政执法管理"));
    let plan = load_bytes(text.as_bytes(), "seed-fullwidth").unwrap().plan;
    assert_seed_structure(&plan);
    assert_eq!(plan.measure("1").unwrap().title(), "加强宪法实施");
    // Also in GB18030 with CRLF.
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&crlf);
    assert_seed_structure(&load_bytes(&bytes, "seed-fullwidth-gb").unwrap().plan);
}

#[test]
fn explicit_lead_and_partner_fields() {
    let plan = load_path(&common::fixture("explicit_leads.txt")).unwrap().plan;
    assert_eq!(plan.id, "长政办发〔2017〕8号");
    assert_eq!(&*plan.meta.title, "关于推进法治政府建设的实施方案");
    assert_eq!(plan.meta.issued.as_deref(), Some("2017-03-15"));
    assert_eq!(plan.measures.len(), 6);
    let units = |n: u32| -> Vec<(String, bool, UnitKind)> {
        plan.measure(&n.to_string())
            .unwrap()
            .units()
            .iter()
            .map(|u| (u.name.to_string(), u.is_lead(), u.kind))
            .collect()
    };
    // （牵头单位：A、B，配合单位：C、D，各区、县级市）: two leads, a group kept whole.
    assert_eq!(
        units(1),
        [
            ("市发改委".into(), true, UnitKind::Office),
            ("市编办".into(), true, UnitKind::Office),
            ("市政务服务中心".into(), false, UnitKind::Office),
            ("市财政局".into(), false, UnitKind::Office),
            ("各区、县级市".into(), false, UnitKind::Group),
        ]
    );
    // 牵头单位 with no 配合单位.
    assert_eq!(units(2), [("市编办".into(), true, UnitKind::Office)]);
    // 〔牵头单位:…,责任单位:…〕: the lead also listed as responsible stays one lead.
    assert_eq!(
        units(3),
        [("市法制办".into(), true, UnitKind::Office), ("市人大法制委".into(), false, UnitKind::Office)]
    );
    // An annotation on its own line; `…等部门` is a group.
    assert_eq!(
        units(4),
        [
            ("市法制办".into(), true, UnitKind::Office),
            ("市司法局".into(), false, UnitKind::Office),
            ("相关部门".into(), false, UnitKind::Group),
        ]
    );
    assert_eq!(plan.measure("4").unwrap().body(), "");
    // No annotation at all: not an error.
    assert!(units(5).is_empty());
    // Numbers inside text are not measures.
    assert!(plan.measure("1").unwrap().body().contains("5.6万张"));
    // Indented section text is found.
    assert_eq!(plan.chapters[0].sections[0].text, ["全面贯彻落实党的十九大精神。"]);
    assert_eq!(plan.closing, ["长沙市人民政府办公厅", "2017年3月15日"]);
}

#[test]
fn numbering_uses_the_expected_number() {
    let plan = load_path(&common::fixture("numbering.txt")).unwrap().plan;
    let numbers: Vec<u32> = plan.measures.iter().map(|m| m.number.unwrap()).collect();
    assert_eq!(numbers, [10, 11, 12, 14, 15]);
    assert_eq!(plan.measure("11").unwrap().title(), "121人才梯队项目");
    assert!(plan.measure("11").unwrap().body().contains("5.6万元资金"));
    assert_eq!(plan.measure("12").unwrap().title(), "院士专家工作站建设");
    assert_eq!(plan.measure("15").unwrap().title(), "创新评价机制");
    let warnings: Vec<(usize, &str)> = plan.warnings.iter().map(|w| (w.line, w.message.as_str())).collect();
    assert!(warnings.contains(&(15, "gap in numbering: measure 13 is missing (found 14)")), "{warnings:?}");
}

#[test]
fn plans_without_chapters() {
    let plan = load_path(&common::fixture("no_chapters.txt")).unwrap().plan;
    assert_eq!(plan.chapters.len(), 1);
    assert_eq!(plan.chapters[0].number, 0);
    assert_eq!(plan.measures.len(), 3);
    assert!(plan.measure("2").unwrap().units().is_empty());
    let m3 = plan.measure("3").unwrap();
    assert_eq!(m3.units().len(), 2);
    assert_eq!(m3.title(), "加强法治文化阵地建设");
    assert!(plan.id.starts_with("title-"));
}

#[test]
fn a_text_without_measures_is_not_a_plan() {
    let error = load_path(&common::fixture("not_a_plan.txt")).unwrap_err();
    assert!(error.to_string().contains("not_a_plan.txt: not a plan"), "{error}");
}
