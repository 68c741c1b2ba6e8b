//! Chinese numerals as plans number their chapters and sections (一 … 九十九, 一百零五), and
//! the characters that make up Chinese text.

/// Formats 1…999 as Chinese numerals (一, 十, 十一, 二十七, 一百零五); larger numbers in
/// digits.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[(n - 10) as usize] }),
        20..=99 => {
            let ones = n % 10;
            format!("{}十{}", DIGITS[(n / 10) as usize], if ones == 0 { "" } else { DIGITS[ones as usize] })
        }
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                // 一百一十 rather than 一百十.
                10..=19 => format!("一{}", chinese_numeral(rest)),
                _ => chinese_numeral(rest),
            };
            format!("{}百{tail}", DIGITS[(n / 100) as usize])
        }
        _ => n.to_string(),
    }
}

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses Chinese numerals 一…九百九十九 (also 〇/零 and 两); `None` if not a numeral.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    // At most seven characters (九百九十九), read into an array: no allocation.
    let mut buffer = ['\0'; 7];
    let mut len = 0;
    for c in s.chars() {
        if len == 7 {
            return None;
        }
        buffer[len] = c;
        len += 1;
    }
    let chars = &buffer[..len];
    if let Some(at) = chars.iter().position(|&c| c == '百') {
        let hundreds = match &chars[..at] {
            [d] => digit(*d).filter(|&d| d > 0)?,
            _ => return None,
        };
        let rest = match &chars[at + 1..] {
            [] => 0,
            ['零', d] => digit(*d).filter(|&d| d > 0)?,
            ['一', '十', tail @ ..] => 10 + below_ten(tail)?,
            tail => below_hundred(tail).filter(|&r| r >= 20)?,
        };
        return Some(hundreds * 100 + rest);
    }
    below_hundred(chars)
}

fn below_ten(tail: &[char]) -> Option<u32> {
    match tail {
        [] => Some(0),
        [d] => digit(*d).filter(|&d| d > 0),
        _ => None,
    }
}

fn below_hundred(chars: &[char]) -> Option<u32> {
    match chars {
        [] => None,
        ['十'] => Some(10),
        [d] => digit(*d).filter(|&d| d > 0),
        ['十', d] => digit(*d).filter(|&d| d > 0).map(|d| 10 + d),
        [t, '十'] => digit(*t).filter(|&t| t > 1).map(|t| t * 10),
        [t, '十', d] => Some(digit(*t).filter(|&t| t > 1)? * 10 + digit(*d).filter(|&d| d > 0)?),
        _ => None,
    }
}

/// Whether a character is a Chinese character (CJK unified ideographs and extensions).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// The ASCII form of a full-width character (`Ａ`→`A`, `１`→`1`, `：`→`:`), as input methods
/// type them; any other character as it is.
pub fn to_halfwidth(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        c => c,
    }
}

/// Whether a character is Chinese text for spacing purposes: a Chinese character or
/// full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// A count with thousands separated: 3200 → 3,200.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_round_trip() {
        for n in 1..=999 {
            assert_eq!(parse_chinese_numeral(&chinese_numeral(n)), Some(n), "{n} {}", chinese_numeral(n));
        }
        assert_eq!(chinese_numeral(27), "二十七");
        assert_eq!(chinese_numeral(105), "一百零五");
        assert_eq!(chinese_numeral(110), "一百一十");
        assert_eq!(chinese_numeral(153), "一百五十三");
        assert_eq!(parse_chinese_numeral("五十三"), Some(53));
        assert_eq!(parse_chinese_numeral("一十"), None);
        assert_eq!(parse_chinese_numeral("宪"), None);
        assert_eq!(parse_chinese_numeral(""), None);
        assert_eq!(parse_chinese_numeral("百"), None);
    }
}
