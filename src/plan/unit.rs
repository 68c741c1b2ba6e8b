//! What a responsible unit is, and what it is called: the unit types of the model (a unit
//! and its role in a measure), the names that denote a group of units rather than one
//! office, and the alias table that gives each unit one canonical name. The parsing of
//! annotations into units lives in `units.rs`, above this.

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// What part a unit plays in a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 牵头: leads the task.
    Lead,
    /// 配合: supports the lead.
    Partner,
    /// 负责: responsible, with no lead or partner relation stated (按职责分工负责).
    Responsible,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Partner => "配合",
            Role::Responsible => "负责",
        }
    }
}

/// Whether a unit name is a concrete office or a generic group of units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A named office such as 县司法局.
    Office,
    /// A generic group such as 相关单位, 县综治委成员单位 or 各区、县级市.
    Group,
}

/// A unit as a document spells it. Shared (interned): a plan names the same few dozen units
/// hundreds of times, a library of plans the same ones thousands of times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// The canonical name after the alias table (县法院 → 县人民法院).
    pub name: Arc<str>,
    /// The name as written in the document.
    pub raw: Arc<str>,
    pub kind: UnitKind,
}

/// A unit named in a measure's annotation: the unit, and its role in the measure.
/// Dereferences to the [`Unit`], so `unit_ref.name` reads as it should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    pub unit: Arc<Unit>,
    pub role: Role,
}

impl UnitRef {
    /// Whether this unit leads the measure (牵头单位).
    pub fn is_lead(&self) -> bool {
        self.role == Role::Lead
    }
}

impl std::ops::Deref for UnitRef {
    type Target = Unit;

    fn deref(&self) -> &Unit {
        &self.unit
    }
}

/// Whether a unit name denotes a generic group rather than one office: 各区政府, 相关单位,
/// 有关部门, 县综治委成员单位, 各省级人民政府, 相关街镇, 试点城市政府.
pub fn is_group_name(name: &str) -> bool {
    name.starts_with('各')
        || name.starts_with("相关")
        || name.starts_with("有关")
        || name.starts_with("其他")
        || name.starts_with("所在")
        || name.contains("相关单位")
        || name.contains("相关部门")
        || name.contains("成员单位")
        || name.contains("有关单位")
        || name.contains("有关部门")
        || name.contains("各有关")
        || name.contains("试点城市")
        || name.contains('各')
        || ["乡镇", "街镇", "镇街", "县区", "区县", "县市区", "市县", "市州", "县市"]
            .iter()
            .any(|g| name.starts_with(g))
        || name.ends_with("等部门")
        || name.ends_with("等单位")
}

/// The canonical name of a unit under the alias table, borrowed.
pub(crate) fn canonical_ref(name: &str) -> &str {
    aliases().get(name).map_or(name, String::as_str)
}

/// The canonical name of a unit under the alias table.
pub fn canonical(name: &str) -> String {
    aliases().get(name).cloned().unwrap_or_else(|| name.to_string())
}

/// The alias table: each spelling and the canonical name it stands for.
pub(crate) fn alias_table() -> &'static HashMap<String, String> {
    aliases()
}

fn aliases() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| parse_alias_table(include_str!("../../assets/unit_aliases.tsv")))
}

/// Parses the alias table: `canonical<TAB>alias<TAB>alias…` per line, `#` comments.
pub fn parse_alias_table(text: &str) -> HashMap<String, String> {
    let mut map = HashMap::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut names = line.split('\t').map(str::trim).filter(|n| !n.is_empty());
        if let Some(canonical) = names.next() {
            for alias in names {
                map.insert(alias.to_string(), canonical.to_string());
            }
        }
    }
    map
}
