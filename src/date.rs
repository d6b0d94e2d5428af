//! Dates as documents store them: ISO 8601, possibly partial (`1951`,
//! `1951-06`, `1951-06-05`), and the English forms archives print them in.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let mut word = word.trim_end_matches('.').to_lowercase();
    if word == "sept" {
        word.truncate(3);
    }
    if word.len() < 3 {
        return None;
    }
    let position = MONTHS.iter().position(|m| m.starts_with(&word))?;
    Some(position as u32 + 1)
}

/// An English date as archives write it, as ISO 8601 (possibly partial):
/// `June 05, 1951` → `1951-06-05`, `5 June 1951` → `1951-06-05`,
/// `June 1951` → `1951-06`, `1951` → `1951`; ISO dates pass through.
pub fn parse_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let year =
        |w: &str| (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.to_owned());
    let day = |w: &str| {
        let w = w
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th");
        w.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    let date = match words.as_slice() {
        [iso] if is_iso_date(iso) => Some(iso.to_string()),
        [y] => year(y),
        [m, y] => Some(format!("{}-{:02}", year(y)?, month_number(m)?)),
        [m, d, y] if month_number(m).is_some() => Some(format!(
            "{}-{:02}-{:02}",
            year(y)?,
            month_number(m)?,
            day(d)?
        )),
        [d, m, y] => Some(format!(
            "{}-{:02}-{:02}",
            year(y)?,
            month_number(m)?,
            day(d)?
        )),
        _ => None,
    }?;
    is_iso_date(&date).then_some(date)
}

/// Whether `text` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month
/// and a day that exists in that month.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => match (number(y, 4), number(m, 2), number(d, 2)) {
            (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) => {
                let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                let days = [
                    31,
                    if leap { 29 } else { 28 },
                    31,
                    30,
                    31,
                    30,
                    31,
                    31,
                    30,
                    31,
                    30,
                    31,
                ];
                (1..=days[m as usize - 1]).contains(&d)
            }
            _ => false,
        },
        _ => false,
    }
}

/// Seconds since the epoch and an offset as RFC 3339.
pub fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    // Civil date from days (inverse of days_from_civil).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let zone = if offset_minutes == 0 {
        "Z".to_owned()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        format!(
            "{sign}{:02}:{:02}",
            offset_minutes.abs() / 60,
            offset_minutes.abs() % 60
        )
    };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{zone}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    rfc3339(seconds, 0)[..10].to_owned()
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an RFC 3339 time (`2024-05-01T10:00:00Z`, `…+03:00`) into
/// seconds since the epoch and an offset in minutes.
pub fn parse_rfc3339(text: &str) -> Option<(i64, i32)> {
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (year, month, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (clock, zone) = rest.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (h, m) = zone[1..].split_once(':')?;
        (
            clock,
            sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?),
        )
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, m, s): (i64, i64, i64) = (
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
    );
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let local = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s;
    Some((local - i64::from(offset) * 60, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        for text in [
            "1951-06-05T12:00:00Z",
            "2024-02-29T23:59:59+03:00",
            "1999-12-31T00:00:00-05:30",
        ] {
            let (seconds, offset) = parse_rfc3339(text).unwrap();
            assert_eq!(rfc3339(seconds, offset), text);
        }
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(parse_rfc3339("1970-01-01T03:00:00+03:00"), Some((0, 180)));
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("June 05, 1951").as_deref(), Some("1951-06-05"));
        assert_eq!(parse_date("5 June 1951").as_deref(), Some("1951-06-05"));
        assert_eq!(parse_date("Sept. 3, 1945").as_deref(), Some("1945-09-03"));
        assert_eq!(parse_date("June 1951").as_deref(), Some("1951-06"));
        assert_eq!(parse_date("1951").as_deref(), Some("1951"));
        assert_eq!(parse_date("1951-06-05").as_deref(), Some("1951-06-05"));
        assert_eq!(parse_date("February 30, 1951"), None);
        assert_eq!(parse_date("Undated"), None);
        assert!(is_iso_date("2000-02-29"));
        assert!(!is_iso_date("1900-02-29"));
        assert!(!is_iso_date("1951-13"));
    }
}
